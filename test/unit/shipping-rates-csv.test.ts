import { describe, expect, it } from 'vitest';
import { readCsv, toCsv } from '../../src-server/shipping/csv';
import { insuranceCents, samplePostageCents, sampleZone } from '../../src-server/shipping/sample-rates';
import { renderLabelZpl } from '../../src-server/shipping/label-render';
import { addressSchema } from '../../src-shared/shipping/address';

describe('sample rate table', () => {
  it('grows with weight and zone, rounds weight up to the pound, and flat rate ignores both', () => {
    expect(samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 5, 1.01)).toBe(
      samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 5, 2),
    );
    expect(samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 5, 3)).toBeGreaterThan(
      samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 5, 2),
    );
    expect(samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 8, 2)).toBeGreaterThan(
      samplePostageCents('PRIORITY_MAIL', 'PACKAGE', 2, 2),
    );
    expect(samplePostageCents('PRIORITY_MAIL_EXPRESS', 'PACKAGE', 4, 2)).toBeGreaterThan(
      samplePostageCents('USPS_GROUND_ADVANTAGE', 'PACKAGE', 4, 2),
    );
    expect(samplePostageCents('PRIORITY_MAIL', 'MEDIUM_FLAT_RATE_BOX', 9, 70)).toBe(
      samplePostageCents('PRIORITY_MAIL', 'MEDIUM_FLAT_RATE_BOX', 1, 1),
    );
    expect(sampleZone('12207', '12208')).toBe(1);
    expect(sampleZone('12207', '94112')).toBe(8);
    expect(insuranceCents(0)).toBe(0);
    expect(insuranceCents(10_000)).toBe(290);
    expect(insuranceCents(10_001)).toBe(450);
  });
});

describe('CSV files', () => {
  it('writes RFC 4180 quoting and defuses spreadsheet formulas in text', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', '=SUM(A1)'],
          ['say "hi"', -12.5],
        ],
      ),
    ).toBe('a,b\r\n"x,y",\'=SUM(A1)\r\n"say ""hi""",-12.5\r\n');
  });

  it('reads a file with a BOM, quoted commas and CRLF lines', () => {
    const bytes = new TextEncoder().encode('\ufeffName,Street1\r\n"Lee, Ann","1 Main St"\r\n');
    expect(readCsv(bytes, ['name', 'street1'])).toEqual({
      header: ['name', 'street1'],
      rows: [['Lee, Ann', '1 Main St']],
    });
  });
});

describe('ZPL label', () => {
  it('has the IMpb as Code 128 with FNC1 before AI 420 and before the tracking number', () => {
    const address = addressSchema.parse({
      name: 'Ann Lee',
      street1: '1 Main St',
      city: 'Albany',
      state: 'NY',
      zip: '12207',
    });
    const zpl = renderLabelZpl({
      trackingNumber: '9405590000000142424245',
      service: 'PRIORITY_MAIL',
      container: 'PACKAGE',
      from: address,
      to: address,
      weightLb: 1,
      shipDate: '2026-03-02',
      zone: 1,
      totalCents: 930,
      signature: false,
      insuredValueCents: 0,
      sample: false,
    });
    expect(zpl).toContain('^BCN,220,N,N,N^FD>;>842012207>89405590000000142424245^FS');
    expect(zpl).toContain('^FD9405 5900 0000 0142 4242 45^FS');
    expect(zpl).toContain('US POSTAGE PAID');
    expect(zpl).not.toContain('SAMPLE');
    expect(zpl).toContain('^FDANN LEE^FS');
  });
});
