import { hostname } from 'node:os';
import { vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { keychainEntries } from '../helpers/test-vault';
import { expect, newVaultService, test, type AppHarness } from './fixtures';
import { acceptTerms, enterEmailedPasscode, expectSignedIn, logIn, onScreen, signOut, skipModify } from './journeys';

const DEMO_EMAIL = 'demo@example.com';
const passcodeMails = (app: AppHarness) => app.mail.messages.filter((m) => /Passcode/.test(m.subject)).length;

/** Signs demo in with an emailed passcode, ticking Remember this computer if asked. */
async function signInWithPasscode(app: AppHarness, options: { remember: boolean; firstTime: boolean }) {
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, DEMO_EMAIL, { remember: options.remember, after: app.mail.messages.length });
  await skipModify(app);
  if (options.firstTime) await acceptTerms(app);
  await expectSignedIn(app, 'demo');
}

async function openTrustedComputers(app: AppHarness) {
  await app.page.getByRole('button', { name: /^Account:/ }).click();
  await app.page.getByRole('button', { name: 'Trusted computers' }).click();
  await expect(app.page.getByRole('heading', { name: 'Trusted computers' })).toBeVisible();
}

test('J4: a remembered computer skips the passcode after a full restart of the main process; J5: an empty keychain must pass one', async ({
  app,
}) => {
  const { page } = app;
  const origin = new URL(app.serverUrl).origin;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(page.getByLabel('Remember this computer')).toBeEnabled();
  await enterEmailedPasscode(app, DEMO_EMAIL, { remember: true });
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');

  // The private key is in the keychain, under this server and user.
  const accounts = (await keychainEntries(app.vault)).map((e) => e.account).sort();
  expect(accounts).toEqual(
    [vaultAccount('device-key', origin, 'demo'), vaultAccount('session', origin, 'demo')].sort(),
  );

  // The list names it after the computer and the OS; it can be renamed.
  await openTrustedComputers(app);
  const item = page.getByRole('listitem').filter({ hasText: '(this computer)' });
  await expect(item).toContainText(`${hostname()} (Linux)`.slice(0, 64));
  await app.screenshot('trusted-computers');
  await item.getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel(/^New name for/).fill('Front desk PC');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('The computer was renamed.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Front desk PC (this computer)' })).toBeVisible();
  await app.screenshot('trusted-computers-renamed');
  await signOut(app);

  // J4: full restart of the main-process side, same keychain: no passcode.
  await app.restartMain();
  const sent = passcodeMails(app);
  await logIn(app, 'demo', DEMO_PASSWORD);
  await skipModify(app);
  await expectSignedIn(app, 'demo');
  expect(passcodeMails(app)).toBe(sent);
  await signOut(app);

  // J5: the same user on a computer whose keychain is empty must pass a passcode.
  await app.restartMain({ vaultService: newVaultService() });
  await signInWithPasscode(app, { remember: false, firstTime: false });
  expect(passcodeMails(app)).toBe(sent + 1);
  await openTrustedComputers(app);
  await expect(page.getByRole('listitem').filter({ hasText: 'Front desk PC' })).not.toContainText('(this computer)');
});

test('J11: revoking a computer from the list makes its next sign-in ask for a passcode', async ({ app }) => {
  const { page } = app;
  const computerA = app.vaultService;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, DEMO_EMAIL, { remember: true });
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await signOut(app);

  // From computer B, revoke computer A.
  await app.restartMain({ vaultService: newVaultService() });
  await signInWithPasscode(app, { remember: true, firstTime: false });
  await openTrustedComputers(app);
  await expect(page.getByRole('listitem')).toHaveCount(2);
  const other = page.getByRole('listitem').filter({ hasNotText: '(this computer)' });
  await other.getByRole('button', { name: /^Revoke/ }).click();
  await expect(page.getByText(/is no longer remembered\.$/)).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(1);
  await app.screenshot('trusted-computers-revoked-other');

  // Revoking this computer (B) also forgets its key here.
  await page
    .getByRole('listitem')
    .getByRole('button', { name: /^Revoke/ })
    .click();
  await expect(page.getByText('This computer is no longer remembered.', { exact: false })).toBeVisible();
  await expect(page.getByText('No computer is remembered for your account.')).toBeVisible();
  expect((await keychainEntries(app.vault)).map((e) => e.account)).not.toContain(
    vaultAccount('device-key', new URL(app.serverUrl).origin, 'demo'),
  );
  await signOut(app);

  // Back on computer A: the server refuses its key; the app deletes it and asks for a passcode.
  await app.restartMain({ vaultService: computerA });
  const sent = passcodeMails(app);
  await logIn(app, 'demo', DEMO_PASSWORD);
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(page.getByRole('status')).toContainText('This computer is no longer remembered for your account');
  await app.screenshot('passcode-after-revoke');
  expect(passcodeMails(app)).toBe(sent + 1);
  expect((await keychainEntries(app.vault)).map((e) => e.account)).not.toContain(
    vaultAccount('device-key', new URL(app.serverUrl).origin, 'demo'),
  );
});

test.describe('without a Secret Service', () => {
  test.use({ mainSide: 'child-without-secret-service' });

  test('J9: the keychain is unavailable: a clear notice, sign-in still works, nothing is remembered', async ({
    app,
  }) => {
    const { page } = app;
    const reason = 'No keychain service (Secret Service) is running on this computer, so it cannot be remembered.';
    await logIn(app, 'demo', DEMO_PASSWORD);
    await onScreen(page, 'Multifactor Authentication (MFA)');
    await expect(page.getByLabel('Remember this computer')).toBeDisabled();
    await expect(page.getByText(`This computer cannot be remembered: ${reason}`)).toBeVisible();
    await app.screenshot('passcode-keychain-unavailable');
    await enterEmailedPasscode(app, DEMO_EMAIL);
    await skipModify(app);
    await acceptTerms(app);
    await expectSignedIn(app, 'demo');
    await expect(page.getByText(`You are signed in for this session only. ${reason}`)).toBeVisible();
    expect(await keychainEntries(app.vault)).toEqual([]);

    await signOut(app);
    await logIn(app, 'demo', DEMO_PASSWORD);
    await onScreen(page, 'Multifactor Authentication (MFA)');
    await expect(page.getByLabel('Remember this computer')).toBeDisabled();
  });
});
