import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printFigure, printHeader } from './lib/machine';
import { startSqliteSignInServer } from './lib/sqlite-sign-in-server';

/**
 * Instructions per whole sign-in on the server's main thread, counted by
 * valgrind's callgrind: the same sign-in and code path as
 * bench/sign-in-overhead.ts (near-free stored hash), BENCH_INSTR_WARMUP (300)
 * sign-ins uncounted, then BENCH_INSTR_SIGNINS (300) counted. CPU time on this
 * shared two-core machine drifts by 10 % between minutes; the count does not
 * depend on the machine's load, though it still moves with V8's tiering, the
 * garbage collector and how units group into commits (1.848 and 1.936 M in two
 * runs of the same code here), so compare the median of a few runs per
 * variant. It is no substitute for time: cache misses and system calls are not
 * in it.
 * Needs valgrind; takes a few minutes (everything runs 50-100 times slower).
 * Not in `npm run bench`: `npx tsx bench/sign-in-instructions.ts`.
 */
const WARMUP = Number(process.env.BENCH_INSTR_WARMUP ?? 300);
const SIGNINS = Number(process.env.BENCH_INSTR_SIGNINS ?? 300);
const LANES = 16;

/** The `summary:` (total instructions) of the main thread's callgrind file (thread 1). */
function mainThreadInstructions(dir: string, pid: number): number {
  const file = join(dir, `callgrind.out.${pid}-01`);
  if (!existsSync(file)) throw new Error(`callgrind wrote no main-thread file ${file}`);
  const summary = /^summary: (\d+)$/m.exec(readFileSync(file, 'utf8'));
  if (!summary?.[1]) throw new Error(`no summary line in ${file}`);
  return Number(summary[1]);
}

async function main(): Promise<void> {
  printHeader(`Sign-in instructions: server main thread under callgrind, ${SIGNINS} sign-ins after ${WARMUP}`);
  const bench = await startSqliteSignInServer('instr', { BENCH_CHEAP_USERS: String(LANES) }, (dir) => ({
    command: 'valgrind',
    args: [
      '--tool=callgrind',
      '--separate-threads=yes',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(dir, 'callgrind.out.%p')}`,
    ],
  }));
  const { server, client, driver, dir } = bench;
  const pid = server.child.pid ?? -1;
  const run = async (count: number): Promise<void> => {
    let next = 0;
    const lane = async (user: number): Promise<void> => {
      while (next < count) {
        next += 1;
        await driver.passcode(user, await driver.password(user), false);
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, user) => lane(user)));
  };
  try {
    await run(WARMUP);
    execFileSync('callgrind_control', ['--zero', String(pid)], { stdio: 'ignore' });
    await run(SIGNINS);
    client.close();
    // callgrind writes its counts when the process exits; the shutdown's few instructions ride along.
    await server.stop();
    printFigure(
      'main-thread instructions per whole sign-in',
      `${(mainThreadInstructions(dir, pid) / SIGNINS / 1e6).toFixed(3)} M`,
    );
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
