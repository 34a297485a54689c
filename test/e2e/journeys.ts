import { expect, type Page } from '@playwright/test';
import type { SmtpSink } from '../helpers/smtp-sink';

/**
 * User journeys as a person performs them, shared by the Chromium-bridge
 * project and the Electron project so both click through the same steps.
 */
export interface JourneyContext {
  page: Page;
  mail: SmtpSink;
  screenshot(name: string): Promise<void>;
}

/** Log In screen: type user name and password, press Log In. */
export async function logIn({ page, screenshot }: JourneyContext, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to Your Click-N-Ship Account' })).toBeVisible();
  await expect(page.getByText('Usernames and Passwords are case sensitive.')).toBeVisible();
  await page.getByLabel('User Name').fill(username);
  await page.getByLabel('Password').fill(password);
  await screenshot('login');
  await page.getByRole('button', { name: 'Log In' }).click();
}

/** Passcode screen: read the code from the delivered email and submit it. */
export async function enterEmailedPasscode({ page, mail, screenshot }: JourneyContext, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Multifactor Authentication (MFA)' })).toBeVisible();
  const code = await mail.latestPasscode(email);
  await page.getByLabel('Passcode').fill(code);
  await screenshot('enter-passcode');
  await page.getByRole('button', { name: 'Submit' }).click();
}
