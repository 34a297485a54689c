/** Latency percentiles from raw samples (milliseconds); benchmarks report p50 and p99. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** The median of a few runs. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** `12.3 ms` style, for printing. */
export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** Runs `worker` on `concurrency` lanes until `total` tasks are done; returns per-task latencies and wall time. */
export async function runLanes(
  concurrency: number,
  total: number,
  worker: (index: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      await worker(index);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs `worker(lane)` on `concurrency` lanes until `seconds` have passed (or
 * a worker says there is no more work); returns tasks per second and latencies.
 * The rate counts the tasks completed by the deadline over the time to it:
 * after the deadline the lanes only finish what they hold, at a falling
 * concurrency that is not the load being measured (a sign-in's tail is a queue
 * of hashes, then a verify, so counting that drain cost sign-ins more than raw
 * hashes). When the work runs out first, the window ends at the last task.
 * `drainedPerSecond` is the older figure (all tasks over all the time), printed
 * beside it where it matters.
 * `settledPerSecond` counts only the tasks done after the first
 * `settleSeconds`, over the time from then to the end: the steady rate, without
 * the start of a round, when no task can have finished yet. A task of several
 * steps (a sign-in: hash, then passcode and session) finishes later after the
 * start than a single hash does, so counting from the start charges it more;
 * it is `perSecond` when the window is not longer than the settling time.
 * `settlingPerSecond` is the rate in those first seconds, to show that.
 */
export async function runFor(
  concurrency: number,
  seconds: number,
  worker: (lane: number) => Promise<boolean>,
  settleSeconds = 0,
): Promise<{
  perSecond: number;
  count: number;
  latencies: number[];
  seconds: number;
  drainedPerSecond: number;
  settledPerSecond: number;
  settlingPerSecond: number;
}> {
  const done: Array<{ at: number; latency: number }> = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const lane = async (index: number): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      if (!(await worker(index))) return;
      const at = performance.now();
      done.push({ at, latency: at - t0 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
  const finished = performance.now();
  const end = Math.min(
    deadline,
    done.reduce((last, d) => Math.max(last, d.at), started),
  );
  const inWindow = done.filter((d) => d.at <= end);
  const window = (end - started) / 1000;
  const perSecond = window > 0 ? inWindow.length / window : 0;
  const settled = started + settleSeconds * 1000;
  const settledWindow = (end - settled) / 1000;
  const settling = inWindow.filter((d) => d.at <= settled).length;
  const settles = settleSeconds > 0 && settledWindow > 0;
  return {
    perSecond,
    settledPerSecond: settles ? (inWindow.length - settling) / settledWindow : perSecond,
    settlingPerSecond: settles ? settling / settleSeconds : perSecond,
    count: inWindow.length,
    latencies: inWindow.map((d) => d.latency),
    seconds: window,
    drainedPerSecond: done.length / ((finished - started) / 1000),
  };
}
