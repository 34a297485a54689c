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
