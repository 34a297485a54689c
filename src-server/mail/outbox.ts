import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../services/clock';
import type { EmailMessage, EmailSender, SmsMessage, SmsSender } from './delivery';

/**
 * The dev outbox: messages are stored in the database instead of being sent,
 * and listed at the dev-only mailbox page. Used when no SMTP server or SMS
 * gateway is configured, so the embedded demo works with no set-up.
 */
export class Outbox implements EmailSender, SmsSender {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async sendEmail(message: EmailMessage): Promise<void> {
    await this.store('email', message.to, message.subject, message.text);
  }

  async sendSms(message: SmsMessage): Promise<void> {
    await this.store('sms', message.to, '', message.text);
  }

  /** Newest first. */
  list(limit = 50): Promise<Array<Database['outbox']>> {
    return this.db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  private async store(channel: 'email' | 'sms', recipient: string, subject: string, body: string): Promise<void> {
    await this.db
      .insertInto('outbox')
      .values({ id: randomUUID(), channel, recipient, subject, body, created_at: this.clock.now() })
      .execute();
  }
}
