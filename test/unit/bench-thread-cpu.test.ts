import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addCpu, cpuSince, threadCpu } from '../../bench/lib/thread-cpu';

// The benchmarks' CPU reader (bench/lib/thread-cpu.ts): the cost benchmark
// prints a hash's kernel share from it, so user and kernel time must not be
// read from each other's field of /proc/<pid>/task/<tid>/stat.

/**
 * Keeps this thread busy in JavaScript (user time, no system calls) until the
 * process has used `ms` more of user CPU, however busy the machine is.
 */
function spin(ms: number): void {
  const start = process.cpuUsage().user;
  let x = 0;
  while (process.cpuUsage().user - start < ms * 1000) {
    for (let i = 0; i < 10_000; i += 1) x += Math.sqrt(x + i);
  }
  expect(x).toBeGreaterThan(0);
}

describe.runIf(existsSync('/proc/self/task'))('threadCpu', () => {
  it('charges busy JavaScript to user time, not to the kernel', () => {
    const before = threadCpu(process.pid);
    spin(200);
    const after = threadCpu(process.pid);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    const used = cpuSince(before!, after!);
    // Whichever thread the test runs on (a worker process's main thread, or a worker thread).
    const total = used.main + used.others;
    const kernel = used.mainKernel + used.othersKernel;
    expect(total).toBeGreaterThanOrEqual(150);
    expect(kernel).toBeGreaterThanOrEqual(0);
    expect(kernel).toBeLessThan(total / 2);
    expect(used.mainKernel).toBeLessThanOrEqual(used.main);
    expect(used.othersKernel).toBeLessThanOrEqual(used.others);
  });

  it('adds spans back up to the later reading', () => {
    const before = threadCpu(process.pid)!;
    spin(50);
    const after = threadCpu(process.pid)!;
    expect(addCpu(before, cpuSince(before, after))).toEqual(after);
  });

  it('answers undefined for a process that does not exist', () => {
    expect(threadCpu(2 ** 30)).toBeUndefined();
  });
});
