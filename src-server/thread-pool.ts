import { availableParallelism } from 'node:os';

/** libuv's thread pool when UV_THREADPOOL_SIZE is unset (what a server started without the preload hashes on). */
export const LIBUV_DEFAULT_THREADS = 4;

/** The most threads libuv's pool allows. */
const LIBUV_MAX_THREADS = 1024;

/** The pool argon2id hashes on, against the cores the process may use. */
export interface HashingThreads {
  threads: number;
  cores: number;
}

/**
 * The libuv pool size this process started with, read the way libuv reads
 * UV_THREADPOOL_SIZE (C `atoi`; 0 or no digits give 1, above 1024 gives
 * 1024), so the server can say at start whether it hashes one thread per
 * core. The variable only counts as set at process start: see
 * scripts/server-thread-pool.cjs.
 */
export function hashingThreads(
  env: Record<string, string | undefined> = process.env,
  cores = availableParallelism(),
): HashingThreads {
  const value = env.UV_THREADPOOL_SIZE;
  if (value === undefined || value === '') return { threads: LIBUV_DEFAULT_THREADS, cores };
  const match = /^\s*([+-]?)(\d+)/.exec(value);
  const number = match ? Number(`${match[1]}${match[2]}`) : 0;
  // libuv keeps the count unsigned: a negative one wraps round to a huge number and is capped.
  const threads = number < 0 ? LIBUV_MAX_THREADS : Math.min(LIBUV_MAX_THREADS, Math.max(1, number));
  return { threads, cores };
}

/**
 * The start-up line about it. More hashing threads than cores cost a 2-core
 * server about a fifth of its sign-ins (bench/RESULTS.md, round 9), so that case
 * names the setting that fixes it.
 */
export function hashingThreadsLine({ threads, cores }: HashingThreads): string {
  const counted = `Password hashing: ${threads} thread${threads === 1 ? '' : 's'} on ${cores} core${cores === 1 ? '' : 's'}`;
  if (threads <= cores) return counted;
  return `${counted}; more threads than cores make sign-ins slower. Set UV_THREADPOOL_SIZE=${cores} (npm run server does when it is unset).`;
}
