import bwipjs from 'bwip-js/node';
import { impbBarcodeText } from '../../src-shared/shipping/tracking';

/**
 * Renders the Intelligent Mail package barcode (GS1-128: AI 420 + destination
 * ZIP, then the tracking number) as a PNG with bwip-js, white background and
 * quiet zones so printers and scanners read it.
 */
export function impbBarcodePng(destinationZip: string, trackingNumber: string, scale = 3): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'gs1-128',
    text: impbBarcodeText(destinationZip, trackingNumber),
    scale,
    height: 22,
    includetext: false,
    backgroundcolor: 'FFFFFF',
    paddingwidth: 12,
    paddingheight: 4,
  });
}

/** A barcode as bwip-js draws it in SVG: its size and the stroked bar paths. */
export interface VectorBarcode {
  width: number;
  height: number;
  paths: Array<{ strokeWidth: number; d: string }>;
}

/**
 * The same barcode as vector paths (bwip-js's SVG renderer), to be drawn into
 * the PDF as crisp bars at any printer resolution, and about ten times faster
 * than embedding a PNG per label.
 */
export function impbBarcodeVector(destinationZip: string, trackingNumber: string): VectorBarcode {
  const svg = bwipjs.toSVG({
    bcid: 'gs1-128',
    text: impbBarcodeText(destinationZip, trackingNumber),
    scale: 1,
    height: 22,
    includetext: false,
    paddingwidth: 12,
    paddingheight: 4,
  });
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const paths = [...svg.matchAll(/<path[^>]*stroke-width="([\d.]+)"[^>]*d="([^"]+)"/g)].map((m) => ({
    strokeWidth: Number(m[1]),
    d: m[2] ?? '',
  }));
  if (!box || paths.length === 0) throw new Error('bwip-js produced no barcode paths');
  return { width: Number(box[1]), height: Number(box[2]), paths };
}
