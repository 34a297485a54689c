import { z } from 'zod';
import { containerIdSchema, SERVICES, type ContainerId, type ServiceId } from './services';

/** USPS refuses anything heavier than 70 lb. */
export const MAX_WEIGHT_LB = 70;
/** No side may be longer than this (inches). */
export const MAX_SIDE_IN = 108;

const dimension = (label: string) =>
  z
    .number({ error: `${label} must be a number of inches` })
    .positive(`${label} must be more than 0 inches`)
    .max(MAX_SIDE_IN, `${label} can be at most ${MAX_SIDE_IN} inches`);

/** A parcel: packaging, weight in pounds (0 < w <= 70) and outside dimensions in inches. */
export const packageSchema = z.object({
  container: containerIdSchema.default('PACKAGE'),
  weightLb: z
    .number({ error: 'Weight must be a number of pounds' })
    .positive('Weight must be more than 0 lb')
    .max(MAX_WEIGHT_LB, `Weight can be at most ${MAX_WEIGHT_LB} lb`)
    .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, 'Weight can have at most two decimals'),
  lengthIn: dimension('Length'),
  widthIn: dimension('Width'),
  heightIn: dimension('Height'),
});

/** A parcel after validation. */
export type Parcel = z.output<typeof packageSchema>;
/** A parcel as typed. */
export type ParcelInput = z.input<typeof packageSchema>;

/** Length (longest side) plus girth, the measure USPS size limits use. */
export function lengthPlusGirth(p: Pick<Parcel, 'lengthIn' | 'widthIn' | 'heightIn'>): number {
  const [longest = 0, a = 0, b = 0] = [p.lengthIn, p.widthIn, p.heightIn].sort((x, y) => y - x);
  return longest + 2 * (a + b);
}

/** Why this parcel cannot go by this service, or undefined. */
export function parcelProblem(service: ServiceId, parcel: Parcel): string | undefined {
  if (CONTAINER_FLAT.has(parcel.container) && service !== 'PRIORITY_MAIL') {
    return 'Flat Rate packaging can only be sent by Priority Mail';
  }
  if (parcel.container !== 'PACKAGE') return undefined;
  const limit = SERVICES[service].maxLengthPlusGirthIn;
  const size = lengthPlusGirth(parcel);
  if (size > limit) {
    return `Length plus girth is ${Math.round(size)} inches; ${SERVICES[service].name} allows at most ${limit}`;
  }
  return undefined;
}

const CONTAINER_FLAT = new Set<ContainerId>([
  'FLAT_RATE_ENVELOPE',
  'SMALL_FLAT_RATE_BOX',
  'MEDIUM_FLAT_RATE_BOX',
  'LARGE_FLAT_RATE_BOX',
]);

/** Shows a weight as "2 lb 8 oz". */
export function formatWeight(weightLb: number): string {
  const totalOz = Math.round(weightLb * 16 * 10) / 10;
  const lb = Math.floor(totalOz / 16);
  const oz = Math.round((totalOz - lb * 16) * 10) / 10;
  if (lb === 0) return `${oz} oz`;
  return oz === 0 ? `${lb} lb` : `${lb} lb ${oz} oz`;
}
