import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { keychainEntries } from '../helpers/test-vault';
import { expect, test } from './fixtures';
import {
  acceptTerms,
  enterEmailedPasscode,
  expectSignedIn,
  logIn,
  onPasscodeScreen,
  onScreen,
  signOut,
  skipModify,
} from './journeys';

/** Everything a script in the page can read: the DOM, cookies, both storages, every global. */
async function rendererReachable(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const seen: string[] = [document.documentElement.outerHTML, document.cookie];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i += 1) {
        const key = String(store.key(i));
        seen.push(key, String(store.getItem(key)));
      }
    }
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        seen.push(key, JSON.stringify((window as unknown as Record<string, unknown>)[key]) ?? '');
      } catch {
        seen.push(key);
      }
    }
    seen.push(JSON.stringify(await indexedDB.databases()));
    seen.push((await caches.keys()).join(','));
    return seen.join('\n');
  });
}

test('no token, key, flow id or passcode of the main process is reachable from the renderer', async ({ app }) => {
  const { page } = app;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com', { remember: true });
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('button', { name: 'Trusted computers' }).click();
  await expect(page.getByText('(this computer)')).toBeVisible();
  const whileSignedIn = await rendererReachable(page);
  await signOut(app);
  await logIn(app, 'demo', DEMO_PASSWORD); // the remembered computer signs the server's nonce
  await skipModify(app);
  await expectSignedIn(app, 'demo');
  const afterDeviceSignIn = await rendererReachable(page);

  // The secrets: session tokens and the device's private key from the real keychain,
  // every flow id and device nonce from the server's database, every passcode that was mailed.
  const secrets: string[] = [];
  for (const entry of await keychainEntries(app.vault)) {
    const stored = JSON.parse(entry.password) as Record<string, string>;
    for (const field of ['accessToken', 'refreshToken', 'privateKey']) if (stored[field]) secrets.push(stored[field]);
  }
  const db = new Database(join(app.server.dataDir, 'server.db'), { readonly: true });
  try {
    for (const row of db.prepare('select id from flows').all() as Array<{ id: string }>) secrets.push(row.id);
    for (const row of db.prepare('select nonce from device_challenges').all() as Array<{ nonce: string }>)
      secrets.push(row.nonce);
  } finally {
    db.close();
  }
  for (const m of app.mail.messages) {
    const code = /one-time passcode: (\d{6})/.exec(m.text)?.[1];
    if (code) secrets.push(code);
  }
  // access + refresh token, private key; two flows; one device nonce; one passcode.
  expect(secrets.length).toBe(7);

  const answers = JSON.stringify(app.bridgeLog);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThanOrEqual(6);
    expect(whileSignedIn).not.toContain(secret);
    expect(afterDeviceSignIn).not.toContain(secret);
    expect(answers).not.toContain(secret);
  }
  // The page's only door is window.cns, and it holds nothing but functions.
  const api = await page.evaluate(() => {
    const cns = (window as unknown as { cns: Record<string, unknown> }).cns;
    return { frozen: Object.isFrozen(cns), kinds: [...new Set(Object.values(cns).map((v) => typeof v))] };
  });
  expect(api).toEqual({ frozen: true, kinds: ['function'] });
});

test('the step lives in the main process: a renderer reload shows the same passcode step', async ({ app }) => {
  const { page } = app;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await onPasscodeScreen(app, 'd***@example.com');
  await page.reload();
  await onPasscodeScreen(app, 'd***@example.com', 'passcode-after-reload');
  await page.getByLabel('Passcode').fill(await app.mail.latestPasscode('demo@example.com'));
  await page.getByRole('button', { name: 'Submit' }).click();
  await onScreen(page, 'Modify MFA Options');
});

test('keyboard only: Log In, passcode, Modify MFA Options, terms and the account menu work without a mouse', async ({
  app,
}) => {
  const { page } = app;
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('User Name')).toBeFocused();
  await page.keyboard.type('demo');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');

  await onScreen(page, 'Multifactor Authentication (MFA)');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Passcode')).toBeFocused();
  await page.keyboard.type(await app.mail.latestPasscode('demo@example.com'));
  await page.keyboard.press('Enter');

  await onScreen(page, 'Modify MFA Options');
  await page.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await onScreen(page, 'Terms and Conditions');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: /Terms and Conditions, version/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'I Agree' })).toBeFocused();
  await page.keyboard.press('Enter');

  await onScreen(page, 'Welcome to Click-N-Ship');
  await page.getByRole('button', { name: /^Account:/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Trusted computers' })).toBeFocused();
  await app.screenshot('account-menu-open');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Account:/ })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Trusted computers' })).toHaveCount(0);
});

test('declining the terms signs nothing in and says so', async ({ app }) => {
  const { page } = app;
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com');
  await skipModify(app);
  await onScreen(page, 'Terms and Conditions');
  await page.getByRole('button', { name: 'Decline' }).click();
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await expect(page.getByRole('status')).toHaveText(
    'You declined the Terms and Conditions, so you were not signed in.',
  );
  await app.screenshot('terms-declined');
  expect(await keychainEntries(app.vault)).toEqual([]);
});
