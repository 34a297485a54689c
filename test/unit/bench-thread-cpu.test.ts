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
  it('charges a busy main thread to the main thread, and not to the kernel', () => {
    const before = threadCpu(process.pid);
    spin(300);
    const after = threadCpu(process.pid);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    const used = cpuSince(before!, after!);
    expect(used.main).toBeGreaterThanOrEqual(150);
    expect(used.mainKernel).toBeLessThan(used.main / 2);
    expect(used.mainKernel).toBeGreaterThanOrEqual(0);
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
