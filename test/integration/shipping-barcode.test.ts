import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addressSchema } from '../../src-shared/shipping/address';
import { buildTrackingNumber, isValidTrackingNumber, mod10CheckDigit } from '../../src-shared/shipping/tracking';
import { impbBarcodePng } from '../../src-server/shipping/barcode';
import { renderLabelsPdf, type PrintableLabel } from '../../src-server/shipping/label-render';
import { RECIPIENT, SENDER } from '../helpers/shipping-client';

/*
 * The barcode on the label is read back by an independent decoder: zbarimg
 * (Debian's zbar-tools) on the page as pdftoppm (poppler-utils) rasterises it,
 * the way a scanner sees the printed label.
 */
const dir = mkdtempSync(join(tmpdir(), 'cns-barcode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zbar(image: string): string[] {
  // --raw prints only the data; GS1-128 separators (FNC1) come back as ASCII GS (0x1d).
  const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Scode128.enable', image], {
    encoding: 'latin1',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter((l) => l.length > 0);
}

const trackingNumber = buildTrackingNumber({ serviceTypeCode: '055', mailerId: '900000001', serial: 4_242_424 });
const label: PrintableLabel = {
  trackingNumber,
  service: 'PRIORITY_MAIL',
  container: 'PACKAGE',
  from: addressSchema.parse(SENDER),
  to: addressSchema.parse(RECIPIENT),
  weightLb: 2.5,
  shipDate: '2026-03-14',
  zone: 8,
  totalCents: 2345,
  signature: true,
  insuredValueCents: 15_000,
  sample: true,
};

function checkDecoded(data: string): void {
  const [ai420, tracking] = data.split('\x1d');
  expect(ai420).toBe('42094112');
  expect(tracking).toBe(trackingNumber);
  expect(tracking?.startsWith('94055900000001')).toBe(true);
  expect(Number(tracking?.slice(-1))).toBe(mod10CheckDigit(tracking?.slice(0, -1) ?? ''));
  expect(isValidTrackingNumber(tracking ?? '')).toBe(true);
}

describe('the IMpb barcode as printed', () => {
  it('decodes from the rasterised 4x6 PDF label: AI 420 + ZIP, then a tracking number with the right check digit', async () => {
    const pdf = await renderLabelsPdf([label], '4x6');
    writeFileSync(join(dir, 'label.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '300', '-png', '-gray', join(dir, 'label.pdf'), join(dir, 'page')], {
      stdio: 'ignore',
    });
    const page = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(page).toBeDefined();
    const decoded = zbar(join(dir, page ?? ''));
    expect(decoded).toHaveLength(1);
    checkDecoded(decoded[0] ?? '');
    // The label text carries what a person reads: the sample notice and the grouped number.
    const text = execFileSync('pdftotext', ['-raw', join(dir, 'label.pdf'), '-'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(text).toContain('SAMPLE – NOT VALID FOR POSTAGE');
    expect(text).toContain('USPS TRACKING #');
    expect(text).toContain(trackingNumber.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(text).toContain('USPS PRIORITY MAIL®');
    expect(text).toContain('RITA MORENO');
    expect(text).toContain('SAN FRANCISCO CA 94112-1234');
    expect(text).toContain('SIGNATURE REQUIRED');
  });

  it('decodes from the bwip-js PNG alone', async () => {
    const png = await impbBarcodePng(label.to.zip, trackingNumber);
    writeFileSync(join(dir, 'barcode.png'), png);
    const decoded = zbar(join(dir, 'barcode.png'));
    expect(decoded).toHaveLength(1);
    checkDecoded(decoded[0] ?? '');
  });

  it('a wrong check digit is caught', () => {
    const wrong = `${trackingNumber.slice(0, -1)}${(Number(trackingNumber.slice(-1)) + 1) % 10}`;
    expect(isValidTrackingNumber(wrong)).toBe(false);
  });
});
