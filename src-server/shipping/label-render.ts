import {
  concatTransformationMatrix,
  degrees,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { addressLines, type Address } from '../../src-shared/shipping/address';
import { formatCents } from '../../src-shared/shipping/money';
import { formatWeight } from '../../src-shared/shipping/package';
import { CONTAINERS, SERVICES, type ContainerId, type ServiceId } from '../../src-shared/shipping/services';
import { groupTrackingNumber, impbBarcodeDigits } from '../../src-shared/shipping/tracking';
import { impbBarcodeVector, type VectorBarcode } from './barcode';

/** What is printed on a label; a reprint draws the same values again. */
export interface PrintableLabel {
  trackingNumber: string;
  service: ServiceId;
  container: ContainerId;
  from: Address;
  to: Address;
  weightLb: number;
  shipDate: string;
  zone: number;
  totalCents: number;
  signature: boolean;
  insuredValueCents: number;
  sample: boolean;
}

/** Printed across every label the `local` provider makes. */
export const SAMPLE_TEXT = 'SAMPLE – NOT VALID FOR POSTAGE';

const LABEL_W = 288; // 4 in at 72 pt/in
const LABEL_H = 432; // 6 in
const BLACK = rgb(0, 0, 0);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

function drawText(page: PDFPage, text: string, x: number, y: number, size: number, font: PDFFont): void {
  page.drawText(text, { x, y, size, font, color: BLACK });
}

function drawLabel(
  page: PDFPage,
  ox: number,
  oy: number,
  label: PrintableLabel,
  fonts: Fonts,
  barcode: VectorBarcode,
): void {
  const service = SERVICES[label.service];
  const top = oy + LABEL_H;
  page.drawRectangle({
    x: ox + 4,
    y: oy + 4,
    width: LABEL_W - 8,
    height: LABEL_H - 8,
    borderColor: BLACK,
    borderWidth: 1,
  });

  // Service letter box and postage block.
  page.drawRectangle({ x: ox + 8, y: top - 80, width: 72, height: 72, borderColor: BLACK, borderWidth: 2 });
  drawText(page, service.letter, ox + 26, top - 66, 58, fonts.bold);
  const info = [
    label.sample ? 'SAMPLE POSTAGE' : 'US POSTAGE PAID',
    formatCents(label.totalCents),
    `Ship date: ${label.shipDate}`,
    `Weight: ${formatWeight(label.weightLb)}`,
    `Zone ${label.zone}  ${CONTAINERS[label.container].name}`,
  ];
  info.forEach((line, i) =>
    drawText(page, line, ox + 90, top - 20 - i * 12, i === 1 ? 11 : 8, i < 2 ? fonts.bold : fonts.regular),
  );

  // Service banner.
  page.drawRectangle({ x: ox + 4, y: top - 108, width: LABEL_W - 8, height: 24, color: BLACK });
  const bannerSize = 13;
  const bannerWidth = fonts.bold.widthOfTextAtSize(service.banner, bannerSize);
  page.drawText(service.banner, {
    x: ox + (LABEL_W - bannerWidth) / 2,
    y: top - 101,
    size: bannerSize,
    font: fonts.bold,
    color: rgb(1, 1, 1),
  });

  // Return address.
  addressLines(label.from).forEach((line, i) => drawText(page, line, ox + 10, top - 122 - i * 9, 7.5, fonts.regular));

  // Extras.
  const extras = [
    label.signature ? 'SIGNATURE REQUIRED' : '',
    label.insuredValueCents > 0 ? `INSURED ${formatCents(label.insuredValueCents)}` : '',
  ].filter(Boolean);
  extras.forEach((line, i) => drawText(page, line, ox + 170, top - 122 - i * 10, 8, fonts.bold));

  // Delivery address.
  drawText(page, 'SHIP TO:', ox + 14, top - 180, 8, fonts.bold);
  addressLines(label.to).forEach((line, i) => drawText(page, line, ox + 40, top - 196 - i * 13, 11, fonts.bold));

  // IMpb barcode with the human-readable line as USPS prints it.
  page.drawLine({
    start: { x: ox + 4, y: oy + 150 },
    end: { x: ox + LABEL_W - 4, y: oy + 150 },
    thickness: 2,
    color: BLACK,
  });
  const heading = 'USPS TRACKING # ';
  const headingWidth = fonts.bold.widthOfTextAtSize(heading, 9);
  drawText(page, heading, ox + (LABEL_W - headingWidth) / 2, oy + 138, 9, fonts.bold);
  // bwip-js's own bar paths, scaled to the label width (white quiet zones included).
  const scale = (LABEL_W - 24) / barcode.width;
  const heightScale = Math.min(80 / barcode.height, scale * 1.2);
  const bx = ox + 12;
  const by = oy + 40 + barcode.height * heightScale;
  page.drawRectangle({
    x: bx,
    y: oy + 40,
    width: barcode.width * scale,
    height: barcode.height * heightScale,
    color: rgb(1, 1, 1),
  });
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(scale, 0, 0, heightScale, bx, by));
  for (const path of barcode.paths) {
    page.drawSvgPath(path.d, { x: 0, y: 0, borderColor: BLACK, borderWidth: path.strokeWidth });
  }
  page.pushOperators(popGraphicsState());
  const grouped = groupTrackingNumber(label.trackingNumber);
  const groupedWidth = fonts.bold.widthOfTextAtSize(grouped, 11);
  drawText(page, grouped, ox + (LABEL_W - groupedWidth) / 2, oy + 26, 11, fonts.bold);
  page.drawLine({
    start: { x: ox + 4, y: oy + 18 },
    end: { x: ox + LABEL_W - 4, y: oy + 18 },
    thickness: 2,
    color: BLACK,
  });

  if (label.sample) {
    const size = 11;
    const width = fonts.bold.widthOfTextAtSize(SAMPLE_TEXT, size);
    drawText(page, SAMPLE_TEXT, ox + (LABEL_W - width) / 2, oy + 6.5, size, fonts.bold);
    page.drawText(SAMPLE_TEXT, {
      x: ox + 36,
      y: oy + 170,
      size: 17,
      font: fonts.bold,
      color: rgb(0.55, 0.55, 0.55),
      opacity: 0.45,
      rotate: degrees(35),
    });
  }
}

