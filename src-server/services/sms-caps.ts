import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { timeOrderedUuid } from './ordered-ids';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Toll-fraud defence: caps texts per phone number (across every account) and
 * per account (across every number), over rolling windows.
 */
export class SmsCaps {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /**
   * Records one text about to be sent (returns its record id), or refuses with 429 `SMS_LIMIT_REACHED`.
   * The send is recorded first (its own committed statement), then counted, and taken back if over a cap:
   * counting first and inserting after let sends arriving together on several instances all pass the count.
   * Whichever of two simultaneous sends counts last sees both records, so no more than the cap ever pass
   * (a burst may refuse one more than strictly needed, never send one too many).
   */
  async reserve(userId: string, phoneE164: string): Promise<string> {
    const now = this.clock.now();
    const id = timeOrderedUuid(now);
    await this.db
      .insertInto('sms_sends')
      .values({ id, user_id: userId, phone_e164: phoneE164, created_at: now })
      .execute();
    try {
      const [perNumber, perAccount] = await Promise.all([
        this.oldestAndCount('phone_e164', phoneE164, now - HOUR),
        this.oldestAndCount('user_id', userId, now - DAY),
      ]);
      if (perNumber.count > this.policy.smsPerNumberPerHour) {
        throw this.limit(perNumber.oldest + HOUR - now, 'this phone number');
      }
      if (perAccount.count > this.policy.smsPerAccountPerDay) {
        throw this.limit(perAccount.oldest + DAY - now, 'this account');
      }
    } catch (error) {
      await this.release(id);
      throw error;
    }
    return id;
  }

  /** Forgets a reservation whose text the gateway refused (nothing was sent, nothing billed). */
  async release(id: string): Promise<void> {
    await this.db.deleteFrom('sms_sends').where('id', '=', id).execute();
  }

  private async oldestAndCount(
    column: 'phone_e164' | 'user_id',
    value: string,
    since: number,
  ): Promise<{ count: number; oldest: number }> {
    const row = await this.db
      .selectFrom('sms_sends')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.min<number | null>('created_at').as('oldest'),
      ])
      .where(column, '=', value)
      .where('created_at', '>', since)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), oldest: Number(row?.oldest ?? this.clock.now()) };
  }

  private limit(waitMs: number, what: string): HttpError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new HttpError(
      429,
      'SMS_LIMIT_REACHED',
      `Too many text messages have been sent to ${what}. Please use Email instead or try again later.`,
      seconds,
    );
  }
}
