import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuthServices, type AuthServices } from '../../src-main/auth/auth-services';
import { DEVICE_FORGOTTEN_NOTICE, MIN_REFRESH_DELAY_MS } from '../../src-main/auth/auth-flow';
import { DeviceKeys } from '../../src-main/device/device-keys';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import { loadKeytar, SecretVault, vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { SmsSink } from '../helpers/sms-sink';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { clearKeychain, keychainEntries, testVault } from '../helpers/test-vault';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('main-process sign-in services over the real server (%s) and keychain', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;
  let sms: SmsSink;
  const vaults: SecretVault[] = [];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sms = await new SmsSink().start();
    server = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      smtpUrl: smtp.url,
      smsGateway: sms.gateway,
      policy: { accessTokenLifetimeMs: 1_500, otpResendCooldownMs: 0 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await sms?.stop();
    await smtp?.stop();
  });
  afterEach(async () => {
    for (const vault of vaults.splice(0)) await clearKeychain(vault);
  });

  function services(vault = testVault()): AuthServices {
    vaults.push(vault);
    return createAuthServices({ apiUrl: server.url, vault });
  }

  async function signIn(s: AuthServices, username: string, remember: boolean): Promise<void> {
    const sent = smtp.messages.length;
    const login = await s.authFlow.logIn(username, DEMO_PASSWORD);
    if (login.step.kind === 'enter-otp') {
      await s.authFlow.submitPasscode(await smtp.latestPasscode(`${username}@example.com`, sent), remember);
    }
    let view = await s.authFlow.view();
    if (view.step.kind === 'modify-offer') view = await s.authFlow.modifyCancel();
    if (view.step.kind === 'terms') view = await s.authFlow.acceptTerms();
    expect(view.step).toEqual({ kind: 'signed-in', username });
  }

  it('rotates the session with the refresh token when the access token has expired, and keeps the new one in the keychain', async () => {
    const s = services();
    await signIn(s, 'demo', false);
    const account = vaultAccount('session', s.api.origin, 'demo');
    const first = JSON.parse((await s.vault.get(account)) ?? '{}') as { accessToken: string };
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    const table = createHandlerTable(s);
    expect(await table['device:security-info'](undefined)).toMatchObject({
      ok: true,
      value: { username: 'demo', email: 'demo@example.com', mfaMethod: 'email' },
    });
    const second = JSON.parse((await s.vault.get(account)) ?? '{}') as { accessToken: string };
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(s.authFlow.currentAccessToken()).toBe(second.accessToken);

    // Several calls that find the token expired at once share one refresh (a second refresh
    // with the same token would be reuse, which revokes the session family).
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    const answers = await Promise.all([
      table['device:list'](undefined),
      table['device:security-info'](undefined),
      table['device:list'](undefined),
    ]);
    expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
    expect((await s.authFlow.view()).step).toEqual({ kind: 'signed-in', username: 'demo' });
  });

  it('a key the server does not accept (copied from elsewhere) is deleted and a passcode is asked', async () => {
    const vault = testVault();
    const s = services(vault);
    await signIn(s, 'demo', true);
    const account = vaultAccount('device-key', s.api.origin, 'demo');
    const stored = JSON.parse((await vault.get(account)) ?? '{}') as { deviceId: string };
    // Replace the private key with another one under the same device id.
    const other = new DeviceKeys(vault).create();
    await vault.set(account, JSON.stringify({ deviceId: stored.deviceId, privateKey: other.privateKeyDer }));

    const again = services(new SecretVault(loadKeytar, vault.service));
    const view = await again.authFlow.logIn('demo', DEMO_PASSWORD);
    expect(view).toMatchObject({ step: { kind: 'enter-otp' }, notice: DEVICE_FORGOTTEN_NOTICE });
    expect((await keychainEntries(vault)).map((e) => e.account)).not.toContain(account);
  });

  it('a session kept at the last launch is resumed (rotated) by a new instance; a revoked one is deleted', async () => {
    const vault = testVault();
    const s = services(vault);
    await signIn(s, 'demo', false);
    const account = vaultAccount('session', s.api.origin, 'demo');
    const before = JSON.parse((await vault.get(account)) ?? '{}') as { refreshToken: string };

    const relaunched = services(new SecretVault(loadKeytar, vault.service));
    await relaunched.authFlow.resume();
    expect((await relaunched.authFlow.view()).step).toEqual({ kind: 'signed-in', username: 'demo' });
    const after = JSON.parse((await vault.get(account)) ?? '{}') as { refreshToken: string };
    expect(after.refreshToken).not.toBe(before.refreshToken);

    // The first instance's refresh token was rotated away: replaying it revokes the family.
    const replay = await fetch(new URL('/v1/auth/refresh', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: before.refreshToken }),
    });
    expect(replay.status).toBe(401);
    const third = services(new SecretVault(loadKeytar, vault.service));
    await third.authFlow.resume();
    expect((await third.authFlow.view()).step).toEqual({ kind: 'password' });
    expect((await keychainEntries(vault)).map((e) => e.account)).not.toContain(account);
  });

  it('poll waits while the link is only opened, and moves on once it is confirmed', async () => {
    const s = services();
    expect((await s.authFlow.poll()).step).toEqual({ kind: 'password' });
    await s.authFlow.logIn('newshipper', DEMO_PASSWORD);
    await s.authFlow.startEnrollment();
    const waiting = await s.authFlow.keepEmail();
    expect(waiting.step).toMatchObject({ kind: 'check-email', sentTo: 'n***@example.com', purpose: 'enroll' });
    expect((await s.authFlow.poll()).step.kind).toBe('check-email');

    const mail = await smtp.waitFor('newshipper@example.com', (m) => /email-links\//.test(m.text));
    const link = /(https?:\/\/\S+email-links\/\S+)/.exec(mail.text)?.[1] ?? '';
    const token = link.split('/').pop() ?? '';
    // Opening the page changes nothing; only the Confirm button's POST does.
    await fetch(link);
    expect((await s.authFlow.poll()).step.kind).toBe('check-email');
    const confirmed = await fetch(new URL(`/v1/email-links/${token}/confirm`, server.url), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    // Concurrent polls (timer and a clicknship:// link) share one request and agree.
    const [a, b] = await Promise.all([s.authFlow.poll(), s.authFlow.poll()]);
    expect(a.step).toEqual({ kind: 'choose-method', methods: ['sms', 'email'] });
    expect(b).toEqual(a);
  });
});

describe('background session rotation', () => {
  it('rotates the session shortly before the access token expires, so token readers keep working', async () => {
    const smtp = await new SmtpSink().start();
    const server = await startTestServer({
      dialect: 'sqlite',
      smtpUrl: smtp.url,
      policy: { accessTokenLifetimeMs: MIN_REFRESH_DELAY_MS + 2_000 },
    });
    const vault = testVault();
    try {
      const s = createAuthServices({ apiUrl: server.url, vault });
      await s.authFlow.logIn('demo', DEMO_PASSWORD);
      await s.authFlow.submitPasscode(await smtp.latestPasscode('demo@example.com'));
      await s.authFlow.modifyCancel();
      await s.authFlow.acceptTerms();
      const first = s.authFlow.currentAccessToken();
      expect(first).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, MIN_REFRESH_DELAY_MS + 1_000));
      const second = s.authFlow.currentAccessToken();
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      const me = await fetch(new URL('/v1/me', server.url), { headers: { authorization: `Bearer ${second}` } });
      expect(me.status).toBe(200);
      await s.authFlow.signOut();
    } finally {
      await clearKeychain(vault);
      await server.close();
      await smtp.stop();
    }
  }, 40_000);
});
