import { DEMO_PASSWORD } from '../../src-server/seed';
import { expect, test, type AppHarness } from './fixtures';
import {
  acceptTerms,
  confirmLinkInBrowser,
  enterEmailedPasscode,
  expectSignedIn,
  logIn,
  onPasscodeScreen,
  onScreen,
  signOut,
  skipModify,
  submitPasscode,
  textedPasscode,
  verificationLink,
} from './journeys';

/** Log In and passcode, then Continue on Modify MFA Options (C1), to the Add/Modify choice (C3). */
async function openModifyChoice(app: AppHarness): Promise<void> {
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com');
  await onScreen(app.page, 'Modify MFA Options');
  await app.page.getByRole('button', { name: 'Continue' }).click();
  await onScreen(app.page, 'Modify MFA Options');
  await expect(app.page.getByText('Email (now d***@example.com)')).toBeVisible();
  await app.screenshot('modify-choose');
}

async function openSecurity(app: AppHarness): Promise<void> {
  await app.page.getByRole('button', { name: /^Account:/ }).click();
  await app.page.getByRole('button', { name: 'Security' }).click();
  await expect(app.page.getByRole('heading', { name: 'Security' })).toBeVisible();
}

test('J6: modify phone (C3-C5), re-entering a different number once; the next sign-in texts the passcode', async ({
  app,
}) => {
  const { page } = app;
  await openModifyChoice(app);
  await page.getByLabel(/^Phone/).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await onScreen(page, 'Verify Your Phone Number');
  await page.getByLabel('Phone Number').fill('12');
  await page.getByRole('button', { name: 'Send Passcode' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter a 10-digit US mobile phone number, such as (202) 555-0123.');
  await app.screenshot('modify-phone-invalid');
  await page.getByLabel('Phone Number').fill('202-555-0101');
  await page.getByRole('button', { name: 'Send Passcode' }).click();
  await onPasscodeScreen(app, '(***) ***-0101', 'modify-phone-passcode');
  await expect(page.getByLabel('Remember this computer')).toHaveCount(0);

  // C5: re-enter a different number instead.
  await page.getByRole('button', { name: 'Use a different phone number' }).click();
  await onScreen(page, 'Verify Your Phone Number');
  await page.getByLabel('Phone Number').fill('+1 (303) 555-0177');
  await page.getByRole('button', { name: 'Send Passcode' }).click();
  await onPasscodeScreen(app, '(***) ***-0177', 'modify-phone-passcode-second-number');
  await submitPasscode(app, await textedPasscode(app.sms, '+13035550177'));

  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await openSecurity(app);
  await expect(page.getByText('(***) ***-0177')).toBeVisible();
  await expect(page.getByText('Text message (SMS)')).toBeVisible();
  expect(app.sms.to('+12025550101').length).toBe(1);
  await signOut(app);

  // Next sign-in: texted to the new number, with email offered instead.
  await logIn(app, 'demo', DEMO_PASSWORD);
  await onPasscodeScreen(app, '(***) ***-0177', 'sign-in-passcode-sms');
  const before = app.mail.messages.length;
  await page.getByRole('button', { name: 'Send the passcode by email instead' }).click();
  await onPasscodeScreen(app, 'd***@example.com', 'sign-in-passcode-switched-to-email');
  await submitPasscode(app, await app.mail.latestPasscode('demo@example.com', before));
  await skipModify(app);
  await expectSignedIn(app, 'demo');
});

test('J7: modify email by link (C6-C8); the app moves on by itself once the link is confirmed', async ({ app }) => {
  const { page } = app;
  await openModifyChoice(app);
  await page.getByLabel(/^Email/).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await onScreen(page, 'Verify Your Email');
  await expect(
    page.getByText('Enter the new email address you would like use for account recovery and MFA.'),
  ).toBeVisible();
  await page.getByLabel('Email').fill('desk@shipper.example');
  await app.screenshot('modify-email');
  await page.getByRole('button', { name: 'Send Email Link' }).click();

  await onScreen(page, 'Check Your Email');
  await expect(page.getByText('d***@shipper.example')).toBeVisible();
  await app.screenshot('modify-check-email');
  await confirmLinkInBrowser(app, await verificationLink(app.mail, 'desk@shipper.example'));

  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
  await openSecurity(app);
  await expect(page.getByText('desk@shipper.example')).toBeVisible();
  // The old address is told about the change.
  await app.mail.waitFor('demo@example.com', (m) => /security notice/i.test(m.subject));
  await signOut(app);

  await logIn(app, 'demo', DEMO_PASSWORD);
  await onPasscodeScreen(app, 'd***@shipper.example', 'sign-in-passcode-new-email');
  await submitPasscode(app, await app.mail.latestPasscode('desk@shipper.example'));
  await skipModify(app);
  await expectSignedIn(app, 'demo');
});
