import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import type { SecretVault } from '../../src-main/vault/secret-vault';
import { vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { getJson } from '../helpers/http';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer } from '../helpers/test-server';
import { clearKeychain, keychainEntries, testVault } from '../helpers/test-vault';

describe('main process sign-in over the real server and keychain', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;
  let vault: SecretVault;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    server = await startTestServer({ dialect: 'sqlite', smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });
  afterEach(async () => {
    if (vault) await clearKeychain(vault);
  });

  it('the keychain probe finds a working Secret Service', async () => {
    vault = testVault();
    expect(await vault.probe()).toEqual({ available: true });
    expect(await keychainEntries(vault)).toEqual([]);
  });

  it('signs in through the handler table and keeps the session token only in the keychain', async () => {
    vault = testVault();
    const services = createAuthServices({ apiUrl: server.url, vault });
    const api = services.api;
    const handlers = createHandlerTable(services);

    const afterLogin = await handlers['auth:log-in']({ username: 'demo', password: DEMO_PASSWORD });
    expect(afterLogin).toMatchObject({ ok: true, value: { step: { kind: 'enter-otp', sentTo: 'd***@example.com' } } });

    const code = await smtp.latestPasscode('demo@example.com');
    // Guide C1 and C9: after the passcode the server offers to modify MFA options, then the terms.
    const offer = await handlers['auth:submit-passcode']({ code });
    expect(offer).toMatchObject({ ok: true, value: { step: { kind: 'modify-offer' } } });
    const terms = await handlers['auth:modify-cancel'](undefined);
    expect(terms).toMatchObject({ ok: true, value: { step: { kind: 'terms' } } });
    const signedIn = await handlers['auth:accept-terms'](undefined);
    expect(signedIn).toEqual({
      ok: true,
      value: { step: { kind: 'signed-in', username: 'demo' }, remember: { available: true } },
    });

    const stored = await vault.get(vaultAccount('session', api.origin, 'demo'));
    const tokens = JSON.parse(stored ?? '{}') as { accessToken: string };
    const me = await getJson(server.url, '/v1/me', { authorization: `Bearer ${tokens.accessToken}` });
    expect(me.status).toBe(200);
    expect(JSON.stringify(signedIn)).not.toContain(tokens.accessToken);

    const step = await handlers['auth:get-step'](undefined);
    expect(step).toEqual({
      ok: true,
      value: { step: { kind: 'signed-in', username: 'demo' }, remember: { available: true } },
    });

    await handlers['auth:sign-out'](undefined);
    expect(await keychainEntries(vault)).toEqual([]);
  });

  it('rejects calls whose argument fails the contract schema, before any work', async () => {
    vault = testVault();
    const handlers = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
    expect(await handlers['auth:log-in']({ username: 'demo' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Enter your password.' },
    });
    expect(await handlers['auth:log-in']('demo')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await handlers['auth:submit-passcode']({ code: '12ab56' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The passcode is 6 digits.' },
    });
    expect(await handlers['auth:get-step']({ sneaky: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('turns server errors into codes and messages, never stacks', async () => {
    vault = testVault();
    const handlers = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
    expect(await handlers['auth:log-in']({ username: 'demo', password: 'wrong' })).toEqual({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', message: 'The user name or password is not correct.' },
    });
    const offline = createHandlerTable(createAuthServices({ apiUrl: 'http://127.0.0.1:9', vault }));
    expect(await offline['auth:log-in']({ username: 'demo', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'SERVER_UNREACHABLE' },
    });
  });
});
