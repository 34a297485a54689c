import type { FastifyBaseLogger } from 'fastify';
import type { EmailSender } from '../mail/delivery';
import { securityNoticeEmail } from '../mail/messages';

/**
 * Security notices by email: a factor changed, a computer was trusted, the
 * password was reset, MFA was reset. A notice that cannot be delivered is
 * logged and does not undo the change it reports.
 */
export class Notices {
  constructor(
    private readonly email: EmailSender,
    private readonly logger: Pick<FastifyBaseLogger, 'warn'>,
  ) {}

  /** The email address changed: tell the new address and, above all, the old one. */
  async emailChanged(oldEmail: string, newEmail: string): Promise<void> {
    const what =
      'The email address of your Click-N-Ship account was changed. Verification links and passcodes by email now go to the new address.';
    await this.send([oldEmail, newEmail], 'your email address was changed', what);
  }

  /** The phone number for passcodes was set or changed. */
  async phoneChanged(accountEmail: string, maskedPhone: string): Promise<void> {
    await this.send(
      [accountEmail],
      'your phone number was changed',
      `The mobile phone number for your Click-N-Ship passcodes is now ${maskedPhone}.`,
    );
  }

  /** MFA was set up for the account. */
  async mfaEnrolled(accountEmail: string, method: string): Promise<void> {
    await this.send(
      [accountEmail],
      'multifactor authentication was set up',
      `Multifactor authentication is now on for your Click-N-Ship account; passcodes go by ${method}.`,
    );
  }

  /** A computer was remembered and may now sign in without a passcode. */
  async deviceTrusted(accountEmail: string, deviceName: string): Promise<void> {
    await this.send(
      [accountEmail],
      'a new computer was remembered',
      `A computer named "${deviceName}" was remembered for your Click-N-Ship account and can now sign in without a passcode.`,
    );
  }

  /** The password was reset; sessions and remembered computers were ended. */
  async passwordChanged(accountEmail: string): Promise<void> {
    await this.send(
      [accountEmail],
      'your password was changed',
      'The password of your Click-N-Ship account was changed. Every session and remembered computer was signed out.',
    );
  }

  /** The help desk reset MFA. */
  async mfaReset(accountEmail: string): Promise<void> {
    await this.send(
      [accountEmail],
      'multifactor authentication was reset',
      'Customer Care reset multifactor authentication for your Click-N-Ship account. You will set it up again at your next log-in.',
    );
  }

  private async send(recipients: string[], subject: string, what: string): Promise<void> {
    for (const to of new Set(recipients)) {
      try {
        await this.email.sendEmail(securityNoticeEmail(to, subject, what));
      } catch {
        this.logger.warn({ notice: subject }, 'security notice could not be delivered');
      }
    }
  }
}
