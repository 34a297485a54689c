import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { SmsSink } from '../helpers/sms-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { seedUser, TEST_PASSWORD, TestApi, testClock } from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('delivery: SMS gateway failures and the dev outbox on %s', (dialect) => {
  const servers: Array<{ close(): Promise<void> }> = [];
  let sms: SmsSink;

  beforeAll(async () => {
    sms = await new SmsSink().start();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(async () => {
    await sms?.stop();
  });

  it('a failing or refusing gateway answers 503 DELIVERY_FAILED; the next log-in texts the code', async () => {
    const clock = testClock();
    const server = await startTestServer({ dialect, pgUrl: inject('pgUrl'), smsGateway: sms.gateway, clock });
    servers.push(server);
    const api = new TestApi(server.url);
    await seedUser(server.database.db, clock, { username: 'smsDown', mfaMethod: 'sms', phoneE164: '+12025550150' });
    sms.failWith = 503;
    try {
      expect(await api.fails('/v1/auth/login', { username: 'smsDown', password: TEST_PASSWORD })).toMatchObject({
        status: 503,
        code: 'DELIVERY_FAILED',
        retryAfterSeconds: 30,
      });
    } finally {
      sms.failWith = undefined;
    }
    const login = await api.step('/v1/auth/login', { username: 'smsDown', password: TEST_PASSWORD });
    expect(sms.to('+12025550150')).toHaveLength(1);
    const wrongAuth = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      smsGateway: { ...sms.gateway, authToken: 'wrong' },
      clock,
    });
    servers.push(wrongAuth);
    await seedUser(wrongAuth.database.db, clock, { username: 'smsDown', mfaMethod: 'sms', phoneE164: '+12025550150' });
    expect(
      (await new TestApi(wrongAuth.url).fails('/v1/auth/login', { username: 'smsDown', password: TEST_PASSWORD })).code,
    ).toBe('DELIVERY_FAILED');
    // Failed sends (gateway down) count neither against the 5 sends of the flow nor the SMS caps.
    clock.advance(30_000);
    sms.failWith = 502;
    try {
      for (let i = 0; i < 6; i += 1) {
        expect((await api.fails('/v1/auth/otp/resend', { flowId: login.flowId })).code).toBe('DELIVERY_FAILED');
      }
    } finally {
      sms.failWith = undefined;
    }
    await api.step('/v1/auth/otp/resend', { flowId: login.flowId });
    expect(sms.to('+12025550150')).toHaveLength(2);
    expect(
      (await api.step('/v1/auth/otp/verify', { flowId: login.flowId, code: sms.latestCode('+12025550150') })).step.kind,
    ).toBe('modify-offer');
  });

  it('without SMTP or a gateway, messages land in the dev outbox; the mailbox exists only in dev mode', async () => {
    const clock = testClock();
    const dev = await startTestServer({ dialect, pgUrl: inject('pgUrl'), clock });
    servers.push(dev);
    await seedUser(dev.database.db, clock, { username: 'outboxed', mfaMethod: 'sms', phoneE164: '+12025550155' });
    const api = new TestApi(dev.url);
    await api.step('/v1/auth/login', { username: 'outboxed', password: TEST_PASSWORD });
    const outbox = await api.get<{ messages: Array<{ channel: string; recipient: string; body: string }> }>(
      '/dev/outbox',
    );
    expect(outbox.body.messages[0]).toMatchObject({ channel: 'sms', recipient: '+12025550155' });
    expect(outbox.body.messages[0]?.body).toMatch(/Click-N-Ship: your passcode is \d{6}/);
    const page = await fetch(new URL('/dev/mailbox', dev.url));
    expect(page.status).toBe(200);

    const prod = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      clock,
      config: { devMode: false, seedDemo: false },
    });
    servers.push(prod);
    expect((await fetch(new URL('/dev/mailbox', prod.url))).status).toBe(404);
    expect((await fetch(new URL('/dev/outbox', prod.url))).status).toBe(404);
    const doc = (await (await fetch(new URL('/openapi.json', prod.url))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/dev/'))).toBe(false);
  });
});
