import { expect, type Page } from '@playwright/test';
import type { SmsSink } from '../helpers/sms-sink';
import type { SmtpSink } from '../helpers/smtp-sink';

/**
 * User journeys as a person performs them, shared by the Chromium-bridge
 * project and the Electron project so both click through the same steps.
 * Every helper waits for its screen's heading, then saves a screenshot
 * (which also runs axe-core on the screen).
 */
export interface JourneyContext {
  page: Page;
  mail: SmtpSink;
  sms?: SmsSink;
  screenshot(name: string): Promise<void>;
  openInBrowser?(url: string): Promise<Page>;
}

/** Waits until the screen with this heading is shown and has focus on its heading. */
export async function onScreen(page: Page, heading: string | RegExp): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1, name: heading });
  await expect(h1).toBeVisible();
  await expect(h1).toBeFocused();
}

/** Log In screen: type user name and password, press Log In. */
export async function logIn({ page, screenshot }: JourneyContext, username: string, password: string): Promise<void> {
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
  await expect(page.getByText('Usernames and Passwords are case sensitive.')).toBeVisible();
  await page.getByLabel('User Name').fill(username);
  await page.getByLabel('Password').fill(password);
  await screenshot('login');
  await page.getByRole('button', { name: 'Log In' }).click();
}

/** The passcode screen is shown and names where the code went. */
export async function onPasscodeScreen({ page, screenshot }: JourneyContext, sentTo: string, shot = 'enter-passcode') {
  await onScreen(page, 'Multifactor Authentication (MFA)');
  await expect(page.getByText(sentTo, { exact: true })).toBeVisible();
  await expect(page.getByLabel('Passcode')).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.getByText(/This passcode expires in \d:\d\d\./)).toBeVisible();
  await screenshot(shot);
}

/** Types a passcode (as given, spaces and all), optionally ticks Remember this computer, presses Submit. */
export async function submitPasscode(
  { page }: JourneyContext,
  code: string,
  options: { remember?: boolean } = {},
): Promise<void> {
  await page.getByLabel('Passcode').fill(code);
  if (options.remember) await page.getByLabel('Remember this computer').check();
  await page.getByRole('button', { name: 'Submit' }).click();
}

/** Passcode screen: read the code from the delivered email and submit it. */
export async function enterEmailedPasscode(
  ctx: JourneyContext,
  email: string,
  options: { remember?: boolean; after?: number } = {},
): Promise<void> {
  await onScreen(ctx.page, 'Multifactor Authentication (MFA)');
  const code = await ctx.mail.latestPasscode(email, options.after ?? 0);
  await ctx.screenshot('enter-passcode');
  await submitPasscode(ctx, code, options);
}

/** The newest passcode texted to `e164`, waiting for it to arrive at the SMS gateway. */
export async function textedPasscode(sms: SmsSink, e164: string, count = 1): Promise<string> {
  await expect.poll(() => sms.to(e164).length, { message: `a text to ${e164}` }).toBeGreaterThanOrEqual(count);
  return sms.latestCode(e164);
}

/** C1: Modify MFA options offered after the passcode; Cancel logs in. */
export async function skipModify({ page, screenshot }: JourneyContext): Promise<void> {
  await onScreen(page, 'Modify MFA Options');
  await screenshot('modify-offer');
  await page.getByRole('button', { name: 'Cancel' }).click();
}

/** C9: the Terms and Conditions; I Agree. */
export async function acceptTerms({ page, screenshot }: JourneyContext): Promise<void> {
  await onScreen(page, 'Terms and Conditions');
  await screenshot('terms');
  await page.getByRole('button', { name: 'I Agree' }).click();
}

/** The signed-in shell is shown for this user. */
export async function expectSignedIn({ page, screenshot }: JourneyContext, username: string): Promise<void> {
  await onScreen(page, 'Welcome to Click-N-Ship');
  await expect(page.getByText('Signed in as')).toContainText(username);
  await screenshot('signed-in');
}

/** Account menu → Sign out; back at Log In. */
export async function signOut({ page }: JourneyContext): Promise<void> {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await onScreen(page, 'Sign in to Your Click-N-Ship Account');
}

/** The verification link in the newest verification email to `to`. */
export async function verificationLink(mail: SmtpSink, to: string, after = 0): Promise<string> {
  const message = await mail.waitFor(
    to,
    (m) =>
      mail.messages.indexOf(m) >= after && /verify/i.test(m.subject) && /https?:\/\/\S+email-links\/\S+/.test(m.text),
  );
  const link = /(https?:\/\/\S+email-links\/\S+)/.exec(message.text)?.[1];
  if (!link) throw new Error(`No verification link in the mail to ${to}`);
  return link;
}

/** Opens the emailed link in the browser, as the user would, and presses Confirm. */
export async function confirmLinkInBrowser(ctx: JourneyContext, link: string): Promise<void> {
  if (!ctx.openInBrowser) throw new Error('This journey needs a browser to open the emailed link.');
  const tab = await ctx.openInBrowser(link);
  await expect(tab.getByRole('button', { name: 'Confirm' })).toBeVisible();
  await tab.getByRole('button', { name: 'Confirm' }).click();
  await expect(tab.getByRole('heading', { name: 'Email verified' })).toBeVisible();
  await tab.close();
}
