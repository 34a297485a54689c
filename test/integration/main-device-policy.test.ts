import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVICE_NOT_ALLOWED_NOTICE } from '../../src-main/auth/auth-flow';
import { createAuthServices, type AuthServices } from '../../src-main/auth/auth-services';
import { vaultAccount, type SecretVault } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { clearKeychain, keychainEntries, testVault } from '../helpers/test-vault';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

/*
 * IT policy `allowRememberDevice: false` over the real server and keychain: a
 * computer remembered before the policy no longer skips the passcode, and its
 * key is deleted with a notice.
 */
describe.each(dialects)('remembered computers under IT policy (%s)', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;
  const vaults: SecretVault[] = [];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    server = await startTestServer({ dialect, pgUrl: inject('pgUrl'), smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });
  afterEach(async () => {
    for (const vault of vaults.splice(0)) await clearKeychain(vault);
  });

  async function finishSignIn(s: AuthServices, remember: boolean, sent: number): Promise<void> {
    await s.authFlow.submitPasscode(await smtp.latestPasscode('demo@example.com', sent), remember);
    let view = await s.authFlow.view();
    if (view.step.kind === 'modify-offer') view = await s.authFlow.modifyCancel();
    if (view.step.kind === 'terms') view = await s.authFlow.acceptTerms();
    expect(view.step).toEqual({ kind: 'signed-in', username: 'demo' });
  }

  it('does not use a key remembered before the policy, deletes it and says so', async () => {
    const vault = testVault();
    vaults.push(vault);
    const before = createAuthServices({ apiUrl: server.url, vault });
    let sent = smtp.messages.length;
    expect((await before.authFlow.logIn('demo', DEMO_PASSWORD)).step.kind).toBe('enter-otp');
    await finishSignIn(before, true, sent);
    await before.authFlow.signOut();
    const keyAccount = vaultAccount('device-key', before.api.origin, 'demo');
    expect((await keychainEntries(vault)).map((e) => e.account)).toContain(keyAccount);

    // A new launch, same keychain, and IT now forbids remembering computers.
    const managed = createAuthServices({ apiUrl: server.url, vault, devicePolicy: () => ({ allowed: false }) });
    sent = smtp.messages.length;
    const login = await managed.authFlow.logIn('demo', DEMO_PASSWORD);
    expect(login.step.kind).toBe('enter-otp');
    expect(login.notice).toBe(DEVICE_NOT_ALLOWED_NOTICE);
    expect((await keychainEntries(vault)).map((e) => e.account)).not.toContain(keyAccount);

    // Asking to remember again is ignored while the policy holds.
    await finishSignIn(managed, true, sent);
    expect((await keychainEntries(vault)).map((e) => e.account)).not.toContain(keyAccount);
    await managed.authFlow.signOut();
  }, 40_000);

  it('sends the policy cap on the trust lifetime, and the server keeps it', async () => {
    const vault = testVault();
    vaults.push(vault);
    const capped = createAuthServices({
      apiUrl: server.url,
      vault,
      devicePolicy: () => ({ allowed: true, maxDays: 7 }),
    });
    const sent = smtp.messages.length;
    await capped.authFlow.logIn('demo', DEMO_PASSWORD);
    const registeredAt = Date.now();
    await finishSignIn(capped, true, sent);
    const [mine] = (await capped.trustedComputers.list()).filter((c) => c.isThisComputer);
    const days = (Date.parse(mine?.expiresAt ?? '') - registeredAt) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    await capped.trustedComputers.revoke(mine?.id ?? '');
    await capped.authFlow.signOut();
  }, 40_000);
});
