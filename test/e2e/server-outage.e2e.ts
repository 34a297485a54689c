import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test } from './fixtures';
import { acceptTerms, expectSignedIn, logIn, onPasscodeScreen, skipModify, submitPasscode } from './journeys';

const UNREACHABLE = 'The sign-in server cannot be reached right now. Please try again in a moment.';

test('J10: server down then back: a clear message, then success on retry (at Log In and mid-flow)', async ({ app }) => {
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

  // Down again while the passcode is typed: the step stays, the message is clear.
  await app.server.stop();
  await submitPasscode(app, code);
  await expect(page.getByRole('alert')).toHaveText(UNREACHABLE);
  await expect(page.getByRole('heading', { name: 'Multifactor Authentication (MFA)' })).toBeVisible();
  await app.screenshot('passcode-server-unreachable');

  await app.server.start();
  await submitPasscode(app, code);
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
});
