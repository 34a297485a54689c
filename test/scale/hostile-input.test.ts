import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { ADDRESS_CSV_COLUMNS, BATCH_CSV_COLUMNS } from '../../src-shared/shipping/api';
import { startServerProcess, type ServerProcess } from './helpers/instances';
import { rawAgent, sendRaw, type RawAnswer } from './helpers/raw-http';

/**
 * Property-based hostile input over every operation the server's own
 * /openapi.json lists: at least RUNS generated requests per operation, shaped
 * by its schema (near-valid values, wrong types, huge, Unicode, NUL, prototype
 * keys), by nothing (any JSON, broken JSON, wrong media types), with random
 * path parameters, query strings and bearer tokens. The server runs as its own
 * process so that a crash is seen as one.
 */
const RUNS = Number(process.env.CNS_HOSTILE_RUNS ?? 1000);

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  pathParams: Array<{ name: string; schema?: JsonSchema }>;
  queryParams: Array<{ name: string; schema?: JsonSchema }>;
  /** The body is a raw CSV file (shipping uploads), not JSON. */
  csv: boolean;
  bearer: boolean;
}

/** Strings an attacker likes: long, control characters, Unicode edge cases, injections. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uFEFF',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
    '%00',
    '\r\nX-Injected: 1',
    'NaN',
    '-0',
    '1e309',
  ),
  fc.integer({ min: 257, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308),
  fc.array(nastyString, { maxLength: 5 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Real values by field name (a live flow, a live session), so generated requests also reach past the lookups. */
const known: Record<string, string[]> = {};

/** A value for one schema: most often plausible, otherwise anything. */
function valueFor(schema: JsonSchema | undefined, name?: string): fc.Arbitrary<unknown> {
  if (!schema) return nastyValue;
  const options: Array<fc.Arbitrary<unknown>> = [nastyValue];
  const real = name ? known[name] : undefined;
  if (real?.length) options.push(fc.constantFrom(...real), fc.constantFrom(...real));
  if (schema.const !== undefined) options.push(fc.constant(schema.const));
  if (schema.enum) options.push(fc.constantFrom(...schema.enum));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) options.push(...alternatives.map((alternative) => valueFor(alternative)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') {
    if (schema.pattern) {
      try {
        options.push(fc.stringMatching(new RegExp(schema.pattern)));
      } catch {
        // A pattern JavaScript cannot read is simply not used as a generator.
      }
    }
    options.push(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 300) }));
  } else if (type === 'number' || type === 'integer') options.push(fc.integer(), fc.double());
  else if (type === 'boolean') options.push(fc.boolean());
  else if (type === 'array') options.push(fc.array(valueFor(schema.items), { maxLength: 4 }));
  else if (type === 'object' && schema.properties) options.push(objectFor(schema));
  return fc.oneof(...options);
}

function objectFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const known = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valueFor(v, k)]));
  return fc
    .tuple(
      fc.record(known, { requiredKeys: (schema.required ?? []).filter((k) => k in known) }),
      fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'toString'), nastyValue, {
        maxKeys: 2,
      }),
      fc.boolean(),
    )
    .map(([record, extra, withExtra]) => (withExtra ? { ...record, ...extra } : record));
}

/** What goes on the wire: the body bytes and the media type it claims. */
function bodyFor(op: Operation): fc.Arbitrary<{ body: string | undefined; type: string | undefined }> {
  if (op.csv) return fc.oneof({ weight: 6, arbitrary: csvBody(op.path) }, { weight: 4, arbitrary: anyBody(op) });
  return anyBody(op);
}

/** A CSV upload: the route's header and rows of near-valid and hostile cells, sometimes not UTF-8 or not CSV. */
function csvBody(path: string): fc.Arbitrary<{ body: string | undefined; type: string | undefined }> {
  const columns: readonly string[] = path.includes('/addresses/') ? ADDRESS_CSV_COLUMNS : BATCH_CSV_COLUMNS;
  const cell = fc.oneof(
    fc.constantFrom('Ann Lee', '1 Main St', 'New York', 'NY', '10001', '2', '10', 'PRIORITY_MAIL', '', '"', '""', ','),
    nastyString.map((v) => v.slice(0, 300)),
  );
  const row = fc.array(cell, { minLength: 0, maxLength: columns.length + 2 }).map((cells) => cells.join(','));
  return fc
    .tuple(
      fc.boolean(),
      fc.array(row, { maxLength: 20 }),
      fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/octet-stream'),
    )
    .map(([header, rows, type]) => ({
      body: [...(header ? [columns.join(',')] : []), ...rows].join(header && rows.length % 2 ? '\r\n' : '\n'),
      type,
    }));
}

