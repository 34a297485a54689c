import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from './clock';
import { randomToken } from './secrets';

/**
 * A server-wide secret kept in the database when configuration gives none, so
 * that the embedded server works with no set-up and several instances sharing
 * one database agree on the same key (the first to start creates it).
 */
export async function loadOrCreateKey(db: Kysely<Database>, clock: Clock, name: string): Promise<Buffer> {
  await db
    .insertInto('server_keys')
    .values({ name, value: randomToken(32), created_at: clock.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_keys').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
