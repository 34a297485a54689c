import { describe, expect, it } from 'vitest';
import { addressSchema, parseZip } from '../../src-shared/shipping/address';
import { shipmentSchema } from '../../src-shared/shipping/api';
import { formatCents, parseDollars, sumCents } from '../../src-shared/shipping/money';
import { formatWeight, packageSchema, parcelProblem } from '../../src-shared/shipping/package';
import { shipDateProblem } from '../../src-shared/shipping/ship-date';
import { serviceIdSchema } from '../../src-shared/shipping/services';
import {
  buildTrackingNumber,
  groupTrackingNumber,
  impbBarcodeText,
  isValidTrackingNumber,
  mod10CheckDigit,
} from '../../src-shared/shipping/tracking';

const address = { name: 'Ann Lee', street1: '1 Main St', city: 'Albany', state: 'ny', zip: '12207' };
const parcel = { weightLb: 2, lengthIn: 10, widthIn: 8, heightIn: 4 };

describe('money in cents', () => {
  it('shows dollars and cents and reads typed amounts without floating point', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(-1050)).toBe('-$10.50');
    expect(parseDollars('12.3')).toBe(1230);
    expect(parseDollars('$1,234.56')).toBe(123456);
    expect(parseDollars('0.29')).toBe(29);
    expect(parseDollars('1.234')).toBeUndefined();
    expect(parseDollars('abc')).toBeUndefined();
    expect(sumCents([10, 20, 30])).toBe(60);
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});

describe('addresses', () => {
  it('accepts ZIP and ZIP+4, normalises state case', () => {
    expect(addressSchema.parse(address)).toMatchObject({ state: 'NY', zip: '12207', company: '' });
    expect(addressSchema.parse({ ...address, zip: '122071234' }).zip).toBe('12207-1234');
    expect(parseZip('12207-1234')).toEqual({ zip5: '12207', plus4: '1234' });
  });

  it('names the field and the problem for bad state, ZIP, missing lines and non-ASCII', () => {
    const bad = addressSchema.safeParse({ ...address, state: 'XX', zip: '1220', street1: '', city: 'Zürich' });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(messages.state).toBe('State must be a two-letter USPS state code such as NY');
    expect(messages.zip).toBe('ZIP Code must be 5 digits or ZIP+4 (12345 or 12345-6789)');
    expect(messages.street1).toBe('Street address is required');
    expect(messages.city).toMatch(/^City: use letters/);
    expect(addressSchema.safeParse({ ...address, zip: '00000' }).success).toBe(false);
  });
});

describe('packages', () => {
  it('refuses 0 lb and anything over 70 lb, accepts exactly 70', () => {
    expect(packageSchema.safeParse({ ...parcel, weightLb: 0 }).error?.issues[0]?.message).toBe(
      'Weight must be more than 0 lb',
    );
    expect(packageSchema.safeParse({ ...parcel, weightLb: 70.01 }).error?.issues[0]?.message).toBe(
      'Weight can be at most 70 lb',
    );
    expect(packageSchema.parse({ ...parcel, weightLb: 70 }).weightLb).toBe(70);
    expect(packageSchema.safeParse({ ...parcel, lengthIn: -1 }).success).toBe(false);
  });

  it('checks size limits and that flat-rate boxes go only by Priority Mail', () => {
    const big = packageSchema.parse({ ...parcel, lengthIn: 40, widthIn: 20, heightIn: 15 });
    expect(parcelProblem('PRIORITY_MAIL', big)).toMatch(/Length plus girth is 110 inches/);
    expect(parcelProblem('USPS_GROUND_ADVANTAGE', big)).toBeUndefined();
    const box = packageSchema.parse({ ...parcel, container: 'MEDIUM_FLAT_RATE_BOX' });
    expect(parcelProblem('PRIORITY_MAIL', box)).toBeUndefined();
    expect(parcelProblem('USPS_GROUND_ADVANTAGE', box)).toBe('Flat Rate packaging can only be sent by Priority Mail');
    expect(formatWeight(2.5)).toBe('2 lb 8 oz');
    expect(formatWeight(0.25)).toBe('4 oz');
  });

  it('refuses unknown services with the list of known ones', () => {
    expect(serviceIdSchema.safeParse('PONY_EXPRESS').error?.issues[0]?.message).toBe(
      'Service must be one of PRIORITY_MAIL_EXPRESS, PRIORITY_MAIL, USPS_GROUND_ADVANTAGE',
    );
  });
});

describe('ship dates', () => {
  const now = Date.parse('2026-03-10T15:00:00Z');
  it('allows today up to 7 days ahead, refuses the past and later dates', () => {
    expect(shipDateProblem('2026-03-10', now)).toBeUndefined();
    expect(shipDateProblem('2026-03-17', now)).toBeUndefined();
    expect(shipDateProblem('2026-03-09', now)).toBe('Ship date cannot be in the past');
    expect(shipDateProblem('2026-03-18', now)).toBe('Ship date can be at most 7 days ahead (2026-03-17)');
    expect(shipDateProblem('2026-02-30', now)).toBe('Ship date must be a date such as 2026-03-14');
    expect(shipDateProblem('tomorrow', now)).toBe('Ship date must be a date such as 2026-03-14');
  });

  it('still accepts the evening date in Hawaii just after midnight UTC', () => {
    expect(shipDateProblem('2026-03-09', Date.parse('2026-03-10T05:00:00Z'))).toBeUndefined();
  });
});

describe('tracking numbers', () => {
  it('computes the USPS mod-10 check digit of a published example', () => {
    // Weights 3,1,3,1 from the right: "12345" -> 5*3 + 4 + 3*3 + 2 + 1*3 = 33 -> 7.
    expect(mod10CheckDigit('12345')).toBe(7);
    expect(mod10CheckDigit('0000')).toBe(0);
    // 9405511899223197428490: the weighted sum of the first 21 digits is 220 -> check digit 0.
    expect(isValidTrackingNumber('9405511899223197428490')).toBe(true);
    expect(isValidTrackingNumber('9405511899223197428491')).toBe(false);
  });

  it('builds 22 digits: 94 + service type code + mailer id + serial + check digit', () => {
    const number = buildTrackingNumber({ serviceTypeCode: '055', mailerId: '901234567', serial: 42 });
    expect(number).toHaveLength(22);
    expect(number.startsWith('94055901234567')).toBe(true);
    expect(number.slice(14, 21)).toBe('0000042');
    expect(isValidTrackingNumber(number)).toBe(true);
    expect(groupTrackingNumber(number)).toMatch(/^\d{4}( \d{4}){4} \d{2}$/);
    const sixDigit = buildTrackingNumber({ serviceTypeCode: '001', mailerId: '123456', serial: 1 });
    expect(sixDigit.slice(11, 21)).toBe('0000000001');
    expect(() => buildTrackingNumber({ serviceTypeCode: '055', mailerId: '901234567', serial: 10_000_000 })).toThrow();
  });

  it('writes the IMpb barcode data as AI 420 + ZIP then the tracking number', () => {
    expect(impbBarcodeText('12207-1234', '9405590123456700000425')).toBe('(420)12207(94)05590123456700000425');
  });
});

describe('shipment schema', () => {
  it('reports every bad field at once', () => {
    const result = shipmentSchema.safeParse({
      from: address,
      to: { ...address, zip: 'abc' },
      package: { ...parcel, weightLb: 80 },
      shipDate: 'soon',
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['to.zip', 'package.weightLb', 'shipDate']);
  });
});
