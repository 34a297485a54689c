import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEVICE_NOT_ALLOWED_NOTICE } from '../../src-main/auth/auth-flow';
import { vaultAccount } from '../../src-main/vault/secret-vault';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test } from './fixtures';
import { keychainEntries } from '../helpers/test-vault';
import { acceptTerms, enterEmailedPasscode, expectSignedIn, logIn, signOut, skipModify } from './journeys';

/*
 * IT manages the app through a Linux policy file (/etc/click-n-ship/policy.json,
 * here a temp file handed to the harness). The user's own settings file names
 * another server, on a port where nothing listens: signing in works only if
 * the app really uses the managed URL.
 */

test.describe('managed by IT', () => {
  test.use({
    appPolicy: {
      forServer: (serverUrl) => ({
        apiUrl: serverUrl,
        updatesDisabled: true,
        supportPhone: '555-0100 x42',
        helpUrl: 'https://help.example.com/click-n-ship',
        trustedDeviceMaxDays: 'forever',
      }),
    },
    userSettings: { serverUrl: 'http://127.0.0.1:9', rememberUsername: false },
  });

  test('the settings screen shows the managed server URL locked, and the app signs in through it', async ({ app }) => {
    const { page } = app;
    expect(readFileSync(app.policyFile, 'utf8')).toContain(app.serverUrl);

    // The unusable policy value is announced on the Log In screen before anyone opens Settings.
    await expect(page.getByRole('status').filter({ hasText: '1 message about your settings' })).toBeVisible();
    // The organization's help desk replaces the Customer Care number, and its help pages are linked.
    const footer = page.locator('footer.help');
    await expect(footer.getByRole('link', { name: '555-0100 x42' })).toHaveAttribute('href', 'tel:555-0100 x42');
    await expect(footer).not.toContainText('1-800-344-7779');
    await expect(footer.getByRole('link', { name: "Your organization's help pages" })).toHaveAttribute(
      'href',
      'https://help.example.com/click-n-ship',
    );
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog).toBeVisible();
    const serverField = dialog.getByLabel('Server address');
    await expect(serverField).toHaveValue(app.serverUrl);
    await expect(serverField).not.toBeEditable();
    await expect(serverField).toHaveAccessibleDescription(/Managed by your organization/);
    await expect(dialog.getByText('Managed by your organization').first()).toBeVisible();
    await expect(dialog.getByText(`In use now: ${app.serverUrl} (set by your organization)`)).toBeVisible();
    await expect(dialog.getByText('Updates are turned off by your organization.')).toBeVisible();
    await expect(dialog.getByText('Help desk:')).toContainText('555-0100 x42');
    // The invalid key is reported to the user and ignored; the rest of the file applies.
    await expect(dialog.getByRole('list', { name: 'Notices' })).toContainText(
      `Managed settings in ${app.policyFile}: trustedDeviceMaxDays: Must be a whole number of days. The value was ignored.`,
    );
    await app.screenshot('settings-managed');

    // Typing does not change a managed value, and main refuses it even if the page asks directly.
    await serverField.press('End');
    await page.keyboard.type('/elsewhere');
    await expect(serverField).toHaveValue(app.serverUrl);
    const refused = await page.evaluate(() =>
      (window as unknown as { cns: { updateSettings(r: unknown): Promise<unknown> } }).cns.updateSettings({
        serverUrl: 'https://elsewhere.example.com',
      }),
    );
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'MANAGED_BY_POLICY',
        message: 'The server address is managed by your organization and cannot be changed here.',
      },
    });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // The dialog's content goes once React has seen the close event.
    await expect(page.getByLabel('Remember my user name on this computer')).toHaveCount(0);

    // The URL in use is the managed one: the user's setting points at a closed port.
    // (Focus is back on the Settings button, so the Log In form is filled here rather than by logIn().)
    await expect(page.getByRole('button', { name: 'Settings' })).toBeFocused();
    await page.getByLabel('User Name').fill('demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Multifactor Authentication (MFA)' })).toBeVisible();
    await expect(page.locator('footer.help')).toContainText('Customer Care: 555-0100 x42');
    await enterEmailedPasscode(app, 'demo@example.com');
    await skipModify(app);
    await acceptTerms(app);
    await expectSignedIn(app, 'demo');

    // The account menu opens the same settings, still locked.
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(dialog.getByLabel('Server address')).toHaveValue(app.serverUrl);
    await expect(dialog.getByLabel('Server address')).not.toBeEditable();
    await app.screenshot('settings-managed-signed-in');
  });
});

