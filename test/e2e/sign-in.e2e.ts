import { vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { getJson } from '../helpers/http';
import { keychainEntries } from '../helpers/test-vault';
import { expect, test } from './fixtures';
import { acceptTerms, enterEmailedPasscode, expectSignedIn, logIn, skipModify } from './journeys';

test('demo user signs in with an emailed passcode; the session token lives only in the keychain', async ({ app }) => {
  const { page } = app;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await expect(page.getByText('d***@example.com')).toBeVisible();
  await enterEmailedPasscode(app, 'demo@example.com');
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');

  // The token is in the real keychain (gnome-keyring), and the server accepts it.
  const entries = await keychainEntries(app.vault);
  expect(entries.map((e) => e.account)).toEqual([vaultAccount('session', new URL(app.serverUrl).origin, 'demo')]);
  const { accessToken, refreshToken } = JSON.parse(entries[0]?.password ?? '{}') as Record<string, string>;
  expect((await getJson(app.serverUrl, '/v1/me', { authorization: `Bearer ${accessToken}` })).status).toBe(200);

  // Nothing the renderer can reach holds it: not the page, its storage, nor any IPC answer.
  const reachable = await page.evaluate(() => {
    const seen: string[] = [document.documentElement.outerHTML, document.cookie];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i += 1)
        seen.push(String(store.key(i)), String(store.getItem(String(store.key(i)))));
    }
    for (const key of Object.keys(window)) {
      try {
        seen.push(key, JSON.stringify((window as unknown as Record<string, unknown>)[key]) ?? '');
      } catch {
        seen.push(key);
      }
    }
    return seen.join('\n');
  });
  const answers = JSON.stringify(app.bridgeLog);
  for (const secret of [accessToken, refreshToken]) {
    expect(secret).toBeTruthy();
    expect(reachable).not.toContain(secret);
    expect(answers).not.toContain(secret);
  }
});

test('a wrong password is explained on the Log In screen', async ({ app }) => {
  await logIn(app, 'demo', 'not-the-password');
  await expect(app.page.getByRole('alert')).toHaveText('The user name or password is not correct.');
  await app.screenshot('wrong-password');
});
