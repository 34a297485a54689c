import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShippingHandlers } from '../../src-main/ipc/shipping-handlers';
import { FolderLabelOutput } from '../../src-main/shipping/label-output';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { ShippingClient } from '../../src-main/shipping/shipping-client';
import { batchCsv } from '../helpers/shipping-batch-file';
import { SENDER, sampleShipment, shippingSession } from '../helpers/shipping-client';
import { startTestServer } from '../helpers/test-server';
import { testVault } from '../helpers/test-vault';

/* The main process's shipping handlers over the real server, as the renderer calls them through IPC. */
describe('shipping handlers in the main process', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let folder: string;
  let token: string;
  let handlers: ReturnType<typeof createShippingHandlers>;
  let output: FolderLabelOutput;

  beforeAll(async () => {
    server = await startTestServer({ dialect: 'sqlite' });
    token = (await shippingSession(server)).token;
    folder = mkdtempSync(join(tmpdir(), 'cns-labels-'));
    output = new FolderLabelOutput(folder);
    handlers = createShippingHandlers({
      client: new ShippingClient(server.url, {
        withSession: (call) => call(token),
      }),
      output,
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('buys, prints and saves a label; the balance goes down by the price', async () => {
    const funded = await handlers['shipping:top-up']({ amountCents: 5000 });
    expect(funded).toMatchObject({ ok: true, value: { balanceCents: 5000, sample: true } });
    const rates = await handlers['shipping:get-rates'](sampleShipment());
    if (!rates.ok) throw new Error(rates.error.message);
    const price = rates.value.options.find((o) => o.service === 'PRIORITY_MAIL')?.totalCents ?? 0;
    const bought = await handlers['shipping:buy-label']({
      idempotencyKey: 'main-client-0001',
      service: 'PRIORITY_MAIL',
      shipment: sampleShipment(),
    });
    if (!bought.ok) throw new Error(bought.error.message);
    expect(bought.value.balanceCents).toBe(5000 - price);
    const printed = await handlers['shipping:print-label']({ labelId: bought.value.label.id });
    expect(printed).toEqual({ ok: true, value: { sent: true } });
    const pdf = await PDFDocument.load(readFileSync(output.printed[0] ?? ''));
    expect(pdf.getPageCount()).toBe(1);
    const saved = await handlers['shipping:save-label']({ labelId: bought.value.label.id, format: 'zpl' });
    if (!saved.ok || !saved.value.savedTo) throw new Error('not saved');
    expect(saved.value.savedTo.endsWith(`label-${bought.value.label.trackingNumber}.zpl`)).toBe(true);
    expect(readFileSync(saved.value.savedTo, 'utf8')).toMatch(/^\^XA/);
  });

  it('passes server refusals through as { code, message } and validates input before sending', async () => {
    const broke = await handlers['shipping:buy-label']({
      idempotencyKey: 'main-client-0002',
      service: 'PRIORITY_MAIL_EXPRESS',
      shipment: sampleShipment({ package: { weightLb: 70, lengthIn: 20, widthIn: 20, heightIn: 20 } }),
    });
    expect(broke).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    const bad = await handlers['shipping:get-rates'](
      sampleShipment({ package: { weightLb: 0, lengthIn: 1, widthIn: 1, heightIn: 1 } }),
    );
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Weight must be more than 0 lb' } });
    const missing = await handlers['shipping:save-label']({ labelId: '00000000-0000-4000-8000-000000000000' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'LABEL_NOT_FOUND' } });
  });

  it('checks and buys a batch from a file the renderer read', async () => {
    await handlers['shipping:top-up']({ amountCents: 100_000 });
    const from = await handlers['shipping:save-address']({ ...SENDER, isDefaultReturn: true });
    if (!from.ok) throw new Error(from.error.message);
    const file = {
      fileName: 'orders.csv',
      base64: Buffer.from(batchCsv(6)).toString('base64'),
      fromAddressId: from.value.id,
    };
    const check = await handlers['shipping:check-batch'](file);
    expect(check).toMatchObject({ ok: true, value: { validCount: 6, invalidCount: 0 } });
    const bought = await handlers['shipping:buy-batch']({ ...file, idempotencyKey: 'main-batch-0001' });
    if (!bought.ok) throw new Error(bought.error.message);
    expect(bought.value.labels).toHaveLength(6);
    const saved = await handlers['shipping:save-batch-labels']({ batchId: bought.value.batchId });
    if (!saved.ok || !saved.value.savedTo) throw new Error('not saved');
    expect((await PDFDocument.load(readFileSync(saved.value.savedTo))).getPageCount()).toBe(6);
  });

  it('asks to log in when the sign-in flow has no session', async () => {
    const auth = createAuthServices({ apiUrl: server.url, vault: testVault() });
    const signedOut = createShippingHandlers({ client: new ShippingClient(server.url, auth.authFlow), output });
    expect(await signedOut['shipping:get-account'](undefined)).toEqual({
      ok: false,
      error: { code: 'NOT_SIGNED_IN', message: 'Please log in first.' },
    });
  });
});
