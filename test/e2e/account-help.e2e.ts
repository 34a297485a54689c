import { DEMO_PASSWORD } from '../../src-server/seed';
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

test('Forgot your username? emails the user name; the answer is the same for an unknown address', async ({ app }) => {
  const { page } = app;
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await page.getByRole('button', { name: 'Forgot your username?' }).click();
  await onScreen(page, 'Forgot Your Username?');
  await page.getByLabel('Email').fill('legacy@example.com');
  await app.screenshot('forgot-username');
  await page.getByRole('button', { name: 'Email My Username' }).click();
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  const answer = 'If an account uses that email address, we have sent its user name there.';
  await expect(page.getByRole('status')).toHaveText(answer);
  const mail = await app.mail.waitFor('legacy@example.com', (m) => /user name/i.test(m.subject));
  expect(mail.text).toContain('  legacy');

  await page.getByRole('button', { name: 'Forgot your username?' }).click();
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Email My Username' }).click();
  await expect(page.getByRole('status')).toHaveText(answer);
});

test('Forgot your password? The emailed link resets it, remembered computers are forgotten, and MFA still applies', async ({
  app,
}) => {
  const { page } = app;
  // Remember this computer first, to see the reset end that trust.
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com', { remember: true });
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await signOut(app);

  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await onScreen(page, 'Forgot Your Password?');
  await page.getByLabel('User Name').fill('demo');
  await app.screenshot('forgot-password');
  await page.getByRole('button', { name: 'Send Reset Link' }).click();
  await onScreen(page, 'Reset Your Password');
  await expect(page.getByRole('status').first()).toContainText('we have emailed a password reset link');
  const mail = await app.mail.waitFor('demo@example.com', (m) => /reset/i.test(m.subject));
  const link = /(https?:\/\/\S+password-reset\/\S+)/.exec(mail.text)?.[1] ?? '';
  expect(link).not.toBe('');

  await page.getByLabel('Reset link or code').fill(link);
  await page.getByLabel('New Password').fill('short');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await expect(page.getByRole('alert')).toHaveText('A password needs at least 12 characters.');
  await page.getByLabel('New Password').fill('Brand-New-Pass-2026');
  await app.screenshot('reset-password');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await expect(page.getByRole('status')).toContainText('Your password has been changed.');

  await logIn(app, 'demo', DEMO_PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('The user name or password is not correct.');
  await page.getByLabel('Password').fill('Brand-New-Pass-2026');
  await page.getByRole('button', { name: 'Log In' }).click();
  await onPasscodeScreen(app, 'd***@example.com', 'passcode-after-reset');
  await expect(page.getByRole('status')).toContainText('This computer is no longer remembered for your account');
});

test('Create New Account explains a taken user name and a short password', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Create New Account' }).click();
  await onScreen(page, 'Create New Account');
  await page.getByLabel('User Name').fill('demo');
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Email').fill('someone@example.com');
  await page.getByRole('button', { name: 'Create Account' }).click();
  await expect(page.getByRole('alert')).toHaveText('A password needs at least 12 characters.');
  await page.getByLabel('Password').fill('Long-Enough-Pass-1');
  await page.getByRole('button', { name: 'Create Account' }).click();
  await expect(page.getByRole('alert')).toHaveText('That user name is already in use. Please choose another.');
  await app.screenshot('create-account-taken');
});
