import { hash, verify } from '@node-rs/argon2';
import { countedHash } from '../loop-batching';

/**
 * argon2id with the parameters DESIGN.md §4 fixes (OWASP's minimum: 19 MiB,
 * two passes, one lane). Kept in one place so the benchmark and the server
 * hash with exactly the same cost.
 */
export const ARGON2ID_PARAMS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return countedHash(() => hash(password, ARGON2ID_PARAMS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it still spends one full argon2id
 * verification against a dummy, so an unknown user answers in the same time as
 * a wrong password.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('dummy password for timing only');
  const target = storedHash ?? (await dummyHash);
  try {
    const matches = await countedHash(() => verify(target, password));
    return storedHash !== undefined && matches;
  } catch {
    return false;
  }
}

/**
 * The shortest wall time of a few hashes run one after the other, as the
 * server starts and its pool is idle: what a hash takes here at best, which
 * bounds the event loop's pauses under load (loop-batching.ts) so they err short.
 */
export async function timePasswordHash(tries = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i += 1) {
    const started = performance.now();
    await hashPassword('start-up timing only');
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
