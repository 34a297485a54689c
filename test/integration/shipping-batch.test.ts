import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchCheckResponse, BatchPurchaseResponse } from '../../src-shared/shipping/api';
import { isValidTrackingNumber } from '../../src-shared/shipping/tracking';
import { batchCsv, PLANTED_PROBLEMS } from '../helpers/shipping-batch-file';
import { SENDER, shippingSession, type ShippingHttp } from '../helpers/shipping-client';
import { createScratchDatabase } from '../helpers/postgres';
import { startTestServer, type TestDialect } from '../helpers/test-server';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('batch labels on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let api: ShippingHttp;
  let fromId: string;

  beforeAll(async () => {
    // A database of its own: the migrator looks for its lock table in every schema of a database.
    if (dialect === 'postgres') scratch = await createScratchDatabase('cns_shipping');
    server = await startTestServer({ dialect, pgUrl: scratch?.url });
    api = await shippingSession(server);
    fromId = (await api.post('/v1/shipping/addresses', { ...SENDER, isDefaultReturn: true })).body.id as string;
  });
  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('100 rows with 5 bad: the check names each bad row; buying makes 95 labels in one PDF, charged once', async () => {
    const csv = batchCsv(100);
    const check = await api.csv<BatchCheckResponse>(`/v1/shipping/batches/check?fromAddressId=${fromId}`, csv);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ validCount: 95, invalidCount: 5, sample: true });
    const bad = check.body.rows.filter((r) => !r.ok);
    expect(bad.map((r) => r.row)).toEqual([12, 31, 47, 64, 88]);
    for (const row of bad) expect(row.reason).toContain(PLANTED_PROBLEMS[row.row]);
    expect((await api.get('/v1/shipping/labels')).body.labels).toEqual([]);

    // Not enough money: nothing at all is bought.
    const short = await api.csv(`/v1/shipping/batches?fromAddressId=${fromId}&idempotencyKey=batch-key-0001`, csv);
    expect(short.status).toBe(402);
    expect((await api.get('/v1/shipping/labels')).body.labels).toEqual([]);

    for (let funded = 0; funded < check.body.totalCents; funded += 100_000) {
      await api.post('/v1/shipping/account/top-up', { amountCents: 100_000 });
    }
    const before = (await api.get('/v1/shipping/account')).body.balanceCents as number;
    const bought = await api.csv<BatchPurchaseResponse>(
      `/v1/shipping/batches?fromAddressId=${fromId}&idempotencyKey=batch-key-0001`,
      csv,
    );
    expect(bought.status).toBe(200);
    expect(bought.body.labels).toHaveLength(95);
    expect(bought.body.failed.map((f) => f.row)).toEqual([12, 31, 47, 64, 88]);
    expect(bought.body.chargedCents).toBe(check.body.totalCents);
    expect(bought.body.balanceCents).toBe(before - check.body.totalCents);
    expect(bought.body.labels.every((l) => isValidTrackingNumber(l.trackingNumber))).toBe(true);
    expect(new Set(bought.body.labels.map((l) => l.trackingNumber)).size).toBe(95);

    // Buying the same file again with the same key charges nothing more.
    const again = await api.csv<BatchPurchaseResponse>(
      `/v1/shipping/batches?fromAddressId=${fromId}&idempotencyKey=batch-key-0001`,
      csv,
    );
    expect(again.body.batchId).toBe(bought.body.batchId);
    expect(again.body.balanceCents).toBe(bought.body.balanceCents);
    const debits = await server.database.db
      .selectFrom('postage_ledger')
      .select('id')
      .where('kind', '=', 'purchase')
      .execute();
    expect(debits).toHaveLength(95);

    const pdf = await api.get(`/v1/shipping/batches/${bought.body.batchId}/file?format=pdf-4x6`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBe(95);
    const letter = await api.get(`/v1/shipping/batches/${bought.body.batchId}/file?format=pdf-letter`);
    expect((await PDFDocument.load(letter.bytes)).getPageCount()).toBe(48);
  });

  it('the documented template file (assets/labels/batch-template.csv) checks clean', async () => {
    const template = readFileSync(join(process.cwd(), 'assets', 'labels', 'batch-template.csv'));
    const check = await api.csv<BatchCheckResponse>(`/v1/shipping/batches/check?fromAddressId=${fromId}`, template);
    expect(check.status).toBe(200);
    expect(check.body.rows.map((r) => [r.reference, r.ok, r.reason])).toEqual([
      ['ORDER-1001', true, undefined],
      ['ORDER-1002', true, undefined],
      ['ORDER-1003', true, undefined],
    ]);
  });

  it('refuses files it cannot read, with the reason, before anything is bought', async () => {
    const wrongHeader = await api.csv(`/v1/shipping/batches/check?fromAddressId=${fromId}`, 'to,weight\nA,1\n');
    expect(wrongHeader.status).toBe(422);
    expect(wrongHeader.body.error.message).toMatch(/^The header row is missing to_name/);
    const extra = await api.csv(
      `/v1/shipping/batches/check?fromAddressId=${fromId}`,
      batchCsv(1).replace('reference,', 'colour,'),
    );
    expect(extra.body.error.message).toMatch(/^Unknown column colour/);
    const headerOnly = await api.csv(`/v1/shipping/batches/check?fromAddressId=${fromId}`, batchCsv(0));
    expect(headerOnly.body.error).toEqual({
      code: 'CSV_EMPTY',
      message: 'The file has a header row but no data rows.',
    });
    const noFrom = await api.csv('/v1/shipping/batches/check?fromAddressId=nope', batchCsv(2));
    expect(noFrom.status).toBe(422);
    const short = batchCsv(3, false).trim().split('\n');
    short[2] = short[2]?.split(',').slice(0, 5).join(',') ?? '';
    const ragged = await api.csv<BatchCheckResponse>(
      `/v1/shipping/batches/check?fromAddressId=${fromId}`,
      short.join('\n'),
    );
    expect(ragged.body.rows[1]).toMatchObject({ row: 3, ok: false, reason: 'Row has 5 values; the header has 17' });
    const json = await api.post(`/v1/shipping/batches/check?fromAddressId=${fromId}`, { csv: 'x' });
    expect(json.status).toBe(415);
  });
});