/** Page layouts: one 4x6 label per page, or two 4x6 labels side by side on US Letter. */
export type PdfLayout = '4x6' | 'letter';

/**
 * Draws labels into one PDF (a batch prints as one file). Barcodes come from
 * bwip-js and are embedded as images; text uses the standard PDF fonts.
 */
export async function renderLabelsPdf(labels: readonly PrintableLabel[], layout: PdfLayout): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(labels.length === 1 ? `USPS label ${labels[0]?.trackingNumber ?? ''}` : `${labels.length} USPS labels`);
  doc.setProducer('Click-N-Ship Desktop');
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const images = labels.map((l) => impbBarcodeVector(l.to.zip, l.trackingNumber));
  let page: PDFPage | undefined;
  labels.forEach((label, i) => {
    const image = images[i];
    if (!image) return;
    if (layout === '4x6') {
      page = doc.addPage([LABEL_W, LABEL_H]);
      drawLabel(page, 0, 0, label, fonts, image);
      return;
    }
    if (i % 2 === 0) page = doc.addPage([612, 792]);
    if (page) drawLabel(page, i % 2 === 0 ? 18 : 306, 792 - 18 - LABEL_H, label, fonts, image);
  });
  return doc.save();
}

function zplText(text: string): string {
  // ZPL treats ^ and ~ as commands; labels only carry ASCII address text.
  return text.replace(/[\^~]/g, ' ').replace(/[^\x20-\x7e]/g, '-');
}

/**
 * ZPL II for 4x6 thermal printers at 203 dpi: the same content as the PDF,
 * with the IMpb as Code 128 and FNC1 (>8) before AI 420 and the tracking number.
 */
export function renderLabelZpl(label: PrintableLabel): string {
  const service = SERVICES[label.service];
  const lines: string[] = ['^XA', '^CI28', '^PW812', '^LL1218', '^FO20,20^GB772,1178,3^FS'];
  lines.push('^FO40,40^GB150,150,6^FS', `^FO70,55^A0N,140,120^FD${service.letter}^FS`);
  const info = [
    label.sample ? 'SAMPLE POSTAGE' : 'US POSTAGE PAID',
    formatCents(label.totalCents),
    `Ship date: ${label.shipDate}`,
    `Weight: ${formatWeight(label.weightLb)}`,
    `Zone ${label.zone}`,
  ];
  info.forEach((line, i) => lines.push(`^FO220,${45 + i * 30}^A0N,26,24^FD${zplText(line)}^FS`));
  lines.push('^FO20,215^GB772,60,60^FS', `^FO40,228^A0N,40,36^FR^FD${zplText(service.banner.replace(/[®™]/g, ''))}^FS`);
  addressLines(label.from).forEach((line, i) => lines.push(`^FO40,${295 + i * 24}^A0N,22,20^FD${zplText(line)}^FS`));
  if (label.signature) lines.push('^FO480,295^A0N,24,22^FDSIGNATURE REQUIRED^FS');
  if (label.insuredValueCents > 0)
    lines.push(`^FO480,325^A0N,24,22^FDINSURED ${formatCents(label.insuredValueCents)}^FS`);
  lines.push('^FO40,470^A0N,24,22^FDSHIP TO:^FS');
  addressLines(label.to).forEach((line, i) => lines.push(`^FO110,${510 + i * 38}^A0N,34,30^FD${zplText(line)}^FS`));
  lines.push('^FO20,800^GB772,0,5^FS', '^FO250,820^A0N,28,26^FDUSPS TRACKING #^FS');
  const digits = impbBarcodeDigits(label.to.zip, label.trackingNumber);
  lines.push(`^FO60,860^BY3^BCN,220,N,N,N^FD>;>8${digits.slice(0, 8)}>8${digits.slice(8)}^FS`);
  lines.push(`^FO120,1095^A0N,34,30^FD${groupTrackingNumber(label.trackingNumber)}^FS`, '^FO20,1140^GB772,0,5^FS');
  if (label.sample) lines.push(`^FO120,1155^A0N,32,28^FD${zplText(SAMPLE_TEXT)}^FS`);
  lines.push('^XZ');
  return `${lines.join('\n')}\n`;
}
