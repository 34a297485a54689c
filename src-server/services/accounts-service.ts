import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccountCreatedResponse, AcceptedResponse } from '../../src-shared/api-schemas';
import { maskEmail } from '../../src-shared/mask';
import type { Database } from '../db/schema';
import type { EmailMessage, EmailSender } from '../mail/delivery';
import { accountVerificationEmail, passwordResetEmail, usernameReminderEmail } from '../mail/messages';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import type { DeviceService } from './devices';
import type { EmailLinkService } from './email-links';
import type { Notices } from './notices';
import type { PasswordThrottle } from './password-throttle';
import { hashPassword } from './passwords';
import type { SessionService } from './sessions';
import { createUser } from './users';

/** Everything account self-service works with. */
export interface AccountsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: AuthPolicy;
  links: EmailLinkService;
  email: EmailSender;
  sessions: SessionService;
  devices: DeviceService;
  throttle: PasswordThrottle;
  notices: Notices;
  logger: Pick<FastifyBaseLogger, 'warn'>;
  /** Base URL emailed links point at. */
  publicUrl: () => string;
}

/** The one answer of the forgot-* routes, whether or not anything matched. */
export const FORGOT_ANSWER: AcceptedResponse = {
  message: 'If an account matches, we have sent an email to its address. Please check your inbox.',
};

/**
 * Account self-service: create an account (email verified by link), forgot
 * user name, forgot password (reset by link; MFA still applies afterwards).
 * The forgot-* answers never reveal whether an account exists.
 */
export class AccountsService {
  constructor(private readonly deps: AccountsServiceDeps) {}

  /** Creates the account and mails the link that verifies its address. */
  async create(input: { username: string; password: string; email: string }): Promise<AccountCreatedResponse> {
    const { db, clock, links, policy, email } = this.deps;
    const user = await createUser(db, clock, {
      username: input.username,
      password: input.password,
      email: input.email,
    });
    const { token } = await links.issue({
      userId: user.id,
      flowId: null,
      purpose: 'account-verify',
      email: user.email,
    });
    await email.sendEmail(
      accountVerificationEmail(
        user.email,
        user.username,
        this.link('email-links', token),
        minutes(policy.linkLifetimeMs),
      ),
    );
    return { username: user.username, verificationSentTo: maskEmail(user.email) };
  }

  /** Mails every user name registered with the address; answers the same either way. */
  async forgotUsername(address: string): Promise<AcceptedResponse> {
    const rows = await this.deps.db
      .selectFrom('users')
      .select(['username', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', address.toLowerCase()))
      .orderBy('username')
      .execute();
    if (rows.length > 0) {
      this.deliverLater(
        usernameReminderEmail(
          rows[0]?.email ?? address,
          rows.map((r) => r.username),
        ),
      );
    }
    return FORGOT_ANSWER;
  }

  /** Mails a reset link to the account's address; answers the same either way. */
  async forgotPassword(username: string): Promise<AcceptedResponse> {
    const { db, links, policy } = this.deps;
    const user = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('username', '=', username)
      .executeTakeFirst();
    const previous = user ? await links.latestForUser(user.id, 'password-reset') : undefined;
    // One reset email per cooldown: repeated requests cannot flood the account's inbox (the answer stays the same).
    const tooSoon = previous !== undefined && previous.created_at + policy.linkResendCooldownMs > this.deps.clock.now();
    if (user && !tooSoon) {
      const { token } = await links.issue({
        userId: user.id,
        flowId: null,
        purpose: 'password-reset',
        email: user.email,
      });
      this.deliverLater(
        passwordResetEmail(user.email, this.link('password-reset', token), minutes(policy.linkLifetimeMs)),
      );
    }
    return FORGOT_ANSWER;
  }

  /** Sets the new password from a reset link; ends every session and device trust. */
  async resetPassword(token: string, password: string): Promise<void> {
    const { db, links, sessions, devices, throttle, notices } = this.deps;
    const link = await links.consume(token, ['password-reset']);
    const user = await db.selectFrom('users').selectAll().where('id', '=', link.user_id).executeTakeFirstOrThrow();
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', user.id)
      .execute();
    await sessions.revokeAll(user.id);
    await devices.revokeAll(user.id);
    await throttle.reset(user.username);
    await notices.passwordChanged(user.email);
  }

  private link(kind: 'email-links' | 'password-reset', token: string): string {
    return `${this.deps.publicUrl().replace(/\/+$/, '')}/v1/${kind}/${token}`;
  }

  /** Sends after answering, so the answer takes the same time whether or not an account matched. */
  private deliverLater(message: EmailMessage): void {
    void this.deps.email.sendEmail(message).catch(() => {
      this.deps.logger.warn({ subject: message.subject }, 'account email could not be delivered');
    });
  }
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
