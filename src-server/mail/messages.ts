import type { EmailMessage, SmsMessage } from './delivery';

/**
 * The texts of every message the server sends, worded after the user guide so
 * support staff and users recognise them.
 */
export const PRODUCT_NAME = 'Click-N-Ship';
/** Customer Care, as the guide gives it. */
export const CUSTOMER_CARE_PHONE = '1-800-344-7779';

/** The passcode email (guide B8): the code, its 5-minute life, what to do if unasked. */
export function passcodeEmail(to: string, code: string, lifetimeMinutes: number): EmailMessage {
  return {
    to,
    subject: 'Your Multifactor Authentication (MFA) Temporary Passcode',
    text: [
      'Your Multifactor Authentication (MFA) Temporary Passcode',
      '',
      `This is your one-time passcode: ${code}`,
      '',
      `For security reasons, this code will expire in ${lifetimeMinutes} minutes.`,
      '',
      `If you did not take this action, please contact ${PRODUCT_NAME} Customer Care at ${CUSTOMER_CARE_PHONE} immediately.`,
      '',
      'Sincerely,',
      `The ${PRODUCT_NAME} team`,
    ].join('\n'),
  };
}

/** The passcode SMS: short, the code and the product name. */
export function passcodeSms(to: string, code: string, lifetimeMinutes: number): SmsMessage {
  return { to, text: `${PRODUCT_NAME}: your passcode is ${code}. It expires in ${lifetimeMinutes} minutes.` };
}

const SIGN_OFF = ['Sincerely,', `The ${PRODUCT_NAME} team`];

/** The verification email (guide B3, C7): one link, what it is for, what to do if unasked. */
export function verificationEmail(to: string, link: string, lifetimeMinutes: number): EmailMessage {
  return {
    to,
    subject: `Verify your email address for ${PRODUCT_NAME}`,
    text: [
      `For your ${PRODUCT_NAME} account security, please click the unique link below to verify this email address belongs to you.`,
      'You will use this email address to recover access to your account if needed. Once you have verified your email,',
      'return to your application to finish signing in.',
      '',
      link,
      '',
      `This link works once and expires in ${lifetimeMinutes} minutes.`,
      '',
      'If you did not request a verification link, please ignore this email.',
      '',
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/** The new-account email: verifies the address given at sign-up. */
export function accountVerificationEmail(
  to: string,
  username: string,
  link: string,
  lifetimeMinutes: number,
): EmailMessage {
  return {
    to,
    subject: `Confirm your new ${PRODUCT_NAME} account`,
    text: [
      `Welcome to ${PRODUCT_NAME}, ${username}.`,
      '',
      'Please click the link below to verify this email address belongs to you:',
      '',
      link,
      '',
      `This link works once and expires in ${lifetimeMinutes} minutes.`,
      '',
      'If you did not create this account, please ignore this email.',
      '',
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/** The password-reset email: a single link; nothing changes unless it is used. */
export function passwordResetEmail(to: string, link: string, lifetimeMinutes: number): EmailMessage {
  return {
    to,
    subject: `Reset your ${PRODUCT_NAME} password`,
    text: [
      'We received a request to reset the password of your account. To choose a new password, open this link:',
      '',
      link,
      '',
      `This link works once and expires in ${lifetimeMinutes} minutes. Multifactor authentication still applies when you next log in.`,
      '',
      `If you did not ask for this, you can ignore this email; your password stays the same. If this keeps happening, contact ${PRODUCT_NAME} Customer Care at ${CUSTOMER_CARE_PHONE}.`,
      '',
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/** Forgot user name: every user name registered with this address. */
export function usernameReminderEmail(to: string, usernames: string[]): EmailMessage {
  return {
    to,
    subject: `Your ${PRODUCT_NAME} user name`,
    text: [
      `You asked for the user name of your ${PRODUCT_NAME} account. The user ${usernames.length === 1 ? 'name' : 'names'} registered with this email address:`,
      '',
      ...usernames.map((u) => `  ${u}`),
      '',
      'User names are case sensitive.',
      '',
      `If you did not ask for this, you can ignore this email.`,
      '',
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/**
 * A security notice: something about the account changed. Sent to the
 * account's address (and to the old one when the address itself changed),
 * so a takeover cannot happen silently.
 */
export function securityNoticeEmail(to: string, subject: string, what: string): EmailMessage {
  return {
    to,
    subject: `${PRODUCT_NAME} security notice: ${subject}`,
    text: [
      what,
      '',
      `If this was you, there is nothing more to do. If it was not, contact ${PRODUCT_NAME} Customer Care at ${CUSTOMER_CARE_PHONE} immediately.`,
      '',
      ...SIGN_OFF,
    ].join('\n'),
  };
}
