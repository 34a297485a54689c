import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, SessionTokens } from '../../src-shared/api-schemas';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestDialect } from '../helpers/test-server';
import {
  confirmLink,
  emailedCode,
  finishSignIn,
  linkFrom,
  seedUser,
  TEST_PASSWORD,
  startDeliveringServer,
  type DeliveringServer,
  type TestApi,
} from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const MINUTE = 60_000;

describe.each(dialects)('sessions and account self-service over HTTP on %s', (dialect) => {
  let server: DeliveringServer['server'];
  let smtp: SmtpSink;
  let clock: ManualClock;
  let api: TestApi;

  let running: DeliveringServer | undefined;
  beforeAll(async () => {
    running = await startDeliveringServer(dialect);
    ({ server, smtp, clock, api } = running);
  });
  afterAll(() => running?.close());

  async function signIn(
    username: string,
    password = TEST_PASSWORD,
    extra: Record<string, unknown> = {},
  ): Promise<AuthResponse> {
    const mark = smtp.messages.length;
    const login = await api.step('/v1/auth/login', { username, password });
    const code = await emailedCode(smtp, `${username.toLowerCase()}@example.com`, mark);
    const offer = await api.step('/v1/auth/otp/verify', { flowId: login.flowId, code, ...extra });
    const done = await finishSignIn(api, login.flowId, offer);
    return { ...done, ...(offer.deviceId ? { deviceId: offer.deviceId } : {}) };
  }
  const me = (tokens: SessionTokens | undefined) =>
    api.get('/v1/me', { authorization: `Bearer ${tokens?.accessToken ?? 'none-none-none-none'}` });

  it('refresh rotates; reusing a rotated token revokes the whole family', async () => {
    await seedUser(server.database.db, clock, { username: 'rotor', mfaMethod: 'email' });
    const first = (await signIn('rotor')).session;
    const second = await api.post<SessionTokens>('/v1/auth/refresh', { refreshToken: first?.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first?.refreshToken);
    expect((await me(second.body)).status).toBe(200);
    expect((await me(first)).status).toBe(401);

    expect(await api.fails('/v1/auth/refresh', { refreshToken: first?.refreshToken })).toMatchObject({
      status: 401,
      code: 'SESSION_REVOKED',
    });
    expect((await api.fails('/v1/auth/refresh', { refreshToken: second.body.refreshToken })).code).toBe(
      'SESSION_REVOKED',
    );
    expect((await me(second.body)).status).toBe(401);
  });

  it('access tokens live 15 minutes, refresh tokens 30 days; sign-out ends the family', async () => {
    await seedUser(server.database.db, clock, { username: 'lifetimes', mfaMethod: 'email' });
    const tokens = (await signIn('lifetimes')).session;
    clock.advance(15 * MINUTE - 1);
    expect((await me(tokens)).status).toBe(200);
    clock.advance(1);
    expect((await me(tokens)).status).toBe(401);
    const renewed = await api.post<SessionTokens>('/v1/auth/refresh', { refreshToken: tokens?.refreshToken });
    expect(renewed.status).toBe(200);

    const out = await fetch(new URL('/v1/auth/logout', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${renewed.body.accessToken}` },
    });
    expect(out.status).toBe(204);
    expect((await me(renewed.body)).status).toBe(401);
    expect((await api.fails('/v1/auth/refresh', { refreshToken: renewed.body.refreshToken })).code).toBe(
      'SESSION_REVOKED',
    );

    const later = (await signIn('lifetimes')).session;
    clock.advance(30 * 24 * 60 * MINUTE);
    expect(await api.fails('/v1/auth/refresh', { refreshToken: later?.refreshToken })).toMatchObject({
      status: 401,
      code: 'SESSION_INVALID',
    });
  });

  it('creates an account whose email is verified by link; new accounts must enroll', async () => {
    const mark = smtp.messages.length;
    const created = await api.post('/v1/accounts', {
      username: 'Fresh.Shipper',
      password: TEST_PASSWORD,
      email: 'fresh.shipper@example.com',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { username: 'Fresh.Shipper', verificationSentTo: 'f***@example.com' },
    });
    expect(
      await api.fails('/v1/accounts', { username: 'Fresh.Shipper', password: TEST_PASSWORD, email: 'x@example.com' }),
    ).toMatchObject({
      status: 409,
      code: 'USERNAME_TAKEN',
    });
    expect(
      (await api.fails('/v1/accounts', { username: 'shorty', password: 'short', email: 'x@example.com' })).status,
    ).toBe(400);
    const { token } = await linkFrom(smtp, 'fresh.shipper@example.com', mark);
    const verified = await confirmLink(server.url, token);
    expect(verified.html).toContain('You can now log in');
    const row = await server.database.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('username', '=', 'Fresh.Shipper')
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBe(clock.now());
    const login = await api.step('/v1/auth/login', { username: 'Fresh.Shipper', password: TEST_PASSWORD });
    expect(login.step).toEqual({ kind: 'enroll-offer', optOutAllowed: false });
  });

  it('forgot user name and forgot password answer the same whether or not the account exists', async () => {
    await seedUser(server.database.db, clock, {
      username: 'Forgetful',
      email: 'forgetful@example.com',
      mfaMethod: 'email',
    });
    const known = await api.post('/v1/accounts/forgot-username', { email: 'Forgetful@Example.com' });
    const unknown = await api.post('/v1/accounts/forgot-username', { email: 'nobody@example.com' });
    expect(known.status).toBe(202);
    expect(unknown).toMatchObject({ status: known.status, body: known.body });
    const reminder = await smtp.waitFor('forgetful@example.com', (m) => m.subject.includes('user name'));
    expect(reminder.text).toContain('  Forgetful');
    expect(smtp.messages.some((m) => m.to.includes('nobody@example.com'))).toBe(false);

    const resetsBefore = smtp.messages.filter((m) => m.subject.includes('Reset your')).length;
    const real = await api.post('/v1/accounts/forgot-password', { username: 'Forgetful' });
    const repeated = await api.post('/v1/accounts/forgot-password', { username: 'Forgetful' });
    expect(repeated).toMatchObject({ status: real.status, body: real.body });
    await smtp.waitFor('forgetful@example.com', (m) => m.subject.includes('Reset your'));
    // One reset email per 30 s, however often it is asked for.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.filter((m) => m.subject.includes('Reset your')).length).toBe(resetsBefore + 1);
    const ghost = await api.post('/v1/accounts/forgot-password', { username: 'ghost-user' });
    expect(real.status).toBe(202);
    expect(ghost).toMatchObject({ status: real.status, body: real.body });
  });

  it('a password reset by link ends every session and device trust; MFA still applies afterwards', async () => {
    await seedUser(server.database.db, clock, { username: 'resetter', mfaMethod: 'email' });
    const { publicKey } = generateKeyPairSync('ed25519');
    const withDevice = await signIn('resetter', TEST_PASSWORD, {
      rememberDevice: { publicKey: String(publicKey.export({ format: 'jwk' }).x), name: 'Desk' },
    });
    const other = (await signIn('resetter')).session;

    const mark = smtp.messages.length;
    await api.post('/v1/accounts/forgot-password', { username: 'resetter' });
    const { url, token } = await linkFrom(smtp, 'resetter@example.com', mark);
    const form = await fetch(url);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="password"');
    const mismatch = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'new password one!', confirm: 'new password two!' }).toString(),
    });
    expect(mismatch.status).toBe(400);

    const NEW = 'a brand new passphrase';
    const reset = await fetch(new URL('/v1/accounts/reset-password', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: NEW }),
    });
    expect(reset.status).toBe(204);
    expect(await api.fails('/v1/accounts/reset-password', { token, password: NEW })).toMatchObject({
      status: 410,
      code: 'LINK_INVALID',
    });
    await smtp.waitFor('resetter@example.com', (m) => m.subject.includes('password was changed'));

    for (const tokens of [withDevice.session, other]) expect((await me(tokens)).status).toBe(401);
    expect((await api.fails('/v1/auth/refresh', { refreshToken: other?.refreshToken })).code).toBe('SESSION_REVOKED');
    expect(
      (await api.fails('/v1/auth/login', { username: 'resetter', password: NEW, deviceId: withDevice.deviceId })).code,
    ).toBe('DEVICE_REVOKED');
    expect((await api.fails('/v1/auth/login', { username: 'resetter', password: TEST_PASSWORD })).code).toBe(
      'INVALID_CREDENTIALS',
    );
    const next = await api.step('/v1/auth/login', { username: 'resetter', password: NEW });
    expect(next.step).toMatchObject({ kind: 'enter-otp', purpose: 'sign-in' });

    // The HTML form path works too.
    clock.advance(30_000);
    const again = smtp.messages.length;
    await api.post('/v1/accounts/forgot-password', { username: 'resetter' });
    const second = await linkFrom(smtp, 'resetter@example.com', again);
    const submitted = await fetch(second.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'third passphrase here', confirm: 'third passphrase here' }).toString(),
    });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toContain('Password changed');
    expect(
      (await api.step('/v1/auth/login', { username: 'resetter', password: 'third passphrase here' })).step.kind,
    ).toBe('enter-otp');
  });
});
