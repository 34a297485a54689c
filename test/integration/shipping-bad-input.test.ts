import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPIENT, SENDER, sampleShipment, shippingSession, type ShippingHttp } from '../helpers/shipping-client';
import { startTestServer } from '../helpers/test-server';

/*
 * Hostile and malformed input on every shipping route: each field of a good
 * request is replaced in turn by wrong types and nasty strings. Every answer
 * is a 4xx with a stable code and a message, never a 5xx, and nothing is
 * charged or written.
 */
const WRONG: unknown[] = [42, -1.5, 1e308, true, null, [], ['a'], { nested: 'object' }];
const NASTY: string[] = [
  '',
  ' ',
  'x'.repeat(3000),
  "' OR 1=1 --",
  "'; DROP TABLE shipping_labels; --",
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 中文',
  '\u0000\u0001\u001f',
  '\u202eevil\u202c',
  '\ud800',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%0d%0a',
];
const ALLOWED = new Set([400, 402, 404, 409, 413, 415, 422]);

/** Every leaf path of a JSON value ("to.zip", "package.weightLb", ...). */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [prefix];
}

function replaced(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head = '', ...rest] = path;
  const copy = { ...(body as Record<string, unknown>) };
  copy[head] = replaced(copy[head], rest, value);
  return copy;
}

describe('shipping routes under hostile input', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let api: ShippingHttp;
  let labelId: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect: 'sqlite' });
    api = await shippingSession(server);
    await api.post('/v1/shipping/account/top-up', { amountCents: 10_000 });
    labelId = (
      await api.post('/v1/shipping/labels', {
        idempotencyKey: 'hostile-base-0001',
        service: 'PRIORITY_MAIL',
        shipment: sampleShipment(),
      })
    ).body.label.id as string;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 4xx with a code and a message for every corrupted field, and charges nothing', async () => {
    const routes: Array<{ path: string; body: unknown }> = [
      { path: '/v1/shipping/rates', body: sampleShipment() },
      {
        path: '/v1/shipping/labels',
        body: { idempotencyKey: 'hostile-key-0001', service: 'PRIORITY_MAIL', shipment: sampleShipment() },
      },
      { path: '/v1/shipping/addresses/standardize', body: RECIPIENT },
      { path: '/v1/shipping/addresses', body: { ...SENDER, isDefaultReturn: false } },
      {
        path: '/v1/shipping/presets',
        body: { name: 'Box', container: 'PACKAGE', weightLb: 1, lengthIn: 5, widthIn: 5, heightIn: 5 },
      },
      { path: '/v1/shipping/account/top-up', body: { amountCents: 500 } },
    ];
    let cases = 0;
    for (const route of routes) {
      for (const path of leaves(route.body)) {
        for (const value of [...WRONG, ...NASTY]) {
          const body = replaced(route.body, path, value);
          // A corrupted field may still be valid (an odd but legal name); then it is bought or saved legitimately.
          const reply = await api.post(route.path, body);
          cases += 1;
          if (reply.status < 300) continue;
          expect(
            ALLOWED,
            `${route.path} ${path.join('.')}=${JSON.stringify(value).slice(0, 40)} -> ${reply.status}`,
          ).toContain(reply.status);
          expect(reply.body.error.code).toMatch(/^[A-Z_]+$/);
          expect(reply.body.error.message.length).toBeGreaterThan(5);
        }
      }
      for (const raw of ['', '[]', 'null', '"text"', '{"a":', '{'.repeat(5000)]) {
        const reply = await api.call('POST', route.path, raw, 'application/json');
        expect(ALLOWED, `${route.path} raw ${raw.slice(0, 10)}`).toContain(reply.status);
      }
    }
    expect(cases).toBeGreaterThan(300);
    // Only the top-up route (whose corrupted amounts are all refused or legal top-ups) can change the balance upwards;
    // no corrupted purchase was charged: every label row is the base label or a legal purchase with its debit.
    const ledger = (await api.get('/v1/shipping/account')).body.ledger as Array<{ kind: string; amountCents: number }>;
    const purchases = ledger.filter((e) => e.kind === 'purchase').length;
    const labels = (await api.get('/v1/shipping/labels')).body.labels as unknown[];
    expect(purchases).toBe(labels.length);
    const topUps = ledger.filter((e) => e.kind === 'top-up').reduce((s, e) => s + e.amountCents, 0) - 10_000;
    const spent = ledger.filter((e) => e.kind === 'purchase').reduce((s, e) => s + e.amountCents, 0);
    const after = (await api.get('/v1/shipping/account')).body.balanceCents as number;
    expect(after).toBe(10_000 + topUps + spent);
  });

  it('refuses hostile ids, queries and formats on the read routes with 4xx', async () => {
    const paths = [
      '/v1/shipping/labels/not-a-uuid',
      `/v1/shipping/labels/${labelId}/file?format=exe`,
      '/v1/shipping/labels/%00/file',
      "/v1/shipping/labels?q='%20OR%201=1--",
      '/v1/shipping/labels?limit=abc',
      '/v1/shipping/labels?limit=100000',
      '/v1/shipping/labels?from=yesterday',
      `/v1/shipping/labels?q=${'x'.repeat(500)}`,
      '/v1/shipping/batches/xyz/file',
      '/v1/shipping/batches/0123456789abcdef0123456789abcdef/file',
      '/v1/shipping/addresses?q=%F0%9D%94%98%E2%98%83',
    ];
    for (const path of paths) {
      const reply = await api.get(path);
      expect([200, 400, 404], path).toContain(reply.status);
    }
    const del = await api.call('DELETE', '/v1/shipping/addresses/..%2F..%2Fetc');
    expect(del.status).toBe(400);
    const refund = await api.post("/v1/shipping/labels/'%20OR%201=1--/refund");
    expect(refund.status).toBe(400);
  });
});
