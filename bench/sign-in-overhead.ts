import { printFigure, printHeader } from './lib/machine';
import { startSqliteSignInServer } from './lib/sqlite-sign-in-server';
import { ms, percentile, runFor } from './lib/stats';
import { cpuSince, processIo, threadCpu } from './lib/thread-cpu';

/**
 * What a whole sign-in costs our server apart from its hash: the same
 * sign-in as bench/sign-in-cost.ts (password -> emailed passcode -> Cancel on
 * the modify offer -> session, over HTTP, through the ordinary code path), for
 * accounts whose stored argon2id hash has a tiny cost (bench-users.ts), so
 * nothing else competes for the cores and the server's event-loop CPU per
 * sign-in is read without the hash threads preempting it. That figure is the
 * overhead the cost ratio charges us for; this benchmark is for working on it
 * (it is not one of the issue's targets and prints no ratio).
 * The rate matters: group commit joins more units per commit the faster they
 * come, so by default the sign-ins are paced at BENCH_OVERHEAD_RATE (60/s,
 * about what the cost benchmark reaches with the real hash on this machine;
 * 0 = as fast as they go), spread over BENCH_CONCURRENCY (16) lanes.
 * BENCH_OVERHEAD_SECONDS (10) per round, BENCH_ROUNDS (3) rounds after a
 * 10-second warm-up.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_OVERHEAD_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_OVERHEAD_RATE ?? 60);

/** Resolves at `at` (performance.now() time), at once if that has passed. */
function until(at: number): Promise<void> {
  const wait = at - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

async function main(): Promise<void> {
  printHeader(
    `Sign-in overhead: whole sign-ins with a near-free hash, ${CONCURRENCY} lanes, ${RATE > 0 ? `paced at ${RATE}/s` : 'unpaced'}`,
  );
  const bench = await startSqliteSignInServer('overhead', { BENCH_CHEAP_USERS: String(CONCURRENCY) });
  const { server, driver } = bench;
  let started = 0;
  // Lane L's k-th sign-in starts at slot k * CONCURRENCY + L of a schedule at RATE per second.
  const nextSlot = new Array<number>(CONCURRENCY).fill(0);
  let scheduleStart = performance.now();
  const signIn = async (lane: number): Promise<boolean> => {
    if (RATE > 0) {
      const slot = (nextSlot[lane] ?? 0) * CONCURRENCY + lane;
      nextSlot[lane] = (nextSlot[lane] ?? 0) + 1;
      await until(scheduleStart + (slot * 1000) / RATE);
    }
    started += 1;
    await driver.passcode(lane, await driver.password(lane), false);
    return true;
  };
  const pid = server.child.pid ?? -1;
  try {
    await runFor(CONCURRENCY, 10, signIn);
    const perSignIn: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      nextSlot.fill(0);
      scheduleStart = performance.now();
      const startedBefore = started;
      const before = threadCpu(pid);
      const ioBefore = processIo(pid);
      const result = await runFor(CONCURRENCY, SECONDS, signIn);
      const after = threadCpu(pid);
      const ioAfter = processIo(pid);
      const count = started - startedBefore;
      const used = before && after ? cpuSince(before, after) : undefined;
      const loop = used ? used.main / count : Number.NaN;
      perSignIn.push(loop);
      printFigure(
        `round ${round}: sign-ins, server event loop CPU per sign-in`,
        `${result.perSecond.toFixed(1)}/s  ${ms(loop)}  (other threads ${ms((used?.others ?? Number.NaN) / count)})`,
      );
      if (ioBefore && ioAfter) {
        const per = (key: keyof typeof ioAfter, scale = 1): string =>
          ((ioAfter[key] - ioBefore[key]) / count / scale).toFixed(1);
        printFigure(
          `round ${round}: server I/O per sign-in`,
          `${per('syscw')} writes (${per('wchar', 1024)} KB), ${per('syscr')} reads (${per('rchar', 1024)} KB)`,
        );
      }
    }
    printFigure('server event loop CPU per whole sign-in, median of rounds', ms(percentile(perSignIn, 50)));
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
