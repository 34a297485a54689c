import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Clock } from './services/clock';
import { createUser, type NewUser } from './services/users';

/** The password of every demo account; printed on start, never used outside dev mode. */
export const DEMO_PASSWORD = 'Ship-It-2026!';

/** Demo accounts covering the guide's cases; created only in dev mode. */
export const demoAccounts: Array<NewUser & { about: string }> = [
  {
    about: 'enrolled in MFA with email passcodes',
    username: 'demo',
    password: DEMO_PASSWORD,
    email: 'demo@example.com',
    emailVerified: true,
    mfaMethod: 'email',
  },
  {
    about: 'created after 2025-03-06, not yet enrolled: must enroll',
    username: 'newshipper',
    password: DEMO_PASSWORD,
    email: 'newshipper@example.com',
    emailVerified: true,
  },
  {
    about: 'created before 2025-03-06, not enrolled: may opt out',
    username: 'legacy',
    password: DEMO_PASSWORD,
    email: 'legacy@example.com',
    emailVerified: true,
    createdAt: Date.parse('2024-06-01T12:00:00Z'),
  },
];

/** Creates the demo accounts that do not exist yet; returns the ones it created. */
export async function seedDemoAccounts(db: Kysely<Database>, clock: Clock): Promise<string[]> {
  const created: string[] = [];
  for (const account of demoAccounts) {
    const exists = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirst();
    if (exists) continue;
    try {
      await createUser(db, clock, account);
      created.push(account.username);
    } catch (error) {
      // Several instances starting together on one database race to seed; the loser finds the row there.
      const nowExists = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', account.username)
        .executeTakeFirst();
      if (!nowExists) throw error;
    }
  }
  return created;
}
