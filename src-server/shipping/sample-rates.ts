import type { ContainerId, ServiceId } from '../../src-shared/shipping/services';

/**
 * The `local` provider's built-in sample rate table: postage in cents by
 * service, zone (1-9) and weight (rounded up to the next pound), plus
 * flat-rate containers and extra-service fees. Shaped like the published
 * retail tables so the app behaves realistically; the amounts are samples.
 */
const BASE_CENTS: Record<ServiceId, { first: number; perLb: number; perZone: number }> = {
  PRIORITY_MAIL_EXPRESS: { first: 3060, perLb: 410, perZone: 190 },
  PRIORITY_MAIL: { first: 930, perLb: 155, perZone: 95 },
  USPS_GROUND_ADVANTAGE: { first: 575, perLb: 120, perZone: 60 },
};

/** Flat-rate Priority Mail prices: any weight up to 70 lb, any zone. */
export const FLAT_RATE_CENTS: Record<Exclude<ContainerId, 'PACKAGE'>, number> = {
  FLAT_RATE_ENVELOPE: 1015,
  SMALL_FLAT_RATE_BOX: 1065,
  MEDIUM_FLAT_RATE_BOX: 1840,
  LARGE_FLAT_RATE_BOX: 2495,
};

/** Signature Confirmation fee. */
export const SIGNATURE_CENTS = 465;

/** Sample postage for one service, zone and weight. */
export function samplePostageCents(service: ServiceId, container: ContainerId, zone: number, weightLb: number): number {
  if (container !== 'PACKAGE') return FLAT_RATE_CENTS[container];
  const pounds = Math.max(1, Math.ceil(weightLb - 1e-9));
  const base = BASE_CENTS[service];
  return base.first + (pounds - 1) * base.perLb + (zone - 1) * base.perZone + (pounds - 1) * (zone - 1) * 9;
}

/** Insurance by declared value: $0 for none, then a step per $100 declared. */
export function insuranceCents(declaredValueCents: number): number {
  if (declaredValueCents <= 0) return 0;
  if (declaredValueCents <= 10_000) return 290;
  return 290 + Math.ceil((declaredValueCents - 10_000) / 10_000) * 160;
}

/**
 * Sample zone from the first three digits of both ZIP codes, as USPS zones
 * grow with distance: same area 1, then up to 9 for the farthest.
 */
export function sampleZone(fromZip: string, toZip: string): number {
  const a = Number(fromZip.slice(0, 3));
  const b = Number(toZip.slice(0, 3));
  const distance = Math.abs(a - b);
  if (distance === 0) return 1;
  return Math.min(9, 2 + Math.floor(distance / 120));
}
