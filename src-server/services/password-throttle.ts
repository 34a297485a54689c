import type { Kysely } from 'kysely';
import type { Database, PasswordThrottleTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
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
  private readonly units: SqlUnits;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {
    this.units = new SqlUnits(db);
  }

  /**
   * Counts this attempt, or refuses with 429 `PASSWORD_LOCKED` while the name
   * must wait. With `sql`, inside the caller's transaction; otherwise in its own.
   */
  async begin(username: string, sql?: Sql): Promise<void> {
    if (!sql) return this.units.transaction((q) => this.begin(username, q));
    const now = this.clock.now();
    // One statement counts the attempt (a first attempt creates the row), unless the name must wait.
    // In a transaction the row stays locked from the count to the wait, so a parallel attempt sees the
    // wait this one set (PostgreSQL re-checks the condition after the lock; SQLite runs them one at a time).
    const row = await sql.first<{ failed_count: number }>(
      `INSERT INTO password_throttle (username, failed_count, locked_until, updated_at) VALUES (?, 1, NULL, ?)
        ON CONFLICT (username) DO UPDATE SET failed_count = password_throttle.failed_count + 1, updated_at = ?
        WHERE password_throttle.failed_count < ?
          AND (password_throttle.locked_until IS NULL OR password_throttle.locked_until <= ?)
        RETURNING failed_count`,
      [username, now, now, this.policy.passwordHardLockFailures, now],
    );
    if (!row) throw await this.lockedError(username, now, sql);
    const waitMs = passwordBackoffMs(this.policy, row.failed_count);
    if (Number.isFinite(waitMs) && waitMs > 0) {
      await sql.changes('UPDATE password_throttle SET locked_until = ? WHERE username = ?', [now + waitMs, username]);
    }
  }

  /** A correct password (or a reset, or the help desk) clears the count. */
  async reset(username: string, sql?: Sql): Promise<void> {
    const remove = (q: Sql): Promise<number> =>
      q.changes('DELETE FROM password_throttle WHERE username = ?', [username]);
    await (sql ? remove(sql) : this.units.statements(remove));
  }

  private async lockedError(username: string, now: number, sql: Sql): Promise<HttpError> {
    const row = await sql.first<PasswordThrottleTable>('SELECT * FROM password_throttle WHERE username = ?', [
      username,
    ]);
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
