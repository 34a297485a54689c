import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test } from './fixtures';
import {
  acceptTerms,
  confirmLinkInBrowser,
  expectSignedIn,
  logIn,
  onPasscodeScreen,
  onScreen,
  skipModify,
  submitPasscode,
  verificationLink,
} from './journeys';

const UNREACHABLE = 'The sign-in server cannot be reached right now. Please try again in a moment.';
const RECONNECTING = 'Reconnecting to the server…';

test('J10: server down then back: a clear message at Log In, then success on retry; mid-flow the passcode screen reconnects and finishes by itself', async ({
  app,
}) => {
  const { page } = app;
  await app.server.stop();
  await logIn(app, 'demo', DEMO_PASSWORD);
  await expect(page.getByRole('alert')).toHaveText(UNREACHABLE);
  await app.screenshot('server-unreachable');

  // The server comes back on the same address with the same data; Log In again works.
  await app.server.start();
  await expect(page.getByLabel('User Name')).toHaveValue('demo');
  await page.getByRole('button', { name: 'Log In' }).click();
  await onPasscodeScreen(app, 'd***@example.com');
  const code = await app.mail.latestPasscode('demo@example.com');

  // The server is stopped while the passcode is typed: the step stays and says it is reconnecting.
  await app.server.stop();
  await submitPasscode(app, code);
  await expect(page.getByRole('status').filter({ hasText: RECONNECTING })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Multifactor Authentication (MFA)' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('');
  await app.screenshot('passcode-reconnecting');

  // Restarted (same address, same data): the passcode goes through without another click.
  await app.server.start();
  await skipModify(app);
  await expect(page.getByRole('status').filter({ hasText: RECONNECTING })).toHaveCount(0);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
});

test('J10b: the server restarts while the waiting screen polls for the emailed link; it reconnects and moves on by itself', async ({
  app,
}) => {
  const { page } = app;
  await logIn(app, 'newshipper', DEMO_PASSWORD);
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await page.getByLabel('Enroll in MFA').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await onScreen(page, 'Verify Your Email');
  await page.getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await onScreen(page, 'Check Your Email');
  const link = await verificationLink(app.mail, 'newshipper@example.com');

  await app.server.stop();
  await expect(page.getByRole('status').filter({ hasText: RECONNECTING })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Check Your Email' })).toBeVisible();
  await app.screenshot('check-email-reconnecting');

  await app.server.start();
  await expect(page.getByRole('status').filter({ hasText: RECONNECTING })).toHaveCount(0);
  await confirmLinkInBrowser(app, link);
  await onScreen(page, 'Choose Your MFA Method');
});
