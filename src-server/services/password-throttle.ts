import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import { passwordBackoffMs, type AuthPolicy } from './auth-policy';
import type { Clock } from './clock';

/**
 * Progressive back-off for wrong passwords, counted by the user name typed
 * (known or not), so the answers for a real account and for a made-up one
 * stay the same. Counted apart from passcode failures.
 *
 * Every attempt is counted as a failure before the password is checked, in one
 * conditional update, and forgiven when the password turns out right; so a
 * burst of parallel guesses cannot slip past the wait.
 */
export class PasswordThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /** Counts this attempt, or refuses with 429 `PASSWORD_LOCKED` while the name must wait. */
  async begin(username: string): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('password_throttle')
      .values({ username, failed_count: 0, locked_until: null, updated_at: now })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    // One transaction: the row stays locked from the count to the wait, so a
    // parallel attempt sees the wait this one set (PostgreSQL re-checks the
    // WHERE after the lock; SQLite runs transactions one at a time).
    const counted = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('password_throttle')
        .set((eb) => ({ failed_count: eb('failed_count', '+', 1), updated_at: now }))
        .where('username', '=', username)
        .where('failed_count', '<', this.policy.passwordHardLockFailures)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .returning('failed_count')
        .executeTakeFirst();
      if (!row) return undefined;
      const waitMs = passwordBackoffMs(this.policy, row.failed_count);
      if (Number.isFinite(waitMs) && waitMs > 0) {
        await trx
          .updateTable('password_throttle')
          .set({ locked_until: now + waitMs })
          .where('username', '=', username)
          .execute();
      }
      return row;
    });
    if (!counted) throw await this.lockedError(username, now);
  }

  /** A correct password (or a reset, or the help desk) clears the count. */
  async reset(username: string): Promise<void> {
    await this.db.deleteFrom('password_throttle').where('username', '=', username).execute();
  }

  private async lockedError(username: string, now: number): Promise<HttpError> {
    const row = await this.db
      .selectFrom('password_throttle')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    const waitMs = (row?.locked_until ?? 0) - now;
    if (row && row.failed_count < this.policy.passwordHardLockFailures && waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      return new HttpError(
        429,
        'PASSWORD_LOCKED',
        `Too many failed log-in attempts. Please wait ${seconds} seconds and try again.`,
        seconds,
      );
    }
    return new HttpError(
      429,
      'PASSWORD_LOCKED',
      'This account is locked after too many failed log-in attempts. Reset your password or contact Customer Care at 1-800-344-7779.',
    );
  }
}
