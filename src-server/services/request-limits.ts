import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';

const HOUR = 3_600_000;

/** The unauthenticated routes that mail someone, each limited per target on its own. */
export type AccountMailAction = 'create-account' | 'forgot-username' | 'forgot-password';

/**
 * Mail-bomb defence for the unauthenticated routes that send mail: per client
 * address (across those routes) and per target address or user name (per route),
 * over a rolling hour, in the database so every instance counts the same.
 *
 * Like the SMS caps, each request is recorded first (committed on its own),
 * then counted, and taken back if over: of two simultaneous requests the one
 * that counts last sees both, so a burst over several instances cannot pass.
 */
export class AccountMailLimits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /**
   * Counts this request, or refuses with 429 `TOO_MANY_REQUESTS` (with retryAfterSeconds). Returns a
   * function that takes the count back, for a request that then failed before any mail went out.
   */
  async admit(action: AccountMailAction, clientIp: string, target: string): Promise<() => Promise<void>> {
    const now = this.clock.now();
    const since = now - HOUR;
    const buckets = [
      { bucket: `ip:${clientIp}`, cap: this.policy.accountMailPerIpPerHour, what: 'from this network address' },
      {
        bucket: `${action}:${target.trim().toLowerCase()}`,
        cap: this.policy.accountMailPerTargetPerHour,
        what: action === 'forgot-password' ? 'for this user name' : 'for this email address',
      },
    ];
    const rows = buckets.map((b) => ({ id: randomUUID(), bucket: b.bucket, created_at: now }));
    await this.db.insertInto('request_limits').values(rows).execute();
    try {
      for (const b of buckets) {
        const { count, oldest } = await this.oldestAndCount(b.bucket, since, now);
        if (count > b.cap) {
          const seconds = Math.max(1, Math.ceil((oldest + HOUR - now) / 1000));
          const minutes = Math.ceil(seconds / 60);
          throw new HttpError(
            429,
            'TOO_MANY_REQUESTS',
            `Too many requests ${b.what}. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
            seconds,
          );
        }
      }
    } catch (error) {
      await this.remove(rows.map((r) => r.id));
      throw error;
    }
    // Rows past the window no longer count; drop this bucket's old ones as we go.
    await this.db
      .deleteFrom('request_limits')
      .where(
        'bucket',
        'in',
        buckets.map((b) => b.bucket),
      )
      .where('created_at', '<=', since)
      .execute();
    return () => this.remove(rows.map((r) => r.id));
  }

  private async remove(ids: string[]): Promise<void> {
    await this.db.deleteFrom('request_limits').where('id', 'in', ids).execute();
  }

  private async oldestAndCount(bucket: string, since: number, now: number): Promise<{ count: number; oldest: number }> {
    const row = await this.db
      .selectFrom('request_limits')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.min<number | string | null>('created_at').as('oldest'),
      ])
      .where('bucket', '=', bucket)
      .where('created_at', '>', since)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), oldest: Number(row?.oldest ?? now) };
  }
}
