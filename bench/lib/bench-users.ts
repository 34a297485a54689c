import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src-server/db/schema';
import { hashPassword } from '../../src-server/services/passwords';

/** The password of every benchmark account. */
export const BENCH_PASSWORD = 'Bench-Pass-2026!';

/** User name and email of benchmark account `i`. */
export function benchUser(i: number): { username: string; email: string } {
  return { username: `bench-${i}`, email: `bench-${i}@bench.invalid` };
}

/**
 * Creates `count` accounts enrolled in email passcodes, sharing one argon2id
 * hash of {@link BENCH_PASSWORD} (a fresh salt per account would only cost
 * set-up time; the sign-in cost is the same).
 */
export async function seedBenchUsers(db: Kysely<Database>, count: number): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    ...benchUser(i),
    password_hash: passwordHash,
    email_verified_at: now,
    phone_e164: null,
    mfa_method: 'email' as const,
    mfa_enrolled_at: now,
    mfa_opted_out_at: null,
    otp_failed_count: 0,
    otp_locked_until: null,
    password_failed_count: 0,
    password_locked_until: null,
    terms_version_accepted: null,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('users')
      .values(rows.slice(i, i + 200))
      .execute();
}