function anyBody(op: Operation): fc.Arbitrary<{ body: string | undefined; type: string | undefined }> {
  const json = op.body ? objectFor(op.body) : fc.constant(undefined);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: json.map((v) => ({ body: v === undefined ? undefined : JSON.stringify(v), type: 'application/json' })),
    },
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v), type: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ body: s, type: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        body: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
        type: fc.option(
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-7',
          ),
          { nil: undefined },
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 16_000, max: 40_000 })
        .map((n) => ({ body: JSON.stringify({ pad: 'x'.repeat(n) }), type: 'application/json' })),
    },
  );
}

/** Percent-encodes the UTF-8 bytes of any string, lone surrogates included. */
function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** Path segments sent as they are: broken percent-encoding and traversal. */
const rawSegment = fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '..%2F..%2Fetc', '%2e%2e', 'a%20b', '%C0%AF');

/**
 * A path for the operation. Segments stay under 2,000 encoded characters: a
 * request line over Node's 16 KB header limit is cut off by the HTTP parser
 * itself, before any of our code runs (the bodies carry the long values).
 */
function pathFor(op: Operation): fc.Arbitrary<string> {
  const params = op.pathParams.map((p) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .oneof(p.schema?.pattern ? valueFor({ type: 'string', pattern: p.schema.pattern }) : fc.string(), nastyString)
          .map((v) => encodeSegment(typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).slice(0, 2000)),
      },
      { weight: 1, arbitrary: rawSegment },
      ...(known[p.name]?.length ? [{ weight: 3, arbitrary: fc.constantFrom(...(known[p.name] ?? [])) }] : []),
    ),
  );
  // The operation's own query parameters, near-valid or hostile, or a random query.
  const schemaQuery = fc.record(
    Object.fromEntries(
      op.queryParams.map((p) => [
        p.name,
        valueFor(p.schema, p.name).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).slice(0, 1000)),
      ]),
    ),
    { requiredKeys: [] },
  );
  const randomQuery = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 });
  return fc
    .tuple(fc.tuple(...params), fc.option(op.queryParams.length ? fc.oneof(schemaQuery, randomQuery) : randomQuery))
    .map(([values, query]) => {
      let path = op.path;
      op.pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, values[i] ?? '');
      });
      if (query) path += `?${new URLSearchParams(query as Record<string, string>).toString()}`;
      return path;
    });
}

const authorization = (): fc.Arbitrary<string | undefined> =>
  fc.option(
    fc.oneof(
      fc.constantFrom(...(known.accessToken ?? ['x'.repeat(43)]).map((t) => `Bearer ${t}`)),
      fc.stringMatching(/^Bearer [A-Za-z0-9_-]{16,128}$/),
      fc
        .string({ unit: 'binary-ascii', maxLength: 60 })
        .filter((s) => /^[\x20-\x7e]*$/.test(s))
        .map((s) => `Bearer ${s}`),
      fc.constantFrom('Basic YWRtaW46YWRtaW4=', 'Bearer', ''),
    ),
    { nil: undefined },
  );

/** What must never be in any answer: traces, file paths, internal error names. */
const LEAK =
  /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|src-server\/|TypeError|ReferenceError|SyntaxError:|SQLITE_|duplicate key|"stack"/;

