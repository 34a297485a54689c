import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from './clock';

/** One help-desk action as the audit log keeps it. */
export interface AuditEntry {
  actor: string;
  action: string;
  userId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The audit log: every change the help desk makes is written here, with who
 * did it, so a change to someone's account is never anonymous. Details never
 * hold secrets (no passwords, codes, tokens or full phone numbers).
 */
export async function writeAudit(db: Kysely<Database>, clock: Clock, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: clock.now(),
      actor: entry.actor,
      action: entry.action,
      user_id: entry.userId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
