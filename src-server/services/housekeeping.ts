import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';

const DAY = 24 * 3_600_000;

/** How many rows one pass removed, per table. */
export type PruneReport = Record<
  'flows' | 'emailLinks' | 'smsSends' | 'requestLimits' | 'passwordThrottle' | 'sessions',
  number
>;

/**
 * Deletes what can no longer matter: flows (with their codes and nonces) a day
 * after they ended, used or expired links, SMS records older than the longest
 * cap window, account-mail limit records (an hour's window) a day old, password counters idle for a day and not hard-locked, and
 * session rows a day past their refresh expiry. Keeps tables small without
 * weakening any limit.
 */
export async function pruneExpired(db: Kysely<Database>, clock: Clock, policy: AuthPolicy): Promise<PruneReport> {
  const now = clock.now();
  const cutoff = now - DAY;
  const count = (r: { numDeletedRows: bigint }): number => Number(r.numDeletedRows);
  const flows = await db.deleteFrom('flows').where('expires_at', '<', cutoff).executeTakeFirst();
  const emailLinks = await db.deleteFrom('email_links').where('expires_at', '<', cutoff).executeTakeFirst();
  const smsSends = await db.deleteFrom('sms_sends').where('created_at', '<', cutoff).executeTakeFirst();
  const requestLimits = await db.deleteFrom('request_limits').where('created_at', '<', cutoff).executeTakeFirst();
  const passwordThrottle = await db
    .deleteFrom('password_throttle')
    .where('updated_at', '<', cutoff)
    .where('failed_count', '<', policy.passwordHardLockFailures)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('refresh_expires_at', '<', cutoff).executeTakeFirst();
  return {
    flows: count(flows),
    emailLinks: count(emailLinks),
    smsSends: count(smsSends),
    requestLimits: count(requestLimits),
    passwordThrottle: count(passwordThrottle),
    sessions: count(sessions),
  };
}
