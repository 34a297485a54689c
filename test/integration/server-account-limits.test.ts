import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse } from '../../src-shared/api-schemas';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestDialect } from '../helpers/test-server';
import { seedUser, TEST_PASSWORD, startDeliveringServer, type DeliveringServer, type TestApi } from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const HOUR = 3_600_000;

// The unauthenticated routes that send mail cannot be used to mail-bomb an address: per target and per
// client address, over a rolling hour, counted in the database. Each test ends an hour later so the next
// starts with empty buckets.
describe.each(dialects)('limits on the unauthenticated mail-sending routes on %s', (dialect) => {
  let server: DeliveringServer['server'];
  let smtp: SmtpSink;
  let clock: ManualClock;
  let api: TestApi;
  const perTarget = defaultAuthPolicy.accountMailPerTargetPerHour;
  const perIp = defaultAuthPolicy.accountMailPerIpPerHour;

  let running: DeliveringServer | undefined;
  beforeAll(async () => {
    running = await startDeliveringServer(dialect);
    ({ server, smtp, clock, api } = running);
  });
  afterAll(() => running?.close());

  const isLimited = (reply: { status: number; body: ErrorResponse }): boolean =>
    reply.status === 429 &&
    reply.body.error.code === 'TOO_MANY_REQUESTS' &&
    (reply.body.error.retryAfterSeconds ?? 0) > 0 &&
    /Please wait \d+ minutes? and try again\./.test(reply.body.error.message);

  it('the numbers are the documented ones', () => {
    expect({ perTarget, perIp }).toEqual({ perTarget: 3, perIp: 30 });
  });

  it('create account: a fourth account for one address within the hour is refused, and no mail goes out', async () => {
    const address = 'bombed@example.com';
    const replies = [];
    for (let i = 0; i < perTarget + 2; i += 1) {
      replies.push(
        await api.post<ErrorResponse>('/v1/accounts', {
          username: `bomb${i}`,
          password: TEST_PASSWORD,
          email: address,
        }),
      );
    }
    expect(replies.slice(0, perTarget).map((r) => r.status)).toEqual([201, 201, 201]);
    expect(replies.slice(perTarget).every(isLimited), JSON.stringify(replies.map((r) => r.body))).toBe(true);
    expect(replies[perTarget]?.body.error.message).toContain('for this email address');
    await smtp.waitFor(address, () => smtp.messages.filter((m) => m.to.includes(address)).length >= perTarget);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(perTarget);
    // The refused account was not created: the name is still free an hour later.
    clock.advance(HOUR + 1000);
    const later = await api.post('/v1/accounts', {
      username: `bomb${perTarget}`,
      password: TEST_PASSWORD,
      email: address,
    });
    expect(later.status).toBe(201);
    clock.advance(HOUR + 1000);
  });

  it('create account: attempts refused for a taken name send no mail and do not count', async () => {
    await seedUser(server.database.db, clock, { username: 'takenname', mfaMethod: 'email' });
    const address = 'retrier@example.com';
    for (let i = 0; i < perTarget + 2; i += 1) {
      const taken = await api.post<ErrorResponse>('/v1/accounts', {
        username: 'takenname',
        password: TEST_PASSWORD,
        email: address,
      });
      expect(taken.body.error.code).toBe('USERNAME_TAKEN');
    }
    const created = await api.post('/v1/accounts', { username: 'freshname', password: TEST_PASSWORD, email: address });
    expect(created.status).toBe(201);
    clock.advance(HOUR + 1000);
  });

  it('forgot user name and forgot password: per target, with retry-after, and a different target still works', async () => {
    await seedUser(server.database.db, clock, { username: 'forgetful', mfaMethod: 'email' });
    for (const [path, body, other] of [
      ['/v1/accounts/forgot-username', { email: 'forgetful@example.com' }, { email: 'someone@example.com' }],
      ['/v1/accounts/forgot-password', { username: 'forgetful' }, { username: 'someone-else' }],
    ] as const) {
      const statuses: number[] = [];
      for (let i = 0; i < perTarget; i += 1) statuses.push((await api.post(path, body)).status);
      expect(statuses).toEqual([202, 202, 202]);
      const refused = await api.post<ErrorResponse>(path, body);
      expect(isLimited(refused), JSON.stringify(refused.body)).toBe(true);
      expect(refused.headers.get('retry-after')).toBe(String(refused.body.error.retryAfterSeconds));
      expect(refused.body.error.retryAfterSeconds).toBeLessThanOrEqual(3600);
      // Same case-insensitively.
      const upper = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.toUpperCase()]));
      expect(isLimited(await api.post<ErrorResponse>(path, upper))).toBe(true);
      expect((await api.post(path, other)).status).toBe(202);
      clock.advance(30 * 60_000);
      expect(isLimited(await api.post<ErrorResponse>(path, body))).toBe(true);
      clock.advance(30 * 60_000 + 1000);
      expect((await api.post(path, body)).status).toBe(202);
    }
    clock.advance(HOUR + 1000);
  });

  it('per client address: across the three routes, at most the cap per hour, whatever the target', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < perIp + 3; i += 1) {
      const path = ['/v1/accounts/forgot-username', '/v1/accounts/forgot-password'][i % 2] ?? '';
      const body = i % 2 === 0 ? { email: `spread${i}@example.com` } : { username: `spread${i}` };
      const reply = await api.post<ErrorResponse>(path, body);
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(isLimited(reply)).toBe(true);
        expect(reply.body.error.message).toContain('from this network address');
      }
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(perIp);
    expect(statuses.slice(perIp).every((s) => s === 429)).toBe(true);
    const create = await api.post<ErrorResponse>('/v1/accounts', {
      username: 'latecomer',
      password: TEST_PASSWORD,
      email: 'latecomer@example.com',
    });
    expect(isLimited(create)).toBe(true);
    clock.advance(HOUR + 1000);
    expect((await api.post('/v1/accounts/forgot-username', { email: 'spread0@example.com' })).status).toBe(202);
    clock.advance(HOUR + 1000);
  });

  it('a burst at once for one address passes at most the cap', async () => {
    const replies = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.post<ErrorResponse>('/v1/accounts/forgot-username', { email: 'burst@example.com' }),
      ),
    );
    expect(replies.filter((r) => r.status === 202).length).toBeLessThanOrEqual(perTarget);
    expect(replies.filter((r) => r.status !== 202).every(isLimited)).toBe(true);
    clock.advance(HOUR + 1000);
  });
});
