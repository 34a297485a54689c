import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse } from '../../src-shared/api-schemas';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmsSink } from '../helpers/sms-sink';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestDialect } from '../helpers/test-server';
import {
  emailedCode,
  linkFrom,
  seedUser,
  TEST_PASSWORD,
  startDeliveringServer,
  type DeliveringServer,
  type TestApi,
} from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const MINUTE = 60_000;

/** The security numbers of DESIGN.md §4, each driven over HTTP with a hand-moved clock and the default policy. */
describe.each(dialects)('security numbers (DESIGN.md §4) on %s', (dialect) => {
  let server: DeliveringServer['server'];
  let smtp: SmtpSink;
  let sms: SmsSink;
  let clock: ManualClock;
  let api: TestApi;

  let running: DeliveringServer | undefined;
  beforeAll(async () => {
    running = await startDeliveringServer(dialect);
    ({ server, smtp, sms, clock, api } = running);
  });
  afterAll(() => running?.close());

  async function emailLogin(username: string): Promise<{ flowId: string; code: string }> {
    const mark = smtp.messages.length;
    const login = await api.step('/v1/auth/login', { username, password: TEST_PASSWORD });
    return { flowId: login.flowId, code: await emailedCode(smtp, `${username.toLowerCase()}@example.com`, mark) };
  }
  const wrong = (code: string): string => (code === '000000' ? '111111' : '000000');

  it('passcodes: 6 digits, HMAC at rest, 5-minute life, single use, bound to their flow', async () => {
    await seedUser(server.database.db, clock, { username: 'otpLife', mfaMethod: 'email' });
    const a = await emailLogin('otpLife');
    expect(a.code).toMatch(/^\d{6}$/);
    const rows = await server.database.db.selectFrom('otp_codes').selectAll().where('flow_id', '=', a.flowId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.code_hash).not.toContain(a.code);
    expect(rows[0]?.code_hash).not.toBe(createHash('sha256').update(a.code).digest('hex'));

    const b = await emailLogin('otpLife');
    // A's code is useless in B's flow.
    if (a.code !== b.code)
      expect((await api.fails('/v1/auth/otp/verify', { flowId: b.flowId, code: a.code })).code).toBe('OTP_INCORRECT');
    clock.advance(5 * MINUTE - 1);
    expect((await api.step('/v1/auth/otp/verify', { flowId: b.flowId, code: b.code })).step.kind).toBe('modify-offer');
    expect((await api.fails('/v1/auth/otp/verify', { flowId: b.flowId, code: b.code })).status).toBe(409);

    clock.advance(1);
    expect(await api.fails('/v1/auth/otp/verify', { flowId: a.flowId, code: a.code })).toMatchObject({
      status: 410,
      code: 'OTP_EXPIRED',
    });
  });

  it('5 wrong tries kill a code; resend replaces it without resetting the count; the 10th failure locks passcodes for 15 minutes', async () => {
    await seedUser(server.database.db, clock, { username: 'otpLock', mfaMethod: 'email' });
    const { flowId, code } = await emailLogin('otpLock');
    for (let i = 1; i <= 4; i += 1) {
      const reply = await api.post<ErrorResponse>('/v1/auth/otp/verify', { flowId, code: wrong(code) });
      expect(reply.body.error).toMatchObject({
        code: 'OTP_INCORRECT',
        message: expect.stringContaining(`${5 - i} tr`),
      });
    }
    expect(await api.fails('/v1/auth/otp/verify', { flowId, code: wrong(code) })).toMatchObject({
      status: 410,
      code: 'OTP_TOO_MANY_ATTEMPTS',
    });
    expect(await api.fails('/v1/auth/otp/verify', { flowId, code })).toMatchObject({
      status: 410,
      code: 'OTP_TOO_MANY_ATTEMPTS',
    });

    clock.advance(30_000);
    const mark = smtp.messages.length;
    await api.step('/v1/auth/otp/resend', { flowId });
    const fresh = await emailedCode(smtp, 'otplock@example.com', mark);
    // The old code was replaced; using it counts as the 6th failure.
    if (fresh !== code) expect((await api.fails('/v1/auth/otp/verify', { flowId, code })).code).toBe('OTP_INCORRECT');
    else expect((await api.fails('/v1/auth/otp/verify', { flowId, code: wrong(code) })).code).toBe('OTP_INCORRECT');
    for (let i = 7; i <= 9; i += 1) {
      expect((await api.fails('/v1/auth/otp/verify', { flowId, code: wrong(fresh) })).code).toBe('OTP_INCORRECT');
    }
    expect(await api.fails('/v1/auth/otp/verify', { flowId, code: wrong(fresh) })).toMatchObject({
      status: 429,
      code: 'OTP_LOCKED',
      retryAfterSeconds: 15 * 60,
    });
    expect((await api.fails('/v1/auth/otp/verify', { flowId, code: fresh })).code).toBe('OTP_LOCKED');

    // Locked: a correct password sends no passcode; a wrong one is still just a wrong password.
    const before = smtp.messages.length;
    expect((await api.fails('/v1/auth/login', { username: 'otpLock', password: TEST_PASSWORD })).code).toBe(
      'OTP_LOCKED',
    );
    expect(smtp.messages.length).toBe(before);
    expect((await api.fails('/v1/auth/login', { username: 'otpLock', password: 'nope' })).code).toBe(
      'INVALID_CREDENTIALS',
    );

    clock.advance(15 * MINUTE - 1000);
    expect(
      (await api.fails('/v1/auth/login', { username: 'otpLock', password: TEST_PASSWORD })).retryAfterSeconds,
    ).toBe(1);
    clock.advance(1000);
    const again = await emailLogin('otpLock');
    expect((await api.step('/v1/auth/otp/verify', { flowId: again.flowId, code: again.code })).step.kind).toBe(
      'modify-offer',
    );
  });

  it('OTP failures are counted apart from password failures', async () => {
    await seedUser(server.database.db, clock, { username: 'apart', mfaMethod: 'email' });
    for (let i = 0; i < 4; i += 1) {
      expect((await api.fails('/v1/auth/login', { username: 'apart', password: 'wrong' })).code).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    const first = await emailLogin('apart');
    for (let i = 0; i < 5; i += 1)
      await api.fails('/v1/auth/otp/verify', { flowId: first.flowId, code: wrong(first.code) });
    const second = await emailLogin('apart');
    for (let i = 0; i < 4; i += 1)
      await api.fails('/v1/auth/otp/verify', { flowId: second.flowId, code: wrong(second.code) });
    // 9 OTP failures + 4 password failures: not locked (the counts are apart).
    expect((await api.step('/v1/auth/otp/verify', { flowId: second.flowId, code: second.code })).step.kind).toBe(
      'modify-offer',
    );
  });

  it('resend: 30 s cooldown, at most 5 sends per flow', async () => {
    await seedUser(server.database.db, clock, { username: 'resender', mfaMethod: 'email' });
    const { flowId } = await emailLogin('resender');
    expect(await api.fails('/v1/auth/otp/resend', { flowId })).toMatchObject({
      status: 429,
      code: 'RESEND_COOLDOWN',
      retryAfterSeconds: 30,
    });
    clock.advance(29_999);
    expect(await api.fails('/v1/auth/otp/resend', { flowId })).toMatchObject({
      code: 'RESEND_COOLDOWN',
      retryAfterSeconds: 1,
    });
    clock.advance(1);
    for (let send = 2; send <= 5; send += 1) {
      const reply = await api.step('/v1/auth/otp/resend', { flowId });
      expect(reply.step).toMatchObject({
        kind: 'enter-otp',
        resendAvailableAt: new Date(clock.now() + 30_000).toISOString(),
        expiresAt: new Date(clock.now() + 5 * MINUTE).toISOString(),
      });
      clock.advance(30_000);
    }
    expect(await api.fails('/v1/auth/otp/resend', { flowId })).toMatchObject({
      status: 429,
      code: 'SEND_LIMIT_REACHED',
    });
  });

  it('SMS caps: 5 texts per number per hour (across accounts), 10 per account per day (across numbers)', async () => {
    const shared = '+12025550111';
    await seedUser(server.database.db, clock, { username: 'smsA', mfaMethod: 'sms', phoneE164: shared });
    await seedUser(server.database.db, clock, { username: 'smsB', mfaMethod: 'sms', phoneE164: shared });
    const { flowId } = await api.step('/v1/auth/login', { username: 'smsA', password: TEST_PASSWORD });
    for (let i = 0; i < 4; i += 1) {
      clock.advance(30_000);
      await api.step('/v1/auth/otp/resend', { flowId });
    }
    expect(sms.to(shared)).toHaveLength(5);
    // No sixth text: a sign-in's code goes to the account's verified email instead (the cap's message
    // says "use Email instead", and at sign-in there is no screen yet to choose it on), with the text
    // still offered; that offer is refused while the cap lasts.
    const mark = smtp.messages.length;
    const byEmail = await api.step('/v1/auth/login', { username: 'smsB', password: TEST_PASSWORD });
    expect(byEmail.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'email',
      sentTo: 's***@example.com',
      alternateChannel: 'sms',
    });
    const code = await emailedCode(smtp, 'smsb@example.com', mark);
    expect(sms.to(shared)).toHaveLength(5);
    expect(await api.fails('/v1/auth/otp/switch', { flowId: byEmail.flowId })).toMatchObject({
      status: 429,
      code: 'SMS_LIMIT_REACHED',
    });
    expect((await api.step('/v1/auth/otp/verify', { flowId: byEmail.flowId, code })).step.kind).toBe('modify-offer');
    // An account with no verified email still gets the refusal, with the wait.
    await seedUser(server.database.db, clock, {
      username: 'smsC',
      mfaMethod: 'sms',
      phoneE164: shared,
      emailVerified: false,
    });
    const capped = await api.fails('/v1/auth/login', { username: 'smsC', password: TEST_PASSWORD });
    expect(capped).toMatchObject({ status: 429, code: 'SMS_LIMIT_REACHED' });
    expect(capped.retryAfterSeconds).toBeGreaterThan(55 * 60);
    clock.advance(60 * MINUTE);
    const texted = await api.step('/v1/auth/login', { username: 'smsB', password: TEST_PASSWORD });
    expect(texted.step).toMatchObject({ kind: 'enter-otp', channel: 'sms' });
    expect(sms.to(shared)).toHaveLength(6);

    // Per account: an email-enrolled user texting new numbers from the modify path.
    await seedUser(server.database.db, clock, { username: 'smsSpray', mfaMethod: 'email' });
    let n = 0;
    const nextNumber = (): string => `+1303555${String(1000 + (n += 1))}`;
    let sent = 0;
    let refused: { status: number; code: string } | undefined;
    while (!refused && sent < 20) {
      const { flowId: f, code } = await emailLogin('smsSpray');
      await api.step('/v1/auth/otp/verify', { flowId: f, code });
      await api.step('/v1/auth/modify/continue', { flowId: f });
      await api.step('/v1/auth/modify/choose', { flowId: f, factor: 'phone' });
      for (let i = 0; i < 4 && !refused; i += 1) {
        const reply = await api.post('/v1/auth/phone', { flowId: f, phone: nextNumber() });
        if (reply.status === 200) sent += 1;
        else refused = await api.fails('/v1/auth/phone', { flowId: f, phone: nextNumber() });
      }
    }
    expect(sent).toBe(10);
    expect(refused).toMatchObject({ status: 429, code: 'SMS_LIMIT_REACHED' });
  });

  it('password failures back off progressively, the same for unknown and real user names; 100 in a row lock the account', async () => {
    await seedUser(server.database.db, clock, { username: 'backoff', mfaMethod: 'email' });
    const answers: Record<string, unknown[]> = { backoff: [], ghost: [] };
    for (const username of ['backoff', 'ghost']) {
      for (let i = 0; i < 5; i += 1)
        answers[username]?.push(await api.fails('/v1/auth/login', { username, password: 'wrong' }));
      answers[username]?.push(await api.fails('/v1/auth/login', { username, password: TEST_PASSWORD }));
    }
    expect(answers.backoff).toEqual(answers.ghost);
    expect(answers.backoff?.at(-1)).toEqual({ status: 429, code: 'PASSWORD_LOCKED', retryAfterSeconds: 30 });

    clock.advance(30_000);
    expect((await api.fails('/v1/auth/login', { username: 'backoff', password: 'wrong' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(await api.fails('/v1/auth/login', { username: 'backoff', password: TEST_PASSWORD })).toMatchObject({
      code: 'PASSWORD_LOCKED',
      retryAfterSeconds: 60,
    });
    clock.advance(60_000);
    expect((await api.step('/v1/auth/login', { username: 'backoff', password: TEST_PASSWORD })).step.kind).toBe(
      'enter-otp',
    );
    // A success resets the count: the next wrong password costs no wait.
    expect((await api.fails('/v1/auth/login', { username: 'backoff', password: 'wrong' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await api.step('/v1/auth/login', { username: 'backoff', password: TEST_PASSWORD })).step.kind).toBe(
      'enter-otp',
    );

    // 98 more failures, spread over time, as the store records them; then the 99th and 100th over HTTP.
    await server.database.db
      .insertInto('password_throttle')
      .values({ username: 'backoff', failed_count: 98, locked_until: null, updated_at: clock.now() })
      .onConflict((oc) => oc.column('username').doUpdateSet({ failed_count: 98, locked_until: null }))
      .execute();
    expect((await api.fails('/v1/auth/login', { username: 'backoff', password: 'wrong' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
    clock.advance(15 * MINUTE);
    expect((await api.fails('/v1/auth/login', { username: 'backoff', password: 'wrong' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
    clock.advance(24 * 60 * MINUTE);
    const locked = await api.fails('/v1/auth/login', { username: 'backoff', password: TEST_PASSWORD });
    expect(locked).toMatchObject({ status: 429, code: 'PASSWORD_LOCKED' });
    expect(locked.retryAfterSeconds).toBeUndefined();
  });

  it('a burst of parallel wrong passwords gets no more tries than one at a time', async () => {
    await seedUser(server.database.db, clock, { username: 'burst', mfaMethod: 'email' });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => api.fails('/v1/auth/login', { username: 'burst', password: 'guess' })),
    );
    const checked = replies.filter((r) => r.code === 'INVALID_CREDENTIALS').length;
    expect(checked).toBe(defaultAuthPolicy.passwordFreeFailures + 1);
    expect(replies.filter((r) => r.code === 'PASSWORD_LOCKED')).toHaveLength(20 - checked);
  });

  it('racing final answers issue one session only; racing verifications of one code pass once', async () => {
    await seedUser(server.database.db, clock, { username: 'racer', mfaMethod: 'email' });
    const { flowId, code } = await emailLogin('racer');
    const verifies = await Promise.all(
      Array.from({ length: 5 }, () => api.post('/v1/auth/otp/verify', { flowId, code })),
    );
    expect(verifies.filter((r) => r.status === 200)).toHaveLength(1);
    const moves = await Promise.all(Array.from({ length: 5 }, () => api.post('/v1/auth/modify/continue', { flowId })));
    expect(moves.filter((r) => r.status === 200)).toHaveLength(1);
    expect(moves.filter((r) => r.status === 409)).toHaveLength(4);
    await api.step('/v1/auth/modify/cancel', { flowId });
    const accepts = await Promise.all(
      Array.from({ length: 5 }, () => api.post('/v1/auth/terms/accept', { flowId, version: '2026-01' })),
    );
    const sessions = accepts.filter((r) => r.status === 200 && r.body.session);
    expect(sessions).toHaveLength(1);
    expect(accepts.filter((r) => r.status !== 200).every((r) => r.status === 409 || r.status === 410)).toBe(true);
    const rows = await server.database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.id')
      .where('users.username', '=', 'racer')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('an unknown user and a wrong password take about the same time (one argon2id verification each)', async () => {
    const timed = async (username: string): Promise<number> => {
      const started = performance.now();
      expect((await api.fails('/v1/auth/login', { username, password: 'definitely wrong' })).code).toBe(
        'INVALID_CREDENTIALS',
      );
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await seedUser(server.database.db, clock, { username: `timing${i}` });
      known.push(await timed(`timing${i}`));
      unknown.push(await timed(`nobody${i}`));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('email links: 256-bit token stored hashed, GET changes nothing, single use, 30-minute life', async () => {
    const mark = smtp.messages.length;
    const created = await api.post('/v1/accounts', {
      username: 'linkLife',
      password: TEST_PASSWORD,
      email: 'linklife@example.com',
    });
    expect(created.status).toBe(201);
    const { url, token } = await linkFrom(smtp, 'linklife@example.com', mark);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const row = await server.database.db
      .selectFrom('email_links')
      .selectAll()
      .where('email', '=', 'linklife@example.com')
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);

    clock.advance(30 * MINUTE - 1);
    expect((await fetch(url)).status).toBe(200);
    const after = await server.database.db
      .selectFrom('email_links')
      .select('used_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.used_at).toBeNull();
    clock.advance(1);
    expect((await fetch(url)).status).toBe(410);
    const confirm = await fetch(`${url}/confirm`, { method: 'POST' });
    expect(confirm.status).toBe(410);
  });

  it('the policy holds the numbers DESIGN.md §4 prescribes', () => {
    expect(defaultAuthPolicy).toMatchObject({
      flowLifetimeMs: 15 * MINUTE,
      otpLifetimeMs: 5 * MINUTE,
      otpMaxAttempts: 5,
      otpResendCooldownMs: 30_000,
      otpMaxSendsPerFlow: 5,
      otpLockoutThreshold: 10,
      otpLockoutMs: 15 * MINUTE,
      linkLifetimeMs: 30 * MINUTE,
      deviceTrustMs: 90 * 24 * 60 * MINUTE,
      passwordHardLockFailures: 100,
    });
  });
});
