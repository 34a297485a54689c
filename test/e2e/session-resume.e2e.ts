import { vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { getJson } from '../helpers/http';
import { keychainEntries } from '../helpers/test-vault';
import { expect, test } from './fixtures';
import { acceptTerms, enterEmailedPasscode, expectSignedIn, logIn, signOut, skipModify } from './journeys';

test('closed while signed in: the next launch continues signed in; Sign out ends the session on the server', async ({
  app,
}) => {
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com');
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');

  await app.restartMain();
  await expectSignedIn(app, 'demo');
  const account = vaultAccount('session', new URL(app.serverUrl).origin, 'demo');
  const entry = (await keychainEntries(app.vault)).find((e) => e.account === account);
  const { accessToken } = JSON.parse(entry?.password ?? '{}') as { accessToken: string };
  expect((await getJson(app.serverUrl, '/v1/me', { authorization: `Bearer ${accessToken}` })).status).toBe(200);

  await signOut(app);
  expect((await keychainEntries(app.vault)).map((e) => e.account)).not.toContain(account);
  expect((await getJson(app.serverUrl, '/v1/me', { authorization: `Bearer ${accessToken}` })).status).toBe(401);
  await app.restartMain();
  await expect(app.page.getByRole('heading', { name: 'Sign in to Your Click-N-Ship Account' })).toBeVisible();
});
