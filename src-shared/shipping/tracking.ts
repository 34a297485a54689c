/**
 * The Intelligent Mail package barcode (IMpb) numbers: tracking number =
 * channel application identifier 94 + 3-digit service type code + mailer id +
 * serial + USPS mod-10 check digit (22 digits with a 9-digit mailer id); the
 * barcode data is GS1-128 AI 420 + destination ZIP, then the tracking number.
 */

/** Channel application identifier for labels made by a shipping tool such as this one. */
export const CHANNEL_AI = '94';

/**
 * USPS mod-10 check digit: from the rightmost digit, weights 3,1,3,1...;
 * the check digit brings the sum up to a multiple of ten.
 */
export function mod10CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError('Only digits can have a check digit');
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Parts of a tracking number. */
export interface TrackingParts {
  serviceTypeCode: string;
  mailerId: string;
  serial: number;
}

/** Builds a 22-digit tracking number from a 9-digit mailer id (7-digit serial) or 6-digit one (10-digit serial). */
export function buildTrackingNumber({ serviceTypeCode, mailerId, serial }: TrackingParts): string {
  if (!/^\d{3}$/.test(serviceTypeCode)) throw new RangeError('Service type code must be 3 digits');
  if (!/^(\d{6}|\d{9})$/.test(mailerId)) throw new RangeError('Mailer id must be 6 or 9 digits');
  const serialDigits = mailerId.length === 9 ? 7 : 10;
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 10 ** serialDigits) {
    throw new RangeError(`Serial must be a whole number below ${10 ** serialDigits}`);
  }
  const body = `${CHANNEL_AI}${serviceTypeCode}${mailerId}${String(serial).padStart(serialDigits, '0')}`;
  return `${body}${mod10CheckDigit(body)}`;
}

/** True when the number has the IMpb shape and its last digit is the right check digit. */
export function isValidTrackingNumber(trackingNumber: string): boolean {
  if (!/^9[2-5]\d{20}$/.test(trackingNumber) && !/^9[2-5]\d{24}$/.test(trackingNumber)) return false;
  return mod10CheckDigit(trackingNumber.slice(0, -1)) === Number(trackingNumber.slice(-1));
}

/** The tracking number the way USPS prints it under the barcode: groups of four, the rest at the end. */
export function groupTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** GS1-128 data in parenthesised form for bwip-js: (420)ZIP5 then (94) and the rest of the tracking number. */
export function impbBarcodeText(destinationZip: string, trackingNumber: string): string {
  const zip5 = destinationZip.slice(0, 5);
  if (!/^\d{5}$/.test(zip5)) throw new RangeError('Destination ZIP must start with 5 digits');
  return `(420)${zip5}(${trackingNumber.slice(0, 2)})${trackingNumber.slice(2)}`;
}

/** The same data as raw digits, as a scanner returns it (FNC1 separators dropped). */
export function impbBarcodeDigits(destinationZip: string, trackingNumber: string): string {
  return `420${destinationZip.slice(0, 5)}${trackingNumber}`;
}
