import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Label, PurchaseResponse } from '../../src-shared/shipping/api';
import { addDays, localToday } from '../../src-shared/shipping/ship-date';
import { isValidTrackingNumber } from '../../src-shared/shipping/tracking';
import { RECIPIENT, SENDER, sampleShipment, shippingSession, type ShippingHttp } from '../helpers/shipping-client';
import { createScratchDatabase } from '../helpers/postgres';
import { startTestServer, type TestDialect } from '../helpers/test-server';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('shipping API on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let api: ShippingHttp;

  async function balance(): Promise<number> {
    return (await api.get<Account>('/v1/shipping/account')).body.balanceCents;
  }
  async function debits(): Promise<number> {
    const rows = await server.database.db
      .selectFrom('postage_ledger')
      .select('id')
      .where('user_id', '=', api.userId)
      .where('kind', '=', 'purchase')
      .execute();
    return rows.length;
  }

  beforeAll(async () => {
    // A database of its own: the migrator looks for its lock table in every schema of a database.
    if (dialect === 'postgres') scratch = await createScratchDatabase('cns_shipping');
    server = await startTestServer({ dialect, pgUrl: scratch?.url });
    api = await shippingSession(server);
  });
  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('refuses every shipping route without a session', async () => {
    const reply = await fetch(new URL('/v1/shipping/account', server.url));
    expect(reply.status).toBe(401);
    const bad = await fetch(new URL('/v1/shipping/labels', server.url), {
      headers: { authorization: 'Bearer nope-nope-nope-nope' },
    });
    expect(bad.status).toBe(401);
  });

  it('starts at $0.00 and takes sample funds in local mode', async () => {
    const start = await api.get<Account>('/v1/shipping/account');
    expect(start.body).toMatchObject({ balanceCents: 0, provider: 'local', sample: true });
    const topped = await api.post<Account>('/v1/shipping/account/top-up', { amountCents: 50_000 });
    expect(topped.status).toBe(200);
    expect(topped.body.balanceCents).toBe(50_000);
    expect(topped.body.ledger[0]).toMatchObject({ kind: 'top-up', amountCents: 50_000 });
    const tooSmall = await api.post('/v1/shipping/account/top-up', { amountCents: 5 });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.error.message).toBe('amountCents: Add at least $1.00');
  });

  it('prices every service, with zone and delivery estimate, and flat-rate only for Priority Mail', async () => {
    const rates = await api.post('/v1/shipping/rates', sampleShipment());
    expect(rates.status).toBe(200);
    expect(rates.body.sample).toBe(true);
    expect(rates.body.options.map((o: { service: string }) => o.service)).toEqual([
      'PRIORITY_MAIL_EXPRESS',
      'PRIORITY_MAIL',
      'USPS_GROUND_ADVANTAGE',
    ]);
    for (const option of rates.body.options) {
      expect(Number.isInteger(option.totalCents)).toBe(true);
      expect(option.totalCents).toBe(option.postageCents + option.extrasCents);
      expect(option.zone).toBeGreaterThan(1);
      expect(option.expectedDelivery >= localToday()).toBe(true);
    }
    const flat = await api.post(
      '/v1/shipping/rates',
      sampleShipment({
        package: { container: 'MEDIUM_FLAT_RATE_BOX', weightLb: 20, lengthIn: 11, widthIn: 8, heightIn: 5 },
      }),
    );
    expect(flat.body.options.map((o: { service: string }) => o.service)).toEqual(['PRIORITY_MAIL']);
    expect(flat.body.unavailable).toHaveLength(2);
    const extras = await api.post(
      '/v1/shipping/rates',
      sampleShipment({ extras: { signature: true, insuredValueCents: 25_000 } }),
    );
    expect(extras.body.options[0].extrasCents).toBeGreaterThan(0);
  });

  it('explains bad input per field and charges nothing', async () => {
    const before = await balance();
    const zero = await api.post(
      '/v1/shipping/rates',
      sampleShipment({ package: { weightLb: 0, lengthIn: 1, widthIn: 1, heightIn: 1 } }),
    );
    expect(zero.status).toBe(400);
    expect(zero.body.error.message).toBe('package.weightLb: Weight must be more than 0 lb');
    const heavy = await api.post('/v1/shipping/labels', {
      idempotencyKey: 'heavy-package-1',
      service: 'PRIORITY_MAIL',
      shipment: sampleShipment({ package: { weightLb: 70.5, lengthIn: 10, widthIn: 10, heightIn: 10 } }),
    });
    expect(heavy.status).toBe(400);
    expect(heavy.body.error.message).toBe('shipment.package.weightLb: Weight can be at most 70 lb');
    const past = await api.post('/v1/shipping/labels', {
      idempotencyKey: 'past-date-0001',
      service: 'PRIORITY_MAIL',
      shipment: sampleShipment({ shipDate: addDays(localToday(), -2) }),
    });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({
      code: 'INVALID_SHIP_DATE',
      message: 'shipDate: Ship date cannot be in the past',
    });
    const far = await api.post('/v1/shipping/rates', sampleShipment({ shipDate: addDays(localToday(), 9) }));
    expect(far.body.error.message).toMatch(/^shipDate: Ship date can be at most 7 days ahead/);
    const unknown = await api.post('/v1/shipping/labels', {
      idempotencyKey: 'unknown-service-1',
      service: 'PONY_EXPRESS',
      shipment: sampleShipment(),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^service: Service must be one of PRIORITY_MAIL_EXPRESS/);
    const many = await api.post(
      '/v1/shipping/rates',
      sampleShipment({ to: { ...RECIPIENT, state: 'ZZ', zip: '9411' } }),
    );
    expect(many.body.error.message).toBe(
      'to.state: State must be a two-letter USPS state code such as NY; to.zip: ZIP Code must be 5 digits or ZIP+4 (12345 or 12345-6789)',
    );
    const notJson = await api.call('POST', '/v1/shipping/labels', '{"idempotencyKey":', 'application/json');
    expect(notJson.status).toBe(400);
    expect(await balance()).toBe(before);
    expect(await debits()).toBe(0);
  });

  let bought: Label;

  it('buys a label: balance goes down by exactly the price; a retry returns the same label', async () => {
    const before = await balance();
    const quote = await api.post('/v1/shipping/rates', sampleShipment());
    const price = quote.body.options.find((o: { service: string }) => o.service === 'PRIORITY_MAIL')
      .totalCents as number;
    const request = { idempotencyKey: 'label-key-000001', service: 'PRIORITY_MAIL', shipment: sampleShipment() };
    const first = await api.post<PurchaseResponse>('/v1/shipping/labels', request);
    expect(first.status).toBe(200);
    bought = first.body.label;
    expect(bought).toMatchObject({ status: 'purchased', sample: true, totalCents: price, service: 'PRIORITY_MAIL' });
    expect(bought.to).toMatchObject({ name: 'Rita Moreno', zip: '94112-1234' });
    expect(isValidTrackingNumber(bought.trackingNumber)).toBe(true);
    expect(bought.trackingNumber.startsWith('94055')).toBe(true);
    expect(first.body.balanceCents).toBe(before - price);

    const retry = await api.post<PurchaseResponse>('/v1/shipping/labels', request);
    expect(retry.body).toMatchObject({ replayed: true, balanceCents: before - price });
    expect(retry.body.label.id).toBe(bought.id);
    expect(await balance()).toBe(before - price);

    const reused = await api.post('/v1/shipping/labels', { ...request, service: 'USPS_GROUND_ADVANTAGE' });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('20 concurrent purchases with one key make one label and one debit', async () => {
    const before = await balance();
    const debitsBefore = await debits();
    const request = {
      idempotencyKey: 'concurrent-key-20',
      service: 'USPS_GROUND_ADVANTAGE',
      shipment: sampleShipment(),
    };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => api.post<PurchaseResponse>('/v1/shipping/labels', request)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const ids = new Set(replies.map((r) => r.body.label.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => !r.body.replayed)).toHaveLength(1);
    const price = replies[0]?.body.label.totalCents ?? 0;
    expect(await balance()).toBe(before - price);
    expect(await debits()).toBe(debitsBefore + 1);
    const rows = await server.database.db
      .selectFrom('shipping_labels')
      .select('id')
      .where('idempotency_key', '=', 'concurrent-key-20')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a purchase the balance cannot cover, charging nothing', async () => {
    const other = await shippingSession(server, 'legacy');
    const reply = await other.post('/v1/shipping/labels', {
      idempotencyKey: 'broke-0000001',
      service: 'PRIORITY_MAIL',
      shipment: sampleShipment(),
    });
    expect(reply.status).toBe(402);
    expect(reply.body.error.message).toMatch(/^This label costs \$\d+\.\d\d but the postage balance is \$0\.00/);
    const labels = await other.get('/v1/shipping/labels');
    expect(labels.body.labels).toEqual([]);
    // Another account can neither see, reprint nor refund this account's label.
    const mine = (await api.get('/v1/shipping/labels')).body.labels[0] as Label;
    expect((await other.get(`/v1/shipping/labels/${mine.id}`)).status).toBe(404);
    expect((await other.get(`/v1/shipping/labels/${mine.id}/file`)).status).toBe(404);
    expect((await other.post(`/v1/shipping/labels/${mine.id}/refund`)).status).toBe(404);
  });

  it('finds labels by recipient, tracking number and date, and exports CSV', async () => {
    const byName = await api.get(`/v1/shipping/labels?q=${encodeURIComponent('moreno')}`);
    expect(byName.body.labels.length).toBe(2);
    const byTracking = await api.get(`/v1/shipping/labels?q=${bought.trackingNumber.slice(-8)}`);
    expect(byTracking.body.labels.map((l: Label) => l.id)).toEqual([bought.id]);
    const none = await api.get('/v1/shipping/labels?q=nobody-here');
    expect(none.body.labels).toEqual([]);
    const byDate = await api.get(`/v1/shipping/labels?from=${localToday()}&to=${localToday()}`);
    expect(byDate.body.labels.length).toBe(2);
    const tomorrow = await api.get(`/v1/shipping/labels?from=${addDays(localToday(), 1)}`);
    expect(tomorrow.body.labels).toEqual([]);
    const csv = await api.get('/v1/shipping/labels/export.csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'tracking_number,created_at,ship_date,service,recipient,city,state,zip,weight_lb,total,status,sample',
    );
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain(`${bought.trackingNumber},`);
    expect(csv.body).toContain(`,${(bought.totalCents / 100).toFixed(2)},purchased,yes`);
  });

  it('reprints for free as 4x6 PDF, letter sheet and ZPL', async () => {
    const before = await balance();
    const pdf = await api.get(`/v1/shipping/labels/${bought.id}/file?format=pdf-4x6`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 288, height: 432 });
    const letter = await PDFDocument.load(
      (await api.get(`/v1/shipping/labels/${bought.id}/file?format=pdf-letter`)).bytes,
    );
    expect(letter.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    const zpl = await api.get(`/v1/shipping/labels/${bought.id}/file?format=zpl`);
    expect(zpl.body).toMatch(/^\^XA/);
    expect(zpl.body).toContain(`>;>842094112>8${bought.trackingNumber}`);
    expect(zpl.body).toContain('SAMPLE - NOT VALID FOR POSTAGE');
    const bad = await api.get(`/v1/shipping/labels/${bought.id}/file?format=gif`);
    expect(bad.status).toBe(400);
    expect(await balance()).toBe(before);
  });

  it('refunds an unused label once: requested -> refunded, credited exactly once', async () => {
    const before = await balance();
    const refund = await api.post(`/v1/shipping/labels/${bought.id}/refund`);
    expect(refund.status).toBe(200);
    expect(refund.body.label).toMatchObject({ status: 'refunded' });
    expect(refund.body.label.refundRequestedAt).toBeTruthy();
    expect(refund.body.balanceCents).toBe(before + bought.totalCents);
    const again = await Promise.all([
      api.post(`/v1/shipping/labels/${bought.id}/refund`),
      api.post(`/v1/shipping/labels/${bought.id}/refund`),
    ]);
    expect(again.map((r) => r.status)).toEqual([409, 409]);
    expect(await balance()).toBe(before + bought.totalCents);
    const account = await api.get<Account>('/v1/shipping/account');
    expect(account.body.ledger.filter((e) => e.kind === 'refund' && e.labelId === bought.id)).toHaveLength(1);
  });

  it('keeps an address book with one default return address, search, and CSV export/import', async () => {
    const home = await api.post('/v1/shipping/addresses', { ...SENDER, isDefaultReturn: true });
    expect(home.status).toBe(201);
    const second = await api.post('/v1/shipping/addresses', { ...RECIPIENT, isDefaultReturn: false });
    const bad = await api.post('/v1/shipping/addresses', { ...RECIPIENT, zip: '1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('zip: ZIP Code must be 5 digits or ZIP+4 (12345 or 12345-6789)');
    const edited = await api.call('PUT', `/v1/shipping/addresses/${second.body.id}`, {
      ...RECIPIENT,
      city: 'Daly City',
      isDefaultReturn: true,
    });
    expect(edited.status).toBe(200);
    const list = await api.get('/v1/shipping/addresses');
    expect(
      list.body.addresses
        .filter((a: { isDefaultReturn: boolean }) => a.isDefaultReturn)
        .map((a: { id: string }) => a.id),
    ).toEqual([second.body.id]);
    const search = await api.get('/v1/shipping/addresses?q=daly');
    expect(search.body.addresses).toHaveLength(1);
    const exported = await api.get('/v1/shipping/addresses/export.csv');
    expect((exported.body as string).split('\r\n')[0]).toBe(
      'name,company,street1,street2,city,state,zip,default_return',
    );

    const gone = await api.call('DELETE', `/v1/shipping/addresses/${home.body.id}`);
    expect(gone.status).toBe(204);
    const missing = await api.call('DELETE', `/v1/shipping/addresses/${home.body.id}`);
    expect(missing.status).toBe(404);

    const mixed =
      'name,street1,city,state,zip\nAnn,1 Main St,Albany,NY,12207\nBob,2 Main St,Albany,QQ,12207\nCy,3 Main St,Albany,NY\n';
    const rejected = await api.csv('/v1/shipping/addresses/import', mixed);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({
      imported: 0,
      problems: [
        { row: 3, reason: 'State must be a two-letter USPS state code such as NY' },
        { row: 4, reason: 'Row has 4 values; the header has 5' },
      ],
    });
    const count = (await api.get('/v1/shipping/addresses')).body.addresses.length;
    expect(count).toBe(1);
    const good = await api.csv('/v1/shipping/addresses/import', exported.body as string);
    expect(good.body).toEqual({ imported: 2, problems: [] });
  });

  it('refuses empty, too large, non-UTF-8 and malformed CSV files with a reason', async () => {
    const empty = await api.csv('/v1/shipping/addresses/import', '');
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('CSV_EMPTY');
    const latin1 = Buffer.from('name,street1,city,state,zip\nJos\xe9,1 Main St,Albany,NY,12207\n', 'latin1');
    const notUtf8 = await api.csv('/v1/shipping/addresses/import', latin1);
    expect(notUtf8.status).toBe(422);
    expect(notUtf8.body.error).toEqual({
      code: 'CSV_NOT_UTF8',
      message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.',
    });
    const big = await api.csv('/v1/shipping/addresses/import', Buffer.alloc(10 * 1024 * 1024, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('CSV_TOO_LARGE');
    expect(big.body.error.message).toMatch(/the limit is 2 MB/);
    const broken = await api.csv(
      '/v1/shipping/addresses/import',
      'name,street1,city,state,zip\n"Ann,1 Main St,Albany,NY,12207\n',
    );
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('CSV_MALFORMED');
    const header = await api.csv('/v1/shipping/addresses/import', 'who,where\nA,B\n');
    expect(header.body.error.message).toMatch(/^The header row is missing name, street1, city, state, zip/);
  });

  it('saves package presets with unique names', async () => {
    const preset = { name: 'Shoe box', container: 'PACKAGE', weightLb: 3, lengthIn: 14, widthIn: 10, heightIn: 5 };
    const created = await api.post('/v1/shipping/presets', preset);
    expect(created.status).toBe(201);
    const duplicate = await api.post('/v1/shipping/presets', preset);
    expect(duplicate.status).toBe(409);
    const list = await api.get('/v1/shipping/presets');
    expect(list.body.presets).toEqual([{ ...preset, id: created.body.id }]);
    expect((await api.call('DELETE', `/v1/shipping/presets/${created.body.id}`)).status).toBe(204);
  });
});
