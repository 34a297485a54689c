import { z } from 'zod';

/**
 * US states, DC, territories and military "states" that USPS domestic labels
 * accept; a typo such as "CX" must be caught before anything is charged.
 */
export const US_STATE_CODES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'AS',
  'GU',
  'MP',
  'PR',
  'VI',
  'AA',
  'AE',
  'AP',
  'FM',
  'MH',
  'PW',
] as const;

/** A two-letter USPS state code. */
export type StateCode = (typeof US_STATE_CODES)[number];

const STATE_SET = new Set<string>(US_STATE_CODES);

/** True for a known USPS state code (upper case). */
export function isStateCode(code: string): code is StateCode {
  return STATE_SET.has(code);
}

/** ZIP (5 digits) or ZIP+4 (5-4, the dash optional). */
export const ZIP_PATTERN = /^(\d{5})(?:-?(\d{4}))?$/;

/** Splits a ZIP or ZIP+4 into its parts; undefined when malformed or all zeros. */
export function parseZip(text: string): { zip5: string; plus4?: string } | undefined {
  const match = ZIP_PATTERN.exec(text.trim());
  if (!match?.[1] || match[1] === '00000') return undefined;
  return match[2] ? { zip5: match[1], plus4: match[2] } : { zip5: match[1] };
}

/** Writes a ZIP the way USPS prints it: 12345 or 12345-6789. */
export function formatZip(text: string): string {
  const parts = parseZip(text);
  if (!parts) return text;
  return parts.plus4 ? `${parts.zip5}-${parts.plus4}` : parts.zip5;
}

// Labels print in a standard PDF font and USPS addresses are ASCII: refuse
// anything else with a clear message instead of a garbled label.
const LINE = /^[A-Za-z0-9 .,'#&/()@-]*$/;
const lineMessage = "use letters, digits, spaces and . , ' # & / ( ) @ - only";

function text(label: string, max: number) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .regex(LINE, `${label}: ${lineMessage}`);
}

function required(label: string, max: number) {
  return text(label, max).min(1, `${label} is required`);
}

function optional(label: string, max: number) {
  return text(label, max).optional().default('');
}

/** A domestic US address as a shipper types it; checked for format only. */
export const addressSchema = z.object({
  name: required('Name', 47),
  company: optional('Company', 47),
  street1: required('Street address', 47),
  street2: optional('Apt/Suite/Other', 47),
  city: required('City', 28),
  state: z
    .string({ error: 'State is required' })
    .trim()
    .toUpperCase()
    .refine(isStateCode, 'State must be a two-letter USPS state code such as NY'),
  zip: z
    .string({ error: 'ZIP Code is required' })
    .trim()
    .refine((v) => parseZip(v) !== undefined, 'ZIP Code must be 5 digits or ZIP+4 (12345 or 12345-6789)')
    .transform(formatZip),
});

/** An address after validation. */
export type Address = z.output<typeof addressSchema>;
/** An address as the client sends it. */
export type AddressInput = z.input<typeof addressSchema>;

/** The address as printed lines, in USPS order. */
export function addressLines(a: Address): string[] {
  return [a.name, a.company, a.street1, a.street2, `${a.city} ${a.state} ${a.zip}`]
    .filter((l) => l.trim() !== '')
    .map((l) => l.toUpperCase());
}
