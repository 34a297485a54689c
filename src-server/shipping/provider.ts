import type { Address } from '../../src-shared/shipping/address';
import type { Shipment } from '../../src-shared/shipping/api';
import type { ServiceId } from '../../src-shared/shipping/services';

/** One service's price from a provider, before the app adds its view fields. */
export interface ProviderRate {
  service: ServiceId;
  postageCents: number;
  extrasCents: number;
  zone: number;
  deliveryDays: { min: number; max: number };
}

/** What a provider needs to make a label. */
export interface LabelOrder {
  shipment: Shipment;
  service: ServiceId;
  /** Our label id, sent as the provider-side reference. */
  reference: string;
}

/** What a provider returns for a bought label. */
export interface ProviderLabel {
  trackingNumber: string;
  /** The provider's own label image (base64 PDF), if it made one. */
  labelPdfBase64?: string;
}

/**
 * A source of address checks, prices and labels. `local` needs no account and
 * marks everything as sample; `usps` talks to the USPS REST APIs v3. The rest
 * of the app (money, history, idempotency) is the same for both.
 */
export interface ShippingProvider {
  readonly name: 'local' | 'usps';
  /** True when nothing it makes is valid postage. */
  readonly sample: boolean;
  /** The address as the postal service would write it (throws a 422 HttpError if it is not deliverable). */
  standardize(address: Address): Promise<Address>;
  /** Prices of each service that can carry this shipment. */
  rates(shipment: Shipment, services: readonly ServiceId[]): Promise<ProviderRate[]>;
  /** Buys (or, locally, makes) the label. */
  createLabel(order: LabelOrder): Promise<ProviderLabel>;
  /** Asks for a refund of an unused label; true when the refund is granted. */
  refund(trackingNumber: string): Promise<boolean>;
}

/** The provider could not be reached or refused in a way that is not the shipper's fault. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
