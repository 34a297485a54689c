import { availableParallelism } from 'node:os';
import { LIBUV_DEFAULT_THREADS } from '../src-server/thread-pool';
import { compareServerVariants, planFromEnv } from './lib/alternating-servers';
import { printFigure, printHeader } from './lib/machine';

/**
 * Why `npm run server` sizes libuv's pool to the cores
 * (scripts/server-thread-pool.cjs): whole sign-ins per second on two copies
 * of our server, one on a pool of one thread per core and one on libuv's
 * default of four, in alternating short rounds (lib/alternating-servers.ts).
 */
async function main(): Promise<void> {
  const cores = availableParallelism();
  printHeader(
    `Thread pool sizes: whole sign-ins on ${cores} pool threads (one per core) vs libuv's default ${LIBUV_DEFAULT_THREADS}`,
  );
  if (cores === LIBUV_DEFAULT_THREADS) {
    printFigure('pool sizes compared', `none: this machine has ${cores} cores, libuv's default`);
    return;
  }
  await compareServerVariants(
    [
      { label: `${cores} threads`, env: { UV_THREADPOOL_SIZE: String(cores) } },
      { label: `${LIBUV_DEFAULT_THREADS} threads`, env: { UV_THREADPOOL_SIZE: String(LIBUV_DEFAULT_THREADS) } },
    ],
    planFromEnv({ concurrency: 16, rounds: 6, seconds: 5, warmupSeconds: 15 }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
