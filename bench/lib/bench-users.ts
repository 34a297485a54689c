import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src-server/db/schema';
import { hash } from '@node-rs/argon2';
import { ARGON2ID_PARAMS } from '../../src-server/services/passwords';
import { CURRENT_TERMS } from '../../src-server/services/terms';

/** The password of every benchmark account. */
export const BENCH_PASSWORD = 'Bench-Pass-2026!';

/** User name and email of benchmark account `i`. */
export function benchUser(i: number): { username: string; email: string } {
  return { username: `bench-${i}`, email: `bench-${i}@bench.invalid` };
}

/**
 * argon2id at a tiny cost, for accounts that only exist to prepare flows for
 * a benchmark of a later step: the stored hash carries its parameters, so the
 * server verifies it cheaply through its ordinary code path.
 */
export const CHEAP_ARGON2ID = { ...ARGON2ID_PARAMS, memoryCost: 64, timeCost: 1 } as const;

/**
 * Creates `count` accounts enrolled in email passcodes that have accepted the
 * current terms, sharing one argon2id hash of {@link BENCH_PASSWORD} (a fresh
 * salt per account would only cost set-up time; the sign-in cost is the same).
 * `cheap` uses {@link CHEAP_ARGON2ID} instead of the real parameters; `first`
 * is the number of the first account.
 */
export async function seedBenchUsers(db: Kysely<Database>, count: number, cheap = false, first = 0): Promise<void> {
  const passwordHash = await hash(BENCH_PASSWORD, cheap ? CHEAP_ARGON2ID : ARGON2ID_PARAMS);
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    ...benchUser(first + i),
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
    terms_version_accepted: CURRENT_TERMS.version,
    terms_accepted_at: now,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('users')
      .values(rows.slice(i, i + 200))
      .execute();
}
