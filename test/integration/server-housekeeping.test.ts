import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { pruneExpired } from '../../src-server/services/housekeeping';
import { SmsSink } from '../helpers/sms-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { seedUser, TEST_PASSWORD, TestApi, testClock } from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const HOUR = 3_600_000;

describe.each(dialects)('housekeeping on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let sms: SmsSink;
  const clock = testClock();

  beforeAll(async () => {
    sms = await new SmsSink().start();
    server = await startTestServer({ dialect, pgUrl: inject('pgUrl'), smsGateway: sms.gateway, clock });
  });
  afterAll(async () => {
    await server?.close();
    await sms?.stop();
  });

  it('removes what has expired for a day and keeps what still counts', async () => {
    const { db } = server.database;
    const api = new TestApi(server.url);
    await seedUser(db, clock, { username: 'tidy', mfaMethod: 'sms', phoneE164: '+12025550170' });
    await seedUser(db, clock, { username: 'hardLocked' });
    const old = await api.step('/v1/auth/login', { username: 'tidy', password: TEST_PASSWORD });
    await api.fails('/v1/auth/login', { username: 'ghost', password: 'x' });
    expect((await api.post('/v1/accounts/forgot-username', { email: 'old@example.com' })).status).toBe(202);
    await db
      .insertInto('password_throttle')
      .values({ username: 'hardLocked', failed_count: 100, locked_until: null, updated_at: clock.now() })
      .execute();

    clock.advance(25 * HOUR);
    const fresh = await api.step('/v1/auth/login', { username: 'tidy', password: TEST_PASSWORD });
    expect((await api.post('/v1/accounts/forgot-username', { email: 'new@example.com' })).status).toBe(202);
    const report = await pruneExpired(db, clock, defaultAuthPolicy);
    // Of the old request's two limit records, the client-address one was already dropped by the fresh request
    // (same address); the old target's is left for housekeeping.
    expect(report).toMatchObject({ flows: 1, smsSends: 1, requestLimits: 1, passwordThrottle: 1 });

    const flows = await db.selectFrom('flows').select('id').where('user_id', 'is not', null).execute();
    expect(flows.map((f) => f.id)).toContain(fresh.flowId);
    expect(flows.map((f) => f.id)).not.toContain(old.flowId);
    expect(await db.selectFrom('otp_codes').select('flow_id').where('flow_id', '=', old.flowId).execute()).toEqual([]);
    const throttled = await db.selectFrom('password_throttle').select('username').execute();
    expect(throttled.map((t) => t.username)).toEqual(['hardLocked']);
    expect(await db.selectFrom('sms_sends').select('id').execute()).toHaveLength(1);
    // The fresh request's two records (client address, target) stay.
    expect(await db.selectFrom('request_limits').select('bucket').orderBy('bucket').execute()).toHaveLength(2);
  });
});
