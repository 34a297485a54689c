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