function check(answer: RawAnswer, label: string): void {
  expect(answer.status, `${label} -> ${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.body, label).not.toMatch(LEAK);
}

describe('hostile input over every route in /openapi.json', () => {
  let dir: string;
  let server: ServerProcess;
  const operations: Operation[] = [];

  /**
   * Signs the demo user in: a live flow waiting for a passcode and a live session for the generators to use now
   * and then, and a saved return address for the shipping routes. Run again when a generated logout or refresh
   * reuse has ended the session, so the shipping routes are reached past the sign-in check.
   */
  async function signInDemo(): Promise<void> {
    // A live flow waiting for a passcode, and a live session, for the generators to use now and then.
    const base = { 'content-type': 'application/json' };
    const login = JSON.parse(
      (
        await sendRaw(
          server.url,
          'POST',
          '/v1/auth/login',
          base,
          JSON.stringify({ username: 'demo', password: DEMO_PASSWORD }),
        )
      ).body,
    ) as { flowId: string };
    const outbox = JSON.parse((await sendRaw(server.url, 'GET', '/dev/outbox', {})).body) as {
      messages: Array<{ body: string }>;
    };
    const latest = outbox.messages.find((m) => /passcode: \d{6}/.test(m.body)); // newest first
    const code = /passcode: (\d{6})/.exec(latest?.body ?? '')?.[1] ?? '';
    let step = JSON.parse(
      (await sendRaw(server.url, 'POST', '/v1/auth/otp/verify', base, JSON.stringify({ flowId: login.flowId, code })))
        .body,
    ) as {
      flowId: string;
      step: { kind: string; version?: string };
      session?: { accessToken: string; refreshToken: string };
    };
    step = JSON.parse(
      (await sendRaw(server.url, 'POST', '/v1/auth/modify/cancel', base, JSON.stringify({ flowId: login.flowId })))
        .body,
    ) as typeof step;
    if (step.step.kind === 'terms') {
      step = JSON.parse(
        (
          await sendRaw(
            server.url,
            'POST',
            '/v1/auth/terms/accept',
            base,
            JSON.stringify({ flowId: login.flowId, version: step.step.version }),
          )
        ).body,
      ) as typeof step;
    }
    if (!step.session) throw new Error(`demo sign-in did not finish: ${JSON.stringify(step)}`);
    const pending = JSON.parse(
      (
        await sendRaw(
          server.url,
          'POST',
          '/v1/auth/login',
          base,
          JSON.stringify({ username: 'demo', password: DEMO_PASSWORD }),
        )
      ).body,
    ) as { flowId: string };
    known.flowId = [pending.flowId, login.flowId];
    known.code = [code];
    known.accessToken = [step.session.accessToken];
    known.refreshToken = [step.session.refreshToken];
    const auth = { ...base, authorization: `Bearer ${step.session.accessToken}` };
    const saved = JSON.parse(
      (
        await sendRaw(
          server.url,
          'POST',
          '/v1/shipping/addresses',
          auth,
          JSON.stringify({ name: 'Ann Lee', street1: '1 Main St', city: 'New York', state: 'NY', zip: '10001' }),
        )
      ).body,
    ) as { id?: string };
    if (saved.id) known.id = [saved.id];
    if (saved.id) known.fromAddressId = [saved.id];
  }

  async function sessionIsLive(): Promise<boolean> {
    const token = known.accessToken?.[0];
    if (!token) return false;
    return (await sendRaw(server.url, 'GET', '/v1/me', { authorization: `Bearer ${token}` })).status === 200;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-hostile-'));
    server = await startServerProcess({ CNS_DATABASE_URL: `sqlite:${join(dir, 'server.db')}`, CNS_LOG_LEVEL: 'fatal' });
    const doc = (await (await fetch(new URL('/openapi.json', server.url))).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
            parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
            security?: unknown[];
          }
        >
      >;
    };
    await signInDemo();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations.push({
          method: method.toUpperCase(),
          path,
          body: op.requestBody?.content?.['application/json']?.schema,
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path'),
          queryParams: (op.parameters ?? []).filter((p) => p.in === 'query'),
          csv: op.requestBody?.content?.['text/csv'] !== undefined,
          bearer: Boolean(op.security?.length),
        });
      }
    }
    // Shipping first, while the sign-in session is surely live (generated logouts and refresh reuse end it later).
    operations.sort(
      (x, y) => Number(!x.path.startsWith('/v1/shipping/')) - Number(!y.path.startsWith('/v1/shipping/')),
    );
  });

  afterAll(async () => {
    rawAgent.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the routes it serves', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /v1/auth/login');
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /v1/auth/otp/verify');
  });

  it(`answers ${RUNS} generated requests per route without a 5xx, a crash or a leaked trace`, async () => {
    let sent = 0;
    // Shipping requests answered past the sign-in check (not 401), per operation: the fuzz must reach the routes.
    const reached = new Map<string, number>();
    for (const op of operations) {
      // The demo account may by now be locked by generated guesses; then the route is fuzzed without a session.
      if (op.bearer && !(await sessionIsLive())) await signInDemo().catch(() => undefined);
      await fc.assert(
        fc.asyncProperty(pathFor(op), bodyFor(op), authorization(), async (path, { body, type }, auth) => {
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (auth !== undefined) headers.authorization = auth;
          const sendsBody = op.method !== 'GET' && op.method !== 'DELETE' ? body : undefined;
          const answer = await sendRaw(server.url, op.method, path, headers, sendsBody);
          sent += 1;
          if (op.path.startsWith('/v1/shipping/') && answer.status !== 401) {
            reached.set(`${op.method} ${op.path}`, (reached.get(`${op.method} ${op.path}`) ?? 0) + 1);
          }
          check(answer, `${op.method} ${path} ${String(sendsBody).slice(0, 120)}`);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      expect(server.child.exitCode, `the server died on ${op.method} ${op.path}`).toBeNull();
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS * operations.length);
    const shipping = operations.filter((o) => o.path.startsWith('/v1/shipping/')).map((o) => `${o.method} ${o.path}`);
    console.log(
      `hostile input: past the sign-in check on shipping routes: ${JSON.stringify(Object.fromEntries(reached))}`,
    );
    expect(shipping.filter((name) => !reached.get(name))).toEqual([]);
    const health = await fetch(new URL('/healthz', server.url));
    expect(health.status).toBe(200);
  }, 600_000);
});
