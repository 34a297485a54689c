import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import { passwordBackoffMs, type AuthPolicy } from './auth-policy';
import type { Clock } from './clock';

/**
 * Progressive back-off for wrong passwords, counted by the user name typed
 * (known or not), so the answers for a real account and for a made-up one
 * stay the same. Counted apart from passcode failures.
 */
export class PasswordThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /** Refuses with 429 while the name must wait; call before checking the password. */
  async check(username: string): Promise<void> {
    const row = await this.db
      .selectFrom('password_throttle')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row) return;
    if (row.failed_count >= this.policy.passwordHardLockFailures) {
      throw new HttpError(
        429,
        'PASSWORD_LOCKED',
        'This account is locked after too many failed log-in attempts. Reset your password or contact Customer Care at 1-800-344-7779.',
      );
    }
    const waitMs = (row.locked_until ?? 0) - this.clock.now();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(
        429,
        'PASSWORD_LOCKED',
        `Too many failed log-in attempts. Please wait ${seconds} seconds and try again.`,
        seconds,
      );
    }
  }

  /** Counts one wrong password and sets the wait the next try must respect. */
  async recordFailure(username: string): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('password_throttle')
      .values({ username, failed_count: 1, locked_until: null, updated_at: now })
      .onConflict((oc) =>
        oc.column('username').doUpdateSet((eb) => ({
          failed_count: eb('password_throttle.failed_count', '+', 1),
          updated_at: now,
        })),
      )
      .execute();
    const row = await this.db
      .selectFrom('password_throttle')
      .select('failed_count')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const waitMs = passwordBackoffMs(this.policy, row.failed_count);
    const lockedUntil = Number.isFinite(waitMs) && waitMs > 0 ? now + waitMs : null;
    await this.db
      .updateTable('password_throttle')
      .set({ locked_until: lockedUntil })
      .where('username', '=', username)
      .execute();
  }

  /** A correct password (or a reset, or the help desk) clears the count. */
  async reset(username: string): Promise<void> {
    await this.db.deleteFrom('password_throttle').where('username', '=', username).execute();
  }
}
