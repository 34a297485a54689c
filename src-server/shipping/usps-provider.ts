import axios, { AxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Address } from '../../src-shared/shipping/address';
import { isStateCode, parseZip } from '../../src-shared/shipping/address';
import type { Shipment } from '../../src-shared/shipping/api';
import { parcelProblem } from '../../src-shared/shipping/package';
import { SERVICES, type ContainerId, type ServiceId } from '../../src-shared/shipping/services';
import { HttpError } from '../http-error';
import {
  ProviderError,
  type LabelOrder,
  type ProviderLabel,
  type ProviderRate,
  type ShippingProvider,
} from './provider';

/** Account settings for the USPS APIs, from configuration (never logged). */
export interface UspsConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Customer Registration ID and Mailer IDs of the paying account. */
  crid: string;
  mailerId: string;
  /** Enterprise Payment System account that pays for labels. */
  paymentAccountNumber: string;
  timeoutMs?: number;
}

// Rate indicators of the prices API for each packaging.
const RATE_INDICATOR: Record<ContainerId, string> = {
  PACKAGE: 'SP',
  FLAT_RATE_ENVELOPE: 'FE',
  SMALL_FLAT_RATE_BOX: 'FS',
  MEDIUM_FLAT_RATE_BOX: 'FB',
  LARGE_FLAT_RATE_BOX: 'PL',
};

// Extra service codes: 921 Signature Confirmation, 930 insurance up to $500, 931 above.
function extraServiceCodes(shipment: Shipment): number[] {
  const codes: number[] = [];
  if (shipment.extras.signature) codes.push(921);
  if (shipment.extras.insuredValueCents > 0) codes.push(shipment.extras.insuredValueCents <= 50_000 ? 930 : 931);
  return codes;
}

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const addressReplySchema = z.object({
  firm: z.string().nullish(),
  address: z.object({
    streetAddress: z.string(),
    secondaryAddress: z.string().nullish(),
    city: z.string(),
    state: z.string(),
    ZIPCode: z.string(),
    ZIPPlus4: z.string().nullish(),
  }),
});
const baseRatesSchema = z.object({
  totalBasePrice: z.number(),
  rates: z.array(z.object({ zone: z.string().nullish() }).loose()).default([]),
});
const extraRateSchema = z.object({ price: z.number() }).loose();
const paymentSchema = z.object({ paymentAuthorizationToken: z.string().min(1) });
const labelReplySchema = z.object({
  labelMetadata: z.object({ trackingNumber: z.string().regex(/^\d{20,34}$/) }).loose(),
  labelImage: z.string().optional(),
});

function cents(dollars: number): number {
  return Math.round(dollars * 100);
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  const lastName = parts.length > 1 ? (parts.pop() ?? '') : '';
  return { firstName: parts.join(' '), lastName };
}

function uspsAddress(a: Address): Record<string, string> {
  const zip = parseZip(a.zip);
  return {
    ...splitName(a.name),
    ...(a.company ? { firm: a.company } : {}),
    streetAddress: a.street1,
    ...(a.street2 ? { secondaryAddress: a.street2 } : {}),
    city: a.city,
    state: a.state,
    ZIPCode: zip?.zip5 ?? a.zip,
    ...(zip?.plus4 ? { ZIPPlus4: zip.plus4 } : {}),
  };
}

/**
 * The USPS REST APIs v3: OAuth client-credentials token, address
 * standardisation, base and extra-service prices, labels paid with a payment
 * authorisation token, and label cancellation for refunds. Tokens are cached
 * until shortly before they expire.
 */
