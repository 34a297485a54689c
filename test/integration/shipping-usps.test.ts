import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src-server/http-error';
import { systemClock } from '../../src-server/services/clock';
import { LabelService } from '../../src-server/shipping/label-service';
import { UspsProvider } from '../../src-server/shipping/usps-provider';
import { addressSchema } from '../../src-shared/shipping/address';
import { shipmentSchema } from '../../src-shared/shipping/api';
import { buildTrackingNumber, isValidTrackingNumber } from '../../src-shared/shipping/tracking';
import { RECIPIENT, sampleShipment } from '../helpers/shipping-client';
import { startTestServer } from '../helpers/test-server';

/*
 * The `usps` provider against a local HTTP server that answers the request
 * and response shapes documented for the USPS APIs v3 (OAuth 2.0 client
 * credentials, Addresses, Domestic Prices, Payments, Domestic Labels). The
 * fake refuses what the real one refuses: no token, a wrong secret, a label
 * without a payment authorisation token.
 */
const CREDENTIALS = { clientId: 'test-client-id', clientSecret: 'test-client-secret-value' };
const ACCESS_TOKEN = 'eyJ-test-access-token';
const PAYMENT_TOKEN = 'eyJ-test-payment-token';

interface Seen {
  tokenRequests: number;
  labelBodies: Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  failNextLabel: boolean;
  cancelled: string[];
}

function fakeUsps(seen: Seen): FastifyInstance {
  const app = Fastify();
  const authorised = (request: FastifyRequest) => request.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
  app.post('/oauth2/v3/token', async (request, reply) => {
    seen.tokenRequests += 1;
    const body = request.body as Record<string, string>;
    if (
      body.grant_type !== 'client_credentials' ||
      body.client_id !== CREDENTIALS.clientId ||
      body.client_secret !== CREDENTIALS.clientSecret
    ) {
      return reply.code(401).send({ error: 'invalid_client' });
    }
    return {
      access_token: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: 28799,
      issued_at: Date.now(),
      scope: 'addresses prices labels payments',
    };
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/oauth2/')) return;
    if (!authorised(request)) await reply.code(401).send({ error: { code: '401', message: 'Unauthorized' } });
  });
  app.get('/addresses/v3/address', async (request, reply) => {
    const q = request.query as Record<string, string>;
    if (q.ZIPCode === '99999') {
      return reply
        .code(400)
        .send({ apiVersion: '/addresses/v3', error: { code: '400', message: 'Address Not Found.' } });
    }
    return {
      firm: '',
      address: {
        streetAddress: '2200 OCEAN AVE',
        secondaryAddress: 'APT 4',
        city: 'SAN FRANCISCO',
        state: 'CA',
        ZIPCode: '94112',
        ZIPPlus4: '1701',
      },
      additionalInfo: { deliveryPoint: '04', carrierRoute: 'C017', DPVConfirmation: 'Y', business: 'N', vacant: 'N' },
      corrections: [],
      matches: [{ code: '31', text: 'Single Response - exact match' }],
    };
  });
  app.post('/prices/v3/base-rates/search', async (request) => {
    const body = request.body as Record<string, unknown>;
    const price = body.mailClass === 'PRIORITY_MAIL_EXPRESS' ? 61.2 : body.mailClass === 'PRIORITY_MAIL' ? 17.05 : 9.35;
    return {
      totalBasePrice: price,
      rates: [
        {
          SKU: 'DPXX0XXXXX08020',
          description: String(body.mailClass),
          priceType: 'COMMERCIAL',
          price,
          weight: body.weight,
          dimWeight: 0,
          fees: [],
          startDate: '2026-01-19',
          endDate: '',
          mailClass: body.mailClass,
          zone: '08',
        },
      ],
    };
  });
  app.post('/prices/v3/extra-service-rates/search', async (request) => {
    const body = request.body as Record<string, unknown>;
    return {
      SKU: 'DXXX',
      priceType: 'COMMERCIAL',
      price: body.extraService === 921 ? 4.3 : 2.55,
      warnings: [],
      extraService: String(body.extraService),
      name: 'Extra service',
    };
  });
  app.post('/payments/v3/payment-authorization', async (request, reply) => {
    const roles =
      (request.body as { roles?: Array<{ roleName: string; CRID: string; accountNumber: string }> }).roles ?? [];
    if (!roles.some((r) => r.roleName === 'PAYER' && r.accountNumber === '1000123456'))
      return reply.code(400).send({ error: { message: 'Payer role required' } });
    return { paymentAuthorizationToken: PAYMENT_TOKEN, roles };
  });
  app.post('/labels/v3/label', async (request, reply) => {
    if (request.headers['x-payment-authorization-token'] !== PAYMENT_TOKEN) {
      return reply.code(403).send({ error: { code: '403', message: 'Payment authorization token is missing.' } });
    }
    if (seen.failNextLabel) {
      seen.failNextLabel = false;
      return reply.code(503).send({ error: { code: '503', message: 'Service Unavailable' } });
    }
    const body = request.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    seen.labelBodies.push(body);
    const trackingNumber = buildTrackingNumber({
      serviceTypeCode: '055',
      mailerId: '901234567',
      serial: seen.labelBodies.length,
    });
    return {
      labelAddress: body.toAddress,
      labelMetadata: {
        trackingNumber,
        postage: 17.05,
        routingInformation: `420${body.toAddress.ZIPCode}`,
        zone: '08',
        SKU: 'DPXX0XXXXX08020',
        extraServices: [],
      },
      labelImage: Buffer.from('%PDF-1.7 usps label').toString('base64'),
    };
  });
  app.delete('/labels/v3/label/:tracking', async (request) => {
    const { tracking } = request.params as { tracking: string };
    seen.cancelled.push(tracking);
    return { trackingNumber: tracking, status: 'CANCELED' };
  });
  return app;
}

