import type { Address } from '../../src-shared/shipping/address';
import type { Shipment } from '../../src-shared/shipping/api';
import { parcelProblem } from '../../src-shared/shipping/package';
import { SERVICES, type ServiceId } from '../../src-shared/shipping/services';
import { buildTrackingNumber } from '../../src-shared/shipping/tracking';
import type { LabelOrder, ProviderLabel, ProviderRate, ShippingProvider } from './provider';
import { insuranceCents, samplePostageCents, sampleZone, SIGNATURE_CENTS } from './sample-rates';

// Common USPS street suffix and unit abbreviations (Publication 28, appendix C).
const ABBREVIATIONS: Record<string, string> = {
  STREET: 'ST',
  AVENUE: 'AVE',
  ROAD: 'RD',
  DRIVE: 'DR',
  BOULEVARD: 'BLVD',
  LANE: 'LN',
  COURT: 'CT',
  PLACE: 'PL',
  SQUARE: 'SQ',
  PARKWAY: 'PKWY',
  HIGHWAY: 'HWY',
  TERRACE: 'TER',
  CIRCLE: 'CIR',
  SUITE: 'STE',
  APARTMENT: 'APT',
  BUILDING: 'BLDG',
  FLOOR: 'FL',
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
};

function standardLine(line: string): string {
  return line
    .toUpperCase()
    .replace(/[.,]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join(' ');
}

/**
 * The default provider: no account needed. Checks address format, prices from
 * the built-in sample table, and makes labels locally with tracking numbers
 * from a sample mailer id. Everything it makes is marked sample.
 */
export class LocalProvider implements ShippingProvider {
  readonly name = 'local' as const;
  readonly sample = true;

  constructor(
    private readonly nextSerial: () => Promise<number>,
    private readonly mailerId = '900000001',
  ) {}

  standardize(address: Address): Promise<Address> {
    return Promise.resolve({
      ...address,
      name: address.name.toUpperCase(),
      company: address.company.toUpperCase(),
      street1: standardLine(address.street1),
      street2: standardLine(address.street2),
      city: address.city.toUpperCase().replace(/[.,]/g, ''),
    });
  }

  rates(shipment: Shipment, services: readonly ServiceId[]): Promise<ProviderRate[]> {
    const zone = sampleZone(shipment.from.zip, shipment.to.zip);
    const extras =
      (shipment.extras.signature ? SIGNATURE_CENTS : 0) + insuranceCents(shipment.extras.insuredValueCents);
    return Promise.resolve(
      services
        .filter((service) => parcelProblem(service, shipment.package) === undefined)
        .map((service) => ({
          service,
          postageCents: samplePostageCents(service, shipment.package.container, zone, shipment.package.weightLb),
          extrasCents: extras,
          zone,
          deliveryDays: { ...SERVICES[service].deliveryDays },
        })),
    );
  }

  async createLabel(order: LabelOrder): Promise<ProviderLabel> {
    const serial = await this.nextSerial();
    return {
      trackingNumber: buildTrackingNumber({
        serviceTypeCode: SERVICES[order.service].serviceTypeCode,
        mailerId: this.mailerId,
        serial: serial % 10_000_000,
      }),
    };
  }

  refund(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
