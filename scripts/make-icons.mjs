#!/usr/bin/env node
/*
 * Renders assets/icon.svg (the one source image) into every icon the
 * installers need, with tools already installed: Chromium through
 * playwright-core draws the PNGs; .ico and .icns are written here in plain Node
 * (both formats may hold PNG images directly).
 *
 *   npm run icons            (CNS_CHROMIUM_PATH=bundled to use Playwright's own browser)
 *
 * Output: assets/icon.png (1024), assets/icons/<n>x<n>.png (Linux), assets/icon.ico
 * (Windows: 16-256), assets/icon.icns (macOS: 16-1024 incl. @2x).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const assets = join(root, 'assets');
const svg = readFileSync(join(assets, 'icon.svg'), 'utf8');
const browserPath = process.env.CNS_CHROMIUM_PATH ?? '/usr/bin/chromium';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, by pixel size (several types share a size: @1x and @2x). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** Draws the SVG at each size on a transparent page and returns PNG bytes by size. */
async function renderPngs() {
  const browser = await chromium.launch({
    executablePath: browserPath === 'bundled' ? undefined : browserPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
      );
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** ICO: a directory of entries, each pointing at a PNG (Windows Vista and later read PNG entries). */
function buildIco(pngs) {
  const header = Buffer.alloc(6 + 16 * ICO_SIZES.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(ICO_SIZES.length, 4);
  let offset = header.length;
  const images = [];
  ICO_SIZES.forEach((size, i) => {
    const png = pngs.get(size);
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
    images.push(png);
  });
  return Buffer.concat([header, ...images]);
}

/** ICNS: 'icns' + total length, then (type, length, PNG) elements, big-endian. */
function buildIcns(pngs) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const pngs = await renderPngs();
mkdirSync(join(assets, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(join(assets, 'icons', `${size}x${size}.png`), pngs.get(size));
writeFileSync(join(assets, 'icon.png'), pngs.get(1024));
writeFileSync(join(assets, 'icon.ico'), buildIco(pngs));
writeFileSync(join(assets, 'icon.icns'), buildIcns(pngs));
process.stdout.write(
  `Icons written to ${assets}: icon.png, icon.ico (${ICO_SIZES.join(', ')}), icon.icns (${ICNS_TYPES.length} images), icons/ (${LINUX_SIZES.join(', ')})\n`,
);
