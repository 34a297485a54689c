import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test } from './fixtures';
import {
  acceptTerms,
  confirmLinkInBrowser,
  expectSignedIn,
  logIn,
  onPasscodeScreen,
  onScreen,
  signOut,
  submitPasscode,
  textedPasscode,
  verificationLink,
} from './journeys';

test('J1: a new account must enroll: keeps its email, confirms the link in the browser, SMS to a formatted number, terms, in the app', async ({
  app,
}) => {
  const { page } = app;
  // Create New Account from the Log In screen.
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await page.getByRole('button', { name: 'Create New Account' }).click();
  await onScreen(page, 'Create New Account');
  await page.getByLabel('User Name').fill('Shipper.J1');
  await page.getByLabel('Password').fill('Parcel-Post-2026');
  await page.getByLabel('Email').fill('j1@example.com');
  await app.screenshot('create-account');
  await page.getByRole('button', { name: 'Create Account' }).click();
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await expect(page.getByRole('status').filter({ hasText: 'Your account Shipper.J1 was created.' })).toBeVisible();

  // B1: created after the cut-off, so no opt-out.
  await logIn(app, 'Shipper.J1', 'Parcel-Post-2026');
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(
    page.getByText('Accounts created on or after March 6, 2025 are required to enroll in MFA.'),
  ).toBeVisible();
  await expect(page.getByLabel('Opt out of MFA for now')).toHaveCount(0);
  await app.screenshot('enroll-offer-required');
  await page.getByLabel('Enroll in MFA').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // B2: keep the account email.
  await onScreen(page, 'Verify Your Email');
  await expect(page.getByText('j***@example.com')).toBeVisible();
  await app.screenshot('verify-email');
  await page.getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // B3/B4: wait for the link; confirm it in the browser; the app moves on by itself.
  await onScreen(page, 'Check Your Email');
  await expect(page.getByText('j***@example.com')).toBeVisible();
  await app.screenshot('check-email');
  await confirmLinkInBrowser(app, await verificationLink(app.mail, 'j1@example.com'));

  // B5, B6: SMS to a number typed with punctuation.
  await onScreen(page, 'Choose Your MFA Method');
  await app.screenshot('choose-method');
  await page.getByLabel('SMS').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await onScreen(page, 'Verify Your Phone Number');
  await expect(page.getByText('*Standard message and data rates may apply.')).toBeVisible();
  await page.getByLabel('Phone Number').fill('(202) 555-0143');
  await app.screenshot('enter-phone');
  await page.getByRole('button', { name: 'Send Passcode' }).click();

  // B7: the texted passcode, pasted with a space.
  await onPasscodeScreen(app, '(***) ***-0143');
  const code = await textedPasscode(app.sms, '+12025550143');
  await submitPasscode(app, `${code.slice(0, 3)} ${code.slice(3)}`);

  await acceptTerms(app);
  await expectSignedIn(app, 'Shipper.J1');

  // Security shows the enrolled phone.
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('button', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();
  await expect(page.getByText('(***) ***-0143')).toBeVisible();
  await expect(page.getByText('Text message (SMS)')).toBeVisible();
  await app.screenshot('security');
});

test.describe('with a short resend cooldown', () => {
  test.use({ serverPolicy: { otpResendCooldownMs: 2_000, linkResendCooldownMs: 2_000 } });

  test('J2: enrolls with a changed email and email passcodes, using Resend once', async ({ app }) => {
    const { page } = app;
    await logIn(app, 'newshipper', DEMO_PASSWORD);
    await onScreen(page, 'Multifactor Authentication (MFA)');
    await page.getByRole('button', { name: 'Continue' }).click();

    // B2: No, I'd like to change my email → new address → Send Email Link.
    await onScreen(page, 'Verify Your Email');
    await page.getByLabel("No, I'd like to change my email").check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await onScreen(page, 'Verify Your Email');
    await page.getByLabel('Email').fill('not-an-address');
    await page.getByRole('button', { name: 'Send Email Link' }).click();
    await expect(page.getByRole('alert')).toHaveText('Enter a valid email address, such as name@example.com.');
    await app.screenshot('change-email-invalid');
    await page.getByLabel('Email').fill('  shipping.desk@example.org ');
    await page.getByRole('button', { name: 'Send Email Link' }).click();

    await onScreen(page, 'Check Your Email');
    await expect(page.getByText('s***@example.org')).toBeVisible();
    await app.screenshot('check-email-new-address');
    // Resend link once its cooldown is over; the newest link is the one that works.
    await verificationLink(app.mail, 'shipping.desk@example.org');
    await expect(page.getByRole('button', { name: 'Resend link' })).toBeEnabled({ timeout: 5_000 });
    const sentBefore = app.mail.messages.length;
    await page.getByRole('button', { name: 'Resend link' }).click();
    const newest = await verificationLink(app.mail, 'shipping.desk@example.org', sentBefore);
    await confirmLinkInBrowser(app, newest);

    // B5, B8: Email passcodes to the new address; Resend once and use the new code.
    await onScreen(page, 'Choose Your MFA Method');
    await page.getByLabel('Email').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await onPasscodeScreen(app, 's***@example.org');
    const first = await app.mail.latestPasscode('shipping.desk@example.org');
    await expect(page.getByRole('button', { name: 'Resend' })).toBeDisabled();
    await expect(page.getByText(/You can resend the passcode in \d+ s\./)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Resend' })).toBeEnabled({ timeout: 5_000 });
    const before = app.mail.messages.length;
    await page.getByRole('button', { name: 'Resend' }).click();
    const second = await app.mail.latestPasscode('shipping.desk@example.org', before);
    expect(second).not.toBe(first);
    await onPasscodeScreen(app, 's***@example.org', 'enter-passcode-after-resend');
    await submitPasscode(app, second);

    await acceptTerms(app);
    await expectSignedIn(app, 'newshipper');
  });

  test('the waiting screen changes the address, and Back to Log In leaves the set-up', async ({ app }) => {
    const { page } = app;
    await logIn(app, 'newshipper', DEMO_PASSWORD);
    await onScreen(page, 'Multifactor Authentication (MFA)');
    await page.getByRole('button', { name: 'Continue' }).click();
    await onScreen(page, 'Verify Your Email');
    await page.getByRole('button', { name: 'Continue' }).click();
    await onScreen(page, 'Check Your Email');
    await expect(page.getByText('n***@example.com')).toBeVisible();
    // A new link may go out once the previous one's cooldown is over.
    await expect(page.getByRole('button', { name: 'Resend link' })).toBeEnabled({ timeout: 5_000 });

    await page.getByRole('button', { name: 'Change email address' }).click();
    await onScreen(page, 'Check Your Email');
    await expect(page.getByRole('heading', { name: 'Use a different email address' })).toBeVisible();
    await page.getByLabel('Email').fill('other.desk@example.net');
    await app.screenshot('check-email-change-address');
    await page.getByRole('button', { name: 'Send Email Link' }).click();
    await onScreen(page, 'Check Your Email');
    await expect(page.getByText('o***@example.net')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Change email address' })).toBeVisible();
    await verificationLink(app.mail, 'other.desk@example.net');

    await page.getByRole('button', { name: 'Back to Log In' }).click();
    await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  });
});

test('J3: a legacy account opts out and signs in with its password alone; MFA is offered again next time', async ({
  app,
}) => {
  const { page } = app;
  await logIn(app, 'legacy', DEMO_PASSWORD);
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(page.getByText('you may opt out of MFA for now')).toBeVisible();
  await app.screenshot('enroll-offer-optional');
  await page.getByLabel('Opt out of MFA for now').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await acceptTerms(app);
  await expectSignedIn(app, 'legacy');
  expect(app.mail.messages.filter((m) => /passcode/i.test(m.subject))).toEqual([]);

  await signOut(app);
  await logIn(app, 'legacy', DEMO_PASSWORD);
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(page.getByLabel('Opt out of MFA for now')).toBeVisible();
});