describe('usps provider over HTTP', () => {
  const seen: Seen = { tokenRequests: 0, labelBodies: [], failNextLabel: false, cancelled: [] };
  let usps: FastifyInstance;
  let baseUrl: string;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let provider: UspsProvider;
  let labels: LabelService;
  let userId: string;

  beforeAll(async () => {
    usps = fakeUsps(seen);
    baseUrl = await usps.listen({ host: '127.0.0.1', port: 0 });
    provider = new UspsProvider({
      baseUrl,
      ...CREDENTIALS,
      crid: '56982563',
      mailerId: '901234567',
      paymentAccountNumber: '1000123456',
    });
    server = await startTestServer({ dialect: 'sqlite' });
    labels = new LabelService(server.database.db, systemClock, provider);
    userId = (
      await server.database.db.selectFrom('users').select('id').where('username', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    const account = await labels.topUp(userId, 10_000);
    expect(account).toMatchObject({ balanceCents: 10_000, provider: 'usps', sample: false });
  });
  afterAll(async () => {
    await server?.close();
    await usps?.close();
  });

  it('standardises an address and reports the change', async () => {
    const result = await labels.standardize(addressSchema.parse(RECIPIENT));
    expect(result).toEqual({
      changed: true,
      sample: false,
      address: {
        name: 'RITA MORENO',
        company: '',
        street1: '2200 OCEAN AVE',
        street2: 'APT 4',
        city: 'SAN FRANCISCO',
        state: 'CA',
        zip: '94112-1701',
      },
    });
    const missing = await labels
      .standardize(addressSchema.parse({ ...RECIPIENT, zip: '99999' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HttpError);
    expect(missing).toMatchObject({ statusCode: 422, code: 'USPS_REJECTED', message: 'USPS: Address Not Found.' });
  });

  it('prices each service in cents with USPS zone and extras', async () => {
    const rates = await labels.rates(
      shipmentSchema.parse(sampleShipment({ extras: { signature: true, insuredValueCents: 0 } })),
    );
    expect(rates.sample).toBe(false);
    expect(rates.options.map((o) => [o.service, o.postageCents, o.extrasCents, o.zone])).toEqual([
      ['PRIORITY_MAIL_EXPRESS', 6120, 430, 8],
      ['PRIORITY_MAIL', 1705, 430, 8],
      ['USPS_GROUND_ADVANTAGE', 935, 430, 8],
    ]);
  });

  it('buys a label with the payment authorisation token; the balance goes down once; the token is reused', async () => {
    const shipment = shipmentSchema.parse(sampleShipment());
    const result = await labels.purchase(userId, {
      idempotencyKey: 'usps-key-0001',
      shipment,
      service: 'PRIORITY_MAIL',
    });
    expect(result.label).toMatchObject({ provider: 'usps', sample: false, totalCents: 1705, status: 'purchased' });
    expect(isValidTrackingNumber(result.label.trackingNumber)).toBe(true);
    expect(result.balanceCents).toBe(10_000 - 1705);
    const body = seen.labelBodies[0];
    expect(body?.packageDescription).toMatchObject({
      mailClass: 'PRIORITY_MAIL',
      rateIndicator: 'SP',
      weight: 2.5,
      weightUOM: 'lb',
      mailingDate: shipment.shipDate,
    });
    expect(body?.toAddress).toMatchObject({
      firstName: 'Rita',
      lastName: 'Moreno',
      ZIPCode: '94112',
      ZIPPlus4: '1234',
    });
    expect(body?.imageInfo).toEqual({ imageType: 'PDF', labelType: '4X6LABEL' });
    const again = await labels.purchase(userId, {
      idempotencyKey: 'usps-key-0001',
      shipment,
      service: 'PRIORITY_MAIL',
    });
    expect(again.replayed).toBe(true);
    expect(seen.labelBodies).toHaveLength(1);
    expect(seen.tokenRequests).toBe(1);
  });

  it('a provider failure at purchase charges nothing and leaves no label behind', async () => {
    seen.failNextLabel = true;
    const before = await labels.balance(userId);
    const error = await labels
      .purchase(userId, {
        idempotencyKey: 'usps-key-0002',
        shipment: shipmentSchema.parse(sampleShipment()),
        service: 'PRIORITY_MAIL',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 503, code: 'PROVIDER_UNAVAILABLE' });
    expect(await labels.balance(userId)).toBe(before);
    expect(await labels.list(userId, {})).toHaveLength(1);
    const retried = await labels.purchase(userId, {
      idempotencyKey: 'usps-key-0002',
      shipment: shipmentSchema.parse(sampleShipment()),
      service: 'PRIORITY_MAIL',
    });
    expect(retried.replayed).toBe(false);
    expect(await labels.balance(userId)).toBe(before - 1705);
  });

  it('refunds by cancelling the label at USPS, credited once', async () => {
    const [label] = await labels.list(userId, {});
    const before = await labels.balance(userId);
    const result = await labels.requestRefund(userId, label?.id ?? '');
    expect(result.label.status).toBe('refunded');
    expect(seen.cancelled).toEqual([label?.trackingNumber]);
    expect(result.balanceCents).toBe(before + (label?.totalCents ?? 0));
  });

  it('a wrong client secret is refused without leaking it', async () => {
    const wrong = new UspsProvider({
      baseUrl,
      clientId: CREDENTIALS.clientId,
      clientSecret: 'not-the-secret',
      crid: '1',
      mailerId: '901234567',
      paymentAccountNumber: 'x',
    });
    const error = await wrong.standardize(addressSchema.parse(RECIPIENT)).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Could not sign in to USPS (USPS answered 401). Please try again.');
    expect((error as Error).message).not.toContain('not-the-secret');
  });
});
