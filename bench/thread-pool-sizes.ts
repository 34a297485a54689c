import { availableParallelism } from 'node:os';
import { LIBUV_DEFAULT_THREADS } from '../src-server/thread-pool';
import { printFigure, printHeader } from './lib/machine';
import { startSqliteSignInServer, type SqliteSignInServer } from './lib/sqlite-sign-in-server';
import { ms, percentile, runFor } from './lib/stats';

/**
 * Why `npm run server` sizes libuv's pool to the cores
 * (scripts/server-thread-pool.cjs): whole sign-ins per second on two copies
 * of our server, one on a pool of one thread per core and one on libuv's
 * default of four, in alternating short rounds (the machine's speed drifts
 * within a minute, so each round pair is compared on its own), with the
 * mean of each and their ratio.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);

function signIns(bench: SqliteSignInServer, seconds: number): ReturnType<typeof runFor> {
  return runFor(CONCURRENCY, seconds, async (lane) => {
    await bench.driver.passcode(lane, await bench.driver.password(lane), false);
    return true;
  });
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  printHeader(
    `Thread pool sizes: whole sign-ins on ${cores} pool threads (one per core) vs libuv's default ${LIBUV_DEFAULT_THREADS}`,
  );
  if (cores === LIBUV_DEFAULT_THREADS) {
    printFigure('pool sizes compared', `none: this machine has ${cores} cores, libuv's default`);
    return;
  }
  const sizes = [cores, LIBUV_DEFAULT_THREADS];
  const servers = await Promise.all(
    sizes.map((size) =>
      startSqliteSignInServer(`pool-${size}`, { BENCH_USERS: String(CONCURRENCY), UV_THREADPOOL_SIZE: String(size) }),
    ),
  );
  try {
    for (const server of servers) await signIns(server, WARMUP);
    const rates: number[][] = sizes.map(() => []);
    const latencies: number[][] = sizes.map(() => []);
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Alternate which goes first, so neither always runs in the later half of a pair.
      const order = round % 2 === 1 ? [0, 1] : [1, 0];
      for (const i of order) {
        const result = await signIns(servers[i] as SqliteSignInServer, SECONDS);
        rates[i]?.push(result.perSecond);
        latencies[i]?.push(...result.latencies);
      }
      printFigure(
        `round ${round}: ${cores} threads / ${LIBUV_DEFAULT_THREADS} threads`,
        `${(rates[0]?.at(-1) ?? 0).toFixed(1)}/s / ${(rates[1]?.at(-1) ?? 0).toFixed(1)}/s`,
      );
    }
    const mean = (values: number[] = []): number => values.reduce((a, b) => a + b, 0) / values.length;
    sizes.forEach((size, i) =>
      printFigure(
        `whole sign-ins on ${size} pool threads, all rounds`,
        `${mean(rates[i]).toFixed(1)}/s  p50 ${ms(percentile(latencies[i] ?? [], 50))}  p99 ${ms(percentile(latencies[i] ?? [], 99))}`,
      ),
    );
    const wins = (rates[0] ?? []).filter((rate, r) => rate > (rates[1]?.[r] ?? Infinity)).length;
    printFigure(
      `sign-ins on ${cores} threads / on ${LIBUV_DEFAULT_THREADS} threads`,
      `${(mean(rates[0]) / mean(rates[1])).toFixed(2)}× (more in ${wins} of ${ROUNDS} rounds)`,
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
