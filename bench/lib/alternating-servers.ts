import { printFigure } from './machine';
import { startSqliteSignInServer, type SqliteSignInServer } from './sqlite-sign-in-server';
import { ms, percentile, runFor } from './stats';
import { addCpu, cpuSince, NO_CPU, threadCpu, type ThreadCpu } from './thread-cpu';

/** One copy of our server in a comparison: what to call it and the environment it starts with. */
export interface ServerVariant {
  label: string;
  env: Record<string, string>;
}

/** How long and how hard a comparison runs. */
export interface AlternationPlan {
  concurrency: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
}

/** The plan from BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_SECONDS and BENCH_WARMUP_SECONDS, else these defaults. */
export function planFromEnv(defaults: AlternationPlan): AlternationPlan {
  const read = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
  return {
    concurrency: read('BENCH_CONCURRENCY', defaults.concurrency),
    rounds: read('BENCH_ROUNDS', defaults.rounds),
    seconds: read('BENCH_SECONDS', defaults.seconds),
    warmupSeconds: read('BENCH_WARMUP_SECONDS', defaults.warmupSeconds),
  };
}

/** What one variant did over all its rounds. */
interface Tally {
  rates: number[];
  latencies: number[];
  cpu: ThreadCpu;
  clientMs: number;
  signIns: number;
}

/** This process's CPU time so far (ms), all threads: the load generator's share. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Whole sign-ins (password, emailed passcode) on two copies of our server that
 * differ only in their environment, in alternating short rounds after a
 * warm-up of each: the machine's speed drifts within a minute, so each round
 * pair is compared on its own and the order within a pair alternates. Prints
 * every round, each variant's mean rate, latency and CPU per sign-in (the
 * server's event loop, its other threads, this client; Linux /proc), and the
 * ratio of the first to the second with the rounds it won.
 */
export async function compareServerVariants(
  variants: readonly [ServerVariant, ServerVariant],
  plan: AlternationPlan,
): Promise<void> {
  const servers = await Promise.all(
    variants.map((variant, i) =>
      startSqliteSignInServer(`ab-${i}`, { BENCH_USERS: String(plan.concurrency), ...variant.env }),
    ),
  );
  const tallies: Tally[] = variants.map(() => ({
    rates: [],
    latencies: [],
    cpu: NO_CPU,
    clientMs: 0,
    signIns: 0,
  }));
  let started = 0;
  const signIns = (bench: SqliteSignInServer, seconds: number): ReturnType<typeof runFor> =>
    runFor(plan.concurrency, seconds, async (lane) => {
      started += 1;
      await bench.driver.passcode(lane, await bench.driver.password(lane), false);
      return true;
    });
  try {
    for (const server of servers) await signIns(server, plan.warmupSeconds);
    for (let round = 1; round <= plan.rounds; round += 1) {
      // Alternate which goes first, so neither always runs in the later half of a pair.
      const order = round % 2 === 1 ? [0, 1] : [1, 0];
      for (const i of order) {
        const server = servers[i] as SqliteSignInServer;
        const tally = tallies[i] as Tally;
        const pid = server.server.child.pid ?? -1;
        const before = threadCpu(pid);
        const clientBefore = ownCpuMs();
        const startedBefore = started;
        const result = await signIns(server, plan.seconds);
        const after = threadCpu(pid);
        tally.clientMs += ownCpuMs() - clientBefore;
        if (before && after) {
          tally.cpu = addCpu(tally.cpu, cpuSince(before, after));
        }
        // CPU covers the drain after the deadline too, so it is divided by every sign-in of the round,
        // drained ones included (the rate counts only those done by the deadline).
        tally.signIns += started - startedBefore;
        tally.rates.push(result.perSecond);
        tally.latencies.push(...result.latencies);
      }
      printFigure(
        `round ${round}: ${variants[0].label} / ${variants[1].label}`,
        `${(tallies[0]?.rates.at(-1) ?? 0).toFixed(1)}/s / ${(tallies[1]?.rates.at(-1) ?? 0).toFixed(1)}/s`,
      );
    }
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    variants.forEach((variant, i) => {
      const tally = tallies[i] as Tally;
      printFigure(
        `whole sign-ins, ${variant.label}, all rounds`,
        `${mean(tally.rates).toFixed(1)}/s  p50 ${ms(percentile(tally.latencies, 50))}  p99 ${ms(percentile(tally.latencies, 99))}`,
      );
      const per = (total: number): string => ms(total / Math.max(1, tally.signIns));
      printFigure(
        `  CPU per sign-in: event loop / other threads / client`,
        `${per(tally.cpu.main)} / ${per(tally.cpu.others)} / ${per(tally.clientMs)}`,
      );
    });
    const [first, second] = tallies as [Tally, Tally];
    const wins = first.rates.filter((rate, r) => rate > (second.rates[r] ?? Infinity)).length;
    printFigure(
      `sign-ins, ${variants[0].label} / ${variants[1].label}`,
      `${(mean(first.rates) / mean(second.rates)).toFixed(2)}× (more in ${wins} of ${plan.rounds} rounds)`,
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}
