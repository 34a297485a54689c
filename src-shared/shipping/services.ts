import { z } from 'zod';

/**
 * The mail classes this app sells, with the IMpb 3-digit service type code
 * (STC) that goes into the tracking number and the banner USPS prints above
 * the barcode. One table so the rate, label and barcode never disagree.
 */
export const SERVICES = {
  PRIORITY_MAIL_EXPRESS: {
    name: 'Priority Mail Express',
    banner: 'USPS PRIORITY MAIL EXPRESS®',
    letter: 'E',
    serviceTypeCode: '701',
    deliveryDays: { min: 1, max: 2 },
    maxLengthPlusGirthIn: 108,
  },
  PRIORITY_MAIL: {
    name: 'Priority Mail',
    banner: 'USPS PRIORITY MAIL®',
    letter: 'P',
    serviceTypeCode: '055',
    deliveryDays: { min: 1, max: 3 },
    maxLengthPlusGirthIn: 108,
  },
  USPS_GROUND_ADVANTAGE: {
    name: 'USPS Ground Advantage',
    banner: 'USPS GROUND ADVANTAGE™',
    letter: 'G',
    serviceTypeCode: '001',
    deliveryDays: { min: 2, max: 5 },
    maxLengthPlusGirthIn: 130,
  },
} as const;

/** A mail class id. */
export type ServiceId = keyof typeof SERVICES;
/** Every mail class id, in the order the app offers them. */
export const SERVICE_IDS = Object.keys(SERVICES) as ServiceId[];

/** Schema for a mail class id, with a message that lists the choices. */
export const serviceIdSchema = z.enum(SERVICE_IDS as [ServiceId, ...ServiceId[]], {
  error: `Service must be one of ${SERVICE_IDS.join(', ')}`,
});

/**
 * Packaging: your own box, or a Priority Mail flat-rate container (one price
 * anywhere up to 70 lb, so weight and zone do not change it).
 */
export const CONTAINERS = {
  PACKAGE: { name: 'Your own box or envelope', flatRate: false },
  FLAT_RATE_ENVELOPE: { name: 'Flat Rate Envelope', flatRate: true },
  SMALL_FLAT_RATE_BOX: { name: 'Small Flat Rate Box', flatRate: true },
  MEDIUM_FLAT_RATE_BOX: { name: 'Medium Flat Rate Box', flatRate: true },
  LARGE_FLAT_RATE_BOX: { name: 'Large Flat Rate Box', flatRate: true },
} as const;

/** A packaging id. */
export type ContainerId = keyof typeof CONTAINERS;
/** Every packaging id. */
export const CONTAINER_IDS = Object.keys(CONTAINERS) as ContainerId[];

/** Schema for a packaging id. */
export const containerIdSchema = z.enum(CONTAINER_IDS as [ContainerId, ...ContainerId[]], {
  error: `Package type must be one of ${CONTAINER_IDS.join(', ')}`,
});

/** Flat-rate boxes are a Priority Mail product only. */
export function serviceAllowsContainer(service: ServiceId, container: ContainerId): boolean {
  return !CONTAINERS[container].flatRate || service === 'PRIORITY_MAIL';
}

/** Insurance can be bought up to this declared value. */
export const MAX_INSURED_VALUE_CENTS = 500_000;
