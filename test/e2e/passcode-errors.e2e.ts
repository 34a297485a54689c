import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test, type AppHarness } from './fixtures';
import { expectSignedIn, logIn, onPasscodeScreen, onScreen, skipModify, submitPasscode } from './journeys';

const DEMO_EMAIL = 'demo@example.com';

/** A 6-digit code that is certainly not `code`. */
function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

async function expectAlert(app: AppHarness, text: string): Promise<void> {
  await expect(app.page.getByRole('alert')).toHaveText(text);
}

test.describe('passcode errors (short resend cooldown)', () => {
  test.use({ serverPolicy: { otpResendCooldownMs: 1_000 } });

  test('J8: five wrong codes end the code; Resend brings a new one that works', async ({ app }) => {
    const { page } = app;
    await logIn(app, 'demo', DEMO_PASSWORD);
    await onPasscodeScreen(app, 'd***@example.com');
    const code = await app.mail.latestPasscode(DEMO_EMAIL);

    for (const left of [4, 3, 2, 1]) {
      await submitPasscode(app, wrong(code));
      await expectAlert(app, `That passcode is not correct. You have ${left} ${left === 1 ? 'try' : 'tries'} left.`);
    }
    await app.screenshot('passcode-wrong');
    await submitPasscode(app, wrong(code));
    await expectAlert(app, 'Too many wrong tries for this passcode. Select Resend to get a new one.');
    // Even the right code is refused now.
    await submitPasscode(app, code);
    await expectAlert(app, 'Too many wrong tries for this passcode. Select Resend to get a new one.');
    await app.screenshot('passcode-too-many-tries');

    const before = app.mail.messages.length;
    await page.getByRole('button', { name: 'Resend' }).click();
    const fresh = await app.mail.latestPasscode(DEMO_EMAIL, before);
    await onPasscodeScreen(app, 'd***@example.com', 'passcode-resent');
    await submitPasscode(app, fresh);
    await skipModify(app);
    await onScreen(page, 'Terms and Conditions');
  });

  test('J8: ten wrong codes in a row lock passcodes, and the app says for how long', async ({ app }) => {
    const { page } = app;
    await logIn(app, 'demo', DEMO_PASSWORD);
    await onPasscodeScreen(app, 'd***@example.com');
    let code = await app.mail.latestPasscode(DEMO_EMAIL);
    for (let i = 0; i < 5; i += 1) await submitPasscode(app, wrong(code));
    await expectAlert(app, 'Too many wrong tries for this passcode. Select Resend to get a new one.');
    const before = app.mail.messages.length;
    await page.getByRole('button', { name: 'Resend' }).click();
    code = await app.mail.latestPasscode(DEMO_EMAIL, before);
    await onPasscodeScreen(app, 'd***@example.com', 'passcode-resent');
    for (let i = 0; i < 4; i += 1) await submitPasscode(app, wrong(code));
    await expectAlert(app, 'That passcode is not correct. You have 1 try left.');
    await submitPasscode(app, wrong(code));
    await expectAlert(app, 'Too many wrong passcodes. For your security, passcodes are locked for 15 minutes.');
    await app.screenshot('passcode-locked');
    await submitPasscode(app, code);
    await expectAlert(app, 'Too many wrong passcodes. For your security, passcodes are locked for 15 minutes.');
  });
});

test.describe('passcode expiry (passcodes live 3 seconds here)', () => {
  test.use({ serverPolicy: { otpLifetimeMs: 3_000, otpResendCooldownMs: 1_000 } });

  test('J8: an expired code says so; Resend brings one that works', async ({ app }) => {
    const { page } = app;
    await logIn(app, 'demo', DEMO_PASSWORD);
    await onScreen(page, 'Multifactor Authentication (MFA)');
    const code = await app.mail.latestPasscode(DEMO_EMAIL);
    await expect(page.getByText('This passcode has expired. Select Resend to get a new one.')).toBeVisible();
    await submitPasscode(app, code);
    await expectAlert(app, 'This passcode has expired. Select Resend to get a new one.');
    await app.screenshot('passcode-expired');

    const before = app.mail.messages.length;
    await page.getByRole('button', { name: 'Resend' }).click();
    const fresh = await app.mail.latestPasscode(DEMO_EMAIL, before);
    await submitPasscode(app, fresh);
    await skipModify(app);
    await onScreen(page, 'Terms and Conditions');
    await page.getByRole('button', { name: 'I Agree' }).click();
    await expectSignedIn(app, 'demo');
  });
});
