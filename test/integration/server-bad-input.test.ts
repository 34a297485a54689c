import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { apiCatalog, type CatalogRoute } from '../../src-server/routes/api-catalog';
import { startTestServer, type TestDialect } from '../helpers/test-server';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

/** A plausible value per field name, so that corrupting one field tests that field. */
const GOOD: Record<string, unknown> = {
  username: 'demo',
  password: 'not the password',
  deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
  flowId: 'A'.repeat(43),
  signature: 'A'.repeat(86),
  email: 'someone@example.com',
  method: 'sms',
  phone: '2025550123',
  code: '123456',
  rememberDevice: { publicKey: 'A'.repeat(43), name: 'PC' },
  factor: 'phone',
  version: '2026-01',
  refreshToken: 'A'.repeat(43),
  name: 'Office PC',
  token: 'A'.repeat(43),
};
const PARAM: Record<string, string> = { flowId: 'A'.repeat(43), token: 'A'.repeat(43), id: 'AAAAAAAAAAAAAAAAAAAAAA' };

const WRONG_TYPES: unknown[] = [42, -1.5, true, null, [], ['a'], { nested: 'object' }];
const NASTY_STRINGS: string[] = [
  '',
  ' ',
  'x'.repeat(15_000),
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  'admin"--',
  '1; SELECT pg_sleep(5)',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 中文 العربية',
  '\u0000\u0001\u001f',
  '\u202eevil\u202c',
  '\ud800',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%0d%0a',
  '${jndi:ldap://x}',
];
const NASTY_PARAMS: string[] = [
  "'%20OR%201=1--",
  '%F0%9D%94%98%E2%98%83',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(4000),
  '%E0%A4%A',
  'short',
];

const ALLOWED = new Set([200, 201, 202, 204, 400, 401, 403, 404, 409, 410, 413, 415, 429]);

interface Case {
  label: string;
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function fields(route: CatalogRoute): string[] {
  const schema = route.body;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
}

function fillPath(path: string, override?: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => override ?? PARAM[name] ?? 'x');
}

function casesFor(route: CatalogRoute): Case[] {
  const path = fillPath(route.path);
  const auth: Record<string, string> = route.bearer ? { authorization: `Bearer ${'B'.repeat(43)}` } : {};
  const list: Case[] = [];
  if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') {
    const names = fields(route);
    const good = Object.fromEntries(names.map((n) => [n, GOOD[n] ?? 'x']));
    list.push(
      { label: 'malformed JSON', path, body: '{"flowId": "AAA', headers: auth },
      { label: 'JSON array', path, body: '[]', headers: auth },
      { label: 'JSON string', path, body: '"hello"', headers: auth },
      { label: 'JSON number', path, body: '42', headers: auth },
      { label: 'JSON null', path, body: 'null', headers: auth },
      { label: 'empty object', path, body: '{}', headers: auth },
      { label: 'body over the limit', path, body: JSON.stringify({ pad: 'x'.repeat(20_000) }), headers: auth },
      { label: 'text/plain body', path, body: 'username=demo', contentType: 'text/plain', headers: auth },
      { label: 'form body', path, body: 'a=b&c=d', contentType: 'application/x-www-form-urlencoded', headers: auth },
      { label: 'plausible body', path, body: JSON.stringify(good), headers: auth },
      {
        label: 'extra fields',
        path,
        body: JSON.stringify({ ...good, __proto__: { admin: true }, isAdmin: true }),
        headers: auth,
      },
    );
    for (const name of names) {
      const { [name]: _dropped, ...rest } = good;
      list.push({ label: `missing ${name}`, path, body: JSON.stringify(rest), headers: auth });
      for (const value of WRONG_TYPES) {
        list.push({
          label: `${name} as ${JSON.stringify(value)}`,
          path,
          body: JSON.stringify({ ...good, [name]: value }),
          headers: auth,
        });
      }
      for (const value of NASTY_STRINGS) {
        list.push({
          label: `${name} = ${JSON.stringify(value.slice(0, 20))}`,
          path,
          body: JSON.stringify({ ...good, [name]: value }),
          headers: auth,
        });
      }
    }
  } else {
    list.push({ label: 'plain', path, headers: auth });
    list.push({ label: 'junk query', path: `${path}?a='--&b=%00&c=${'y'.repeat(2000)}`, headers: auth });
  }
  if (route.path.includes(':')) {
    for (const param of NASTY_PARAMS) {
      list.push({
        label: `path param ${param.slice(0, 20)}`,
        path: fillPath(route.path, param),
        body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? JSON.stringify({ name: 'x' }) : undefined,
        headers: auth,
      });
    }
  }
  if (route.bearer) {
    for (const header of ['Bearer', 'Bearer ' + "' OR 1=1", 'Basic ZGVtbzpkZW1v', 'Bearer ' + 'C'.repeat(5000), '☃']) {
      list.push({
        label: `authorization ${header.slice(0, 15)}`,
        path,
        body: route.method === 'PATCH' || route.method === 'PUT' ? JSON.stringify({ name: 'x' }) : undefined,
        headers: {
          authorization: encodeURIComponent(header) === header ? header : header.replace(/[^\x20-\x7e]/g, '?'),
        },
      });
    }
  }
  return list;
}

describe.each(dialects)('bad input on every route (%s)', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    server = await startTestServer({ dialect, pgUrl: inject('pgUrl') });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 4xx with a stable code (or a page), never 5xx', { timeout: 240_000 }, async () => {
    let count = 0;
    const routes = new Set<string>();
    const failures: string[] = [];
    for (const route of apiCatalog) {
      routes.add(`${route.method} ${route.path}`);
      for (const c of casesFor(route)) {
        count += 1;
        const headers: Record<string, string> = { ...c.headers };
        if (c.body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
        const response = await fetch(new URL(c.path, server.url), { method: route.method, headers, body: c.body });
        const text = await response.text();
        const where = `${route.method} ${route.path} [${c.label}] → ${response.status}`;
        if (!ALLOWED.has(response.status)) {
          failures.push(`${where}: ${text.slice(0, 200)}`);
          continue;
        }
        const type = response.headers.get('content-type') ?? '';
        if (response.status >= 400 && type.includes('application/json')) {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
            failures.push(`${where}: error body without code/message: ${text.slice(0, 200)}`);
          }
        } else if (response.status >= 400 && !type.includes('text/html')) {
          failures.push(`${where}: unexpected content type ${type}`);
        }
        if (response.headers.get('x-request-id') === null) failures.push(`${where}: no x-request-id`);
      }
    }
    // The number of cases and routes covered, as the issue asks.
    console.log(`bad-input test (${dialect}): ${count} cases over ${routes.size} routes, ${failures.length} failures`);
    expect(failures).toEqual([]);
    expect(routes.size).toBe(apiCatalog.length);
    expect(count).toBeGreaterThan(1000);
  });
});
