import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse } from '../../src-shared/api-schemas';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { startTestServer } from '../helpers/test-server';
import { TEST_PASSWORD, TestApi, seedUser, testClock } from '../integration/server-journey';

/**
 * An attacker who has the password tries to guess the 6-digit passcode for a
 * whole simulated day, as fast as the server lets them: new flows, Resend,
 * every instance of time the locks allow. The server's own record of compared
 * guesses gives the success probability it allowed, which must not exceed
 * what the policy permits: 10 consecutive failures, then 15 minutes locked.
 */
describe('passcode brute force over many flows', () => {
  const clock = testClock();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let api: TestApi;

  beforeAll(async () => {
    server = await startTestServer({ dialect: 'sqlite', clock });
    api = new TestApi(server.url);
    await seedUser(server.database.db, clock, { username: 'victim', mfaMethod: 'email' });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The newest passcode the dev outbox holds for the victim (the attacker never sees it; we avoid it). */
  async function currentCode(): Promise<string> {
    const outbox = await api.get<{ messages: Array<{ recipient: string; body: string }> }>('/dev/outbox');
    const mail = outbox.body.messages.find((m) => m.recipient === 'victim@example.com');
    return /passcode: (\d{6})/.exec(mail?.body ?? '')?.[1] ?? '';
  }

  it('never compares more guesses than the lockout allows in a day (success probability <= 9.7e-4)', async () => {
    const policy = defaultAuthPolicy;
    const dayMs = 24 * 60 * 60_000;
    const start = clock.now();
    let flows = 0;
    let refused = 0;
    let lockedWithRightCode = 0;
    let pending: { flowId: string; code: string } | undefined;

    const wrongGuess = (code: string, i: number): string => {
      const guess = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      return guess === code ? String((Number(code) + 500_000) % 1_000_000).padStart(6, '0') : guess;
    };

    while (clock.now() - start < dayMs) {
      clock.advance(1_000);
      const login = await api.post<{ flowId: string } & ErrorResponse>('/v1/auth/login', {
        username: 'victim',
        password: TEST_PASSWORD,
      });
      if (login.status === 429) {
        expect(login.body.error.code).toBe('OTP_LOCKED');
        refused += 1;
        // While locked, even the right code on a live flow is refused, and wrong ones are not compared.
        if (pending) {
          const right = await api.fails('/v1/auth/otp/verify', { flowId: pending.flowId, code: pending.code });
          if (right.status === 429 && right.code === 'OTP_LOCKED') lockedWithRightCode += 1;
          const wrong = await api.fails('/v1/auth/otp/verify', {
            flowId: pending.flowId,
            code: wrongGuess(pending.code, 0),
          });
          expect(wrong.code).toBe('OTP_LOCKED');
        }
        // The attacker waits exactly as long as told, then tries again.
        clock.advance((login.body.error.retryAfterSeconds ?? 60) * 1000);
        continue;
      }
      expect(login.status).toBe(200);
      flows += 1;
      const flowId = login.body.flowId;
      for (let round = 0; round < 2; round += 1) {
        const code = await currentCode();
        pending = { flowId, code };
        for (let i = 0; i < policy.otpMaxAttempts + 1; i += 1) {
          clock.advance(1_000);
          const answer = await api.fails('/v1/auth/otp/verify', { flowId, code: wrongGuess(code, i) });
          expect(answer.status).toBeGreaterThanOrEqual(400);
          if (answer.code === 'OTP_LOCKED') break;
        }
        // Resend on the same flow once its cooldown allows, for a fresh code.
        clock.advance(policy.otpResendCooldownMs);
        const resent = await api.post('/v1/auth/otp/resend', { flowId });
        if (resent.status !== 200) break;
      }
    }

    const { db } = server.database;
    const row = await db
      .selectFrom('otp_codes')
      .innerJoin('flows', 'flows.id', 'otp_codes.flow_id')
      .innerJoin('users', 'users.id', 'flows.user_id')
      .where('users.username', '=', 'victim')
      .select([
        sql<number>`sum(otp_codes.attempts)`.as('compared'),
        sql<number>`max(otp_codes.attempts)`.as('most'),
        sql<number>`count(*)`.as('codes'),
      ])
      .executeTakeFirstOrThrow();
    const compared = Number(row.compared);
    const windows = Math.floor(dayMs / policy.otpLockoutMs) + 1;
    const allowed = policy.otpLockoutThreshold * windows;
    const probability = compared / 1_000_000;
    const allowedProbability = allowed / 1_000_000;
    process.stdout.write(
      `brute force, simulated day: ${flows} flows, ${row.codes} codes, ${compared} guesses compared, ${refused} log-ins refused; ` +
        `P(success) <= ${probability.toExponential(2)} (policy allows ${allowedProbability.toExponential(2)})\n`,
    );
    expect(Number(row.most)).toBeLessThanOrEqual(policy.otpMaxAttempts);
    expect(compared).toBeGreaterThan(0);
    expect(compared).toBeLessThanOrEqual(allowed);
    expect(probability).toBeLessThanOrEqual(allowedProbability);
    expect(allowedProbability).toBeLessThan(1e-3);
    expect(refused).toBeGreaterThan(0);
    expect(lockedWithRightCode).toBeGreaterThan(0);
  }, 120_000);
});

describe('log-in timing: unknown user vs wrong password', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const users = Array.from({ length: 10 }, (_, i) => `timed${i}`);

  beforeAll(async () => {
    server = await startTestServer({ dialect: 'sqlite' });
    for (const username of users)
      await seedUser(server.database.db, { now: () => Date.now() }, { username, mfaMethod: 'email' });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function timeLogin(username: string): Promise<number> {
    const t0 = performance.now();
    const reply = await fetch(new URL('/v1/auth/login', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'not the password at all' }),
    });
    const body = (await reply.json()) as ErrorResponse;
    const elapsed = performance.now() - t0;
    expect(reply.status).toBe(401);
    expect(body.error.code).toBe('INVALID_CREDENTIALS');
    return elapsed;
  }

  it('answers both in the same time: medians within 25 % or 3 ms, whichever is larger', async () => {
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    // Warm-up, then interleave so machine load falls on both alike; 4 tries per real name stay under the back-off.
    await timeLogin(`warm-${randomBytes(4).toString('hex')}`);
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const real = users[i % users.length] ?? '';
      if (i % 2 === 0) {
        unknown.push(await timeLogin(`ghost-${randomBytes(6).toString('hex')}`));
        wrong.push(await timeLogin(real));
      } else {
        wrong.push(await timeLogin(real));
        unknown.push(await timeLogin(`ghost-${randomBytes(6).toString('hex')}`));
      }
    }
    const mu = median(unknown);
    const mw = median(wrong);
    const tolerance = Math.max(3, 0.25 * mw);
    process.stdout.write(
      `log-in timing: unknown user median ${mu.toFixed(1)} ms, wrong password median ${mw.toFixed(1)} ms, tolerance ${tolerance.toFixed(1)} ms\n`,
    );
    expect(Math.abs(mu - mw)).toBeLessThanOrEqual(tolerance);
  }, 120_000);
});