export class UspsProvider implements ShippingProvider {
  readonly name = 'usps' as const;
  readonly sample = false;
  private readonly http: AxiosInstance;
  private token: { value: string; expiresAt: number } | undefined;
  private payment: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly config: UspsConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.http = axios.create({ baseURL: config.baseUrl, timeout: config.timeoutMs ?? 20_000, maxRedirects: 0 });
  }

  async standardize(address: Address): Promise<Address> {
    const zip = parseZip(address.zip);
    const reply = await this.call('GET', '/addresses/v3/address', addressReplySchema, {
      params: {
        ...(address.company ? { firm: address.company } : {}),
        streetAddress: address.street1,
        ...(address.street2 ? { secondaryAddress: address.street2 } : {}),
        city: address.city,
        state: address.state,
        ZIPCode: zip?.zip5,
        ...(zip?.plus4 ? { ZIPPlus4: zip.plus4 } : {}),
      },
    });
    const a = reply.address;
    const state = a.state.toUpperCase();
    if (!isStateCode(state)) throw new ProviderError('USPS answered with an unknown state code.', false);
    return {
      name: address.name.toUpperCase(),
      company: reply.firm ?? address.company.toUpperCase(),
      street1: a.streetAddress,
      street2: a.secondaryAddress ?? '',
      city: a.city,
      state,
      zip: a.ZIPPlus4 ? `${a.ZIPCode}-${a.ZIPPlus4}` : a.ZIPCode,
    };
  }

  async rates(shipment: Shipment, services: readonly ServiceId[]): Promise<ProviderRate[]> {
    const usable = services.filter((service) => parcelProblem(service, shipment.package) === undefined);
    const extras = await this.extrasCents(shipment);
    return Promise.all(
      usable.map(async (service) => {
        const reply = await this.call('POST', '/prices/v3/base-rates/search', baseRatesSchema, {
          data: {
            originZIPCode: shipment.from.zip.slice(0, 5),
            destinationZIPCode: shipment.to.zip.slice(0, 5),
            weight: shipment.package.weightLb,
            length: shipment.package.lengthIn,
            width: shipment.package.widthIn,
            height: shipment.package.heightIn,
            mailClass: service,
            processingCategory: 'MACHINABLE',
            rateIndicator: RATE_INDICATOR[shipment.package.container],
            destinationEntryFacilityType: 'NONE',
            priceType: 'COMMERCIAL',
            mailingDate: shipment.shipDate,
          },
        });
        const zone = Number(reply.rates[0]?.zone ?? '0') || 0;
        return {
          service,
          postageCents: cents(reply.totalBasePrice),
          extrasCents: extras,
          zone,
          deliveryDays: { ...SERVICES[service].deliveryDays },
        };
      }),
    );
  }

  async createLabel(order: LabelOrder): Promise<ProviderLabel> {
    const { shipment } = order;
    const paymentToken = await this.paymentToken();
    const reply = await this.call('POST', '/labels/v3/label', labelReplySchema, {
      headers: { 'X-Payment-Authorization-Token': paymentToken, accept: 'application/vnd.usps.labels+json' },
      data: {
        imageInfo: { imageType: 'PDF', labelType: '4X6LABEL' },
        toAddress: uspsAddress(shipment.to),
        fromAddress: uspsAddress(shipment.from),
        packageDescription: {
          mailClass: order.service,
          rateIndicator: RATE_INDICATOR[shipment.package.container],
          weightUOM: 'lb',
          weight: shipment.package.weightLb,
          dimensionsUOM: 'in',
          length: shipment.package.lengthIn,
          width: shipment.package.widthIn,
          height: shipment.package.heightIn,
          processingCategory: 'MACHINABLE',
          mailingDate: shipment.shipDate,
          destinationEntryFacilityType: 'NONE',
          extraServices: extraServiceCodes(shipment),
          ...(shipment.extras.insuredValueCents > 0
            ? { packageOptions: { packageValue: shipment.extras.insuredValueCents / 100 } }
            : {}),
          customerReference: [{ referenceNumber: order.reference, printReferenceNumber: false }],
        },
      },
    });
    return {
      trackingNumber: reply.labelMetadata.trackingNumber,
      ...(reply.labelImage ? { labelPdfBase64: reply.labelImage } : {}),
    };
  }

  async refund(trackingNumber: string): Promise<boolean> {
    const paymentToken = await this.paymentToken();
    const reply = await this.call(
      'DELETE',
      `/labels/v3/label/${encodeURIComponent(trackingNumber)}`,
      z.object({ status: z.string() }).loose(),
      {
        headers: { 'X-Payment-Authorization-Token': paymentToken },
      },
    );
    return /^(CANCELED|CANCELLED|APPROVED|REFUNDED)$/i.test(reply.status);
  }

  private async extrasCents(shipment: Shipment): Promise<number> {
    let total = 0;
    for (const code of extraServiceCodes(shipment)) {
      const reply = await this.call('POST', '/prices/v3/extra-service-rates/search', extraRateSchema, {
        data: {
          extraService: code,
          mailClass: 'PRIORITY_MAIL',
          priceType: 'COMMERCIAL',
          itemValue: shipment.extras.insuredValueCents / 100,
          weight: shipment.package.weightLb,
          mailingDate: shipment.shipDate,
        },
      });
      total += cents(reply.price);
    }
    return total;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    let data: unknown;
    try {
      data = (
        await this.http.post('/oauth2/v3/token', {
          grant_type: 'client_credentials',
          client_id: this.config.clientId,
          client_secret: this.config.clientSecret,
        })
      ).data;
    } catch (error) {
      throw this.failure(error, 'sign in to USPS');
    }
    const parsed = tokenSchema.safeParse(data);
    if (!parsed.success) throw new ProviderError('USPS gave a sign-in answer this app does not understand.', true);
    this.token = { value: parsed.data.access_token, expiresAt: this.now() + (parsed.data.expires_in - 60) * 1000 };
    return this.token.value;
  }

  private async paymentToken(): Promise<string> {
    if (this.payment && this.payment.expiresAt > this.now()) return this.payment.value;
    const role = (roleName: string) => ({
      roleName,
      CRID: this.config.crid,
      MID: this.config.mailerId,
      manifestMID: this.config.mailerId,
      accountType: 'EPS',
      accountNumber: this.config.paymentAccountNumber,
    });
    const reply = await this.call('POST', '/payments/v3/payment-authorization', paymentSchema, {
      data: { roles: [role('PAYER'), role('LABEL_OWNER')] },
    });
    this.payment = { value: reply.paymentAuthorizationToken, expiresAt: this.now() + 7 * 3_600_000 };
    return this.payment.value;
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    schema: S,
    options: { params?: Record<string, unknown>; data?: unknown; headers?: Record<string, string> },
  ): Promise<z.output<S>> {
    const token = await this.accessToken();
    let data: unknown;
    try {
      data = (
        await this.http.request({
          method,
          url,
          params: options.params,
          data: options.data,
          headers: { authorization: `Bearer ${token}`, ...options.headers },
        })
      ).data;
    } catch (error) {
      if (error instanceof AxiosError && error.response?.status === 401) this.token = undefined;
      throw this.failure(error, 'reach USPS');
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new ProviderError('USPS gave an answer this app does not understand.', true);
    return parsed.data;
  }

  /** USPS 400s are the shipper's to fix (bad address, bad package); anything else is ours to retry. */
  private failure(error: unknown, doing: string): Error {
    if (error instanceof AxiosError && error.response) {
      const status = error.response.status;
      const body = error.response.data as { error?: { message?: unknown } } | undefined;
      const detail = typeof body?.error?.message === 'string' ? body.error.message.slice(0, 200) : undefined;
      if (status === 400 || status === 404 || status === 422) {
        return new HttpError(422, 'USPS_REJECTED', detail ? `USPS: ${detail}` : 'USPS did not accept these details.');
      }
      return new ProviderError(`Could not ${doing} (USPS answered ${status}). Please try again.`, true);
    }
    return new ProviderError(`Could not ${doing}. Please try again in a moment.`, true);
  }
}
