import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionTokens } from '../../src-shared/api-schemas';
import { registeredRoutes } from '../../src-server/app';
import { createLogger } from '../../src-server/logger';
import { apiCatalog } from '../../src-server/routes/api-catalog';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { SmsSink } from '../helpers/sms-sink';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { confirmLink, emailedCode, finishSignIn, linkFrom, seedUser, TEST_PASSWORD, TestApi } from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: object }> }; responses: object }>
  >;
}

describe.each(dialects)('OpenAPI document and secret-free logs on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;
  let sms: SmsSink;
  let api: TestApi;
  const logLines: string[] = [];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sms = await new SmsSink().start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    server = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      smtpUrl: smtp.url,
      smsGateway: sms.gateway,
      logger: createLogger('trace', sink),
    });
    api = new TestApi(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
    await sms?.stop();
  });

  it('/openapi.json lists every route the server has, with schemas that validate real requests', async () => {
    const reply = await api.get<OpenApiDoc>('/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`),
      ),
    );
    const all = registeredRoutes(server.app).map((r) => `${r.method} ${r.url}`);
    expect(all.length).toBeGreaterThanOrEqual(36);
    for (const route of all) expect(documented, route).toContain(route);
    for (const route of apiCatalog) expect(all, route.path).toContain(`${route.method} ${route.path}`);
    // Every route (sign-in, account and shipping) is described with its schemas; none is marked undescribed.
    const undescribed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op as Record<string, unknown>)['x-undescribed'] === true)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(undescribed).toEqual([]);
    const rates = doc.paths['/v1/shipping/rates']?.post?.requestBody?.content['application/json']?.schema ?? {};
    expect(rates).toMatchObject({ type: 'object', required: expect.arrayContaining(['from', 'to', 'package']) });
    console.log(`openapi (${dialect}): ${documented.size} operations, ${undescribed.length} not yet described`);

    const ajv = new Ajv2020({ strict: false });
    const loginSchema = doc.paths['/v1/auth/login']?.post?.requestBody?.content['application/json']?.schema ?? {};
    const validLogin = ajv.compile(loginSchema);
    expect(validLogin({ username: 'demo', password: 'x' })).toBe(true);
    expect(validLogin({ username: 'demo' })).toBe(false);
    const phoneSchema = doc.paths['/v1/auth/phone']?.post?.requestBody?.content['application/json']?.schema ?? {};
    expect(ajv.compile(phoneSchema)({ flowId: 'A'.repeat(43), phone: '(202) 555-0123' })).toBe(true);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toBeTruthy();
        const body = op.requestBody?.content['application/json']?.schema;
        if (body) expect(() => ajv.compile(body), `${method} ${path}`).not.toThrow();
      }
    }
  });

  it('logs of a full journey hold no passcode, token, password, key or full phone number', async () => {
    const secrets: string[] = [DEMO_PASSWORD, TEST_PASSWORD];
    await seedUser(server.database.db, { now: () => Date.now() }, { username: 'logged', email: 'logged@example.com' });
    const { publicKey } = generateKeyPairSync('ed25519');
    const rawKey = String(publicKey.export({ format: 'jwk' }).x);
    secrets.push(rawKey);

    // Enrollment with email link and SMS.
    const login = await api.step('/v1/auth/login', { username: 'logged', password: TEST_PASSWORD });
    const flowId = login.flowId;
    secrets.push(flowId);
    await api.step('/v1/auth/enroll/start', { flowId });
    const mark = smtp.messages.length;
    await api.step('/v1/auth/email/keep', { flowId });
    const link = await linkFrom(smtp, 'logged@example.com', mark);
    secrets.push(link.token);
    await fetch(link.url);
    await confirmLink(server.url, link.token);
    await api.get(`/v1/auth/flows/${flowId}`);
    await api.step('/v1/auth/method', { flowId, method: 'sms' });
    await api.step('/v1/auth/phone', { flowId, phone: '2025550177' });
    const code = sms.latestCode('+12025550177');
    secrets.push(code, '2025550177', '+12025550177', '555-0177');
    await api.post('/v1/auth/otp/verify', { flowId, code: '000000' === code ? '111111' : '000000' });
    const enrolled = await api.step('/v1/auth/otp/verify', {
      flowId,
      code,
      rememberDevice: { publicKey: rawKey, name: 'Logged PC' },
    });
    const done = await finishSignIn(api, flowId, enrolled);
    const session = done.session as SessionTokens;
    secrets.push(session.accessToken, session.refreshToken);
    const refreshed = await api.post<SessionTokens>('/v1/auth/refresh', { refreshToken: session.refreshToken });
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    await api.get('/v1/me', { authorization: `Bearer ${refreshed.body.accessToken}` });
    await api.post('/v1/auth/refresh', { refreshToken: session.refreshToken });

    // Sign-in by email passcode and a password reset.
    const demoMark = smtp.messages.length;
    const demo = await api.step('/v1/auth/login', { username: 'demo', password: DEMO_PASSWORD });
    const demoCode = await emailedCode(smtp, 'demo@example.com', demoMark);
    secrets.push(demoCode, demo.flowId);
    await api.step('/v1/auth/otp/verify', { flowId: demo.flowId, code: demoCode });
    const resetMark = smtp.messages.length;
    await api.post('/v1/accounts/forgot-password', { username: 'logged' });
    const reset = await linkFrom(smtp, 'logged@example.com', resetMark);
    secrets.push(reset.token, 'the new secret passphrase');
    await api.post('/v1/accounts/reset-password', { token: reset.token, password: 'the new secret passphrase' });
    await api.post('/v1/auth/login', { username: 'logged', password: 'a wrong password attempt' });
    secrets.push('a wrong password attempt');

    const logs = logLines.join('');
    // One access line per request, written with its answer: the wrong passcode above answered 400.
    const access = logLines
      .flatMap((line) => line.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; statusCode?: number })
      .filter((entry) => entry.msg === 'request completed');
    const verifies = access.filter((entry) => entry.req?.url === '/v1/auth/otp/verify');
    expect(verifies.map((entry) => entry.statusCode).sort()).toEqual([200, 200, 400]);
    expect(logs).not.toContain('incoming request');
    for (const secret of secrets) expect(logs, `a secret of ${secret.length} characters`).not.toContain(secret);
  });
});