test('without policy the user may change the server address; it is saved for the next start', async ({ app }) => {
  const { page } = app;
  await expect(page.locator('footer.help')).toContainText('Customer Care: 1-800-344-7779');
  await expect(page.locator('footer.help').getByRole('link', { name: "Your organization's help pages" })).toHaveCount(
    0,
  );
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const serverField = dialog.getByLabel('Server address');
  await expect(serverField).toHaveValue('');
  await expect(serverField).toBeEditable();
  await expect(dialog.getByText('Managed by your organization')).toHaveCount(0);
  await expect(dialog.getByText(`In use now: ${app.serverUrl}`)).toBeVisible();

  await serverField.fill('http://ship.example.com');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('https://');

  await serverField.fill('https://ship.example.com/');
  await dialog.getByLabel('Remember my user name on this computer').check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText(
    'Saved. Restart Click-N-Ship to connect to the new server.',
  );
  await app.screenshot('settings-saved');
  const onDisk = JSON.parse(readFileSync(join(app.settingsDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  expect(onDisk).toMatchObject({ serverUrl: 'https://ship.example.com', rememberUsername: true });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test.describe('IT forbids remembering computers; the user opted in to keep the user name', () => {
  test.use({
    appPolicy: { forServer: (serverUrl) => ({ apiUrl: serverUrl, allowRememberDevice: false }) },
    userSettings: { rememberUsername: true },
  });

  test('the passcode screen says why the computer cannot be remembered, and main never remembers it', async ({
    app,
  }) => {
    const { page } = app;
    await logIn(app, 'demo', DEMO_PASSWORD);
    await expect(page.getByRole('heading', { level: 1, name: 'Multifactor Authentication (MFA)' })).toBeVisible();
    await expect(page.getByLabel('Remember this computer')).toBeDisabled();
    await expect(
      page.getByText('This computer cannot be remembered: Your organization does not allow remembering computers.'),
    ).toBeVisible();
    await app.screenshot('passcode-remember-not-allowed');

    // Even a request that asks to remember (as a tampered page could) is answered without a device key.
    const code = await app.mail.latestPasscode('demo@example.com', 0);
    const answer = await page.evaluate(
      (passcode) =>
        (window as unknown as { cns: { submitPasscode(r: unknown): Promise<unknown> } }).cns.submitPasscode({
          code: passcode,
          rememberDevice: true,
        }),
      code,
    );
    expect(answer).toMatchObject({
      ok: true,
      value: { remember: { available: false, reason: 'Your organization does not allow remembering computers.' } },
    });
    await page.reload();
    await skipModify(app);
    await acceptTerms(app);
    await expectSignedIn(app, 'demo');
    // The user opted in, so the user name (and only that) is kept for the next Log In.
    const onDisk = JSON.parse(readFileSync(join(app.settingsDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toEqual({ rememberUsername: true, rememberedUsername: 'demo' });
    // Signed in with a session, but no device key was made: this computer is not remembered.
    const entries = await keychainEntries(app.vault);
    expect(entries.map((e) => e.account.split('|')[0])).toEqual(['session']);
    // Back at Log In, the kept user name is filled in; the password is not.
    await signOut(app);
    await expect(page.getByLabel('User Name')).toHaveValue('demo');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await app.screenshot('login-remembered-username');
  });
});

test.describe('a damaged settings file', () => {
  test.use({ userSettings: { serverUrl: 'ftp://ship.example.com', windowBounds: 'left' } });

  test('is backed up and reset, and the user is told so', async ({ app }) => {
    const { page } = app;
    await expect(page.getByRole('status').filter({ hasText: '1 message about your settings' })).toBeVisible();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByRole('list', { name: 'Notices' })).toContainText(
      /Your settings could not be read, so they were reset to the defaults\. The damaged file was kept as settings\.corrupt-.+\.json\./,
    );
    await expect(dialog.getByLabel('Server address')).toHaveValue('');
    await app.screenshot('settings-reset-notice');
    const backups = readdirSync(app.settingsDir).filter((f) => f.startsWith('settings.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(app.settingsDir, backups[0] ?? ''), 'utf8'))).toEqual({
      serverUrl: 'ftp://ship.example.com',
      windowBounds: 'left',
    });
    expect(JSON.parse(readFileSync(join(app.settingsDir, 'settings.json'), 'utf8'))).toEqual({
      rememberUsername: false,
    });
  });
});

test('a computer remembered before IT forbade it asks for a passcode again, and its key is deleted with a notice', async ({
  app,
}) => {
  const { page } = app;
  const origin = new URL(app.serverUrl).origin;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com', { remember: true });
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await signOut(app);
  expect((await keychainEntries(app.vault)).map((e) => e.account)).toContain(
    vaultAccount('device-key', origin, 'demo'),
  );

  // IT now forbids remembering computers; the app starts again with the same keychain.
  mkdirSync(dirname(app.policyFile), { recursive: true });
  writeFileSync(app.policyFile, JSON.stringify({ allowRememberDevice: false }));
  await app.restartMain();
  await logIn(app, 'demo', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Multifactor Authentication (MFA)' })).toBeVisible();
  await expect(page.getByText(DEVICE_NOT_ALLOWED_NOTICE)).toBeVisible();
  await expect(page.getByLabel('Remember this computer')).toBeDisabled();
  await app.screenshot('passcode-remembered-computer-not-allowed');
  expect((await keychainEntries(app.vault)).map((e) => e.account)).not.toContain(
    vaultAccount('device-key', origin, 'demo'),
  );
});
