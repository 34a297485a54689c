import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runFor } from '../../bench/lib/stats';

// The benchmarks' rate counter (bench/lib/stats.ts). A task that needs a slow
// first step before it can finish (a sign-in's hash queue) must not have that
// start charged to its steady rate once a settling time is given.

/** A lane's tasks: the first takes `firstMs`, every later one `nextMs`. */
function lanes(firstMs: number, nextMs: number): (lane: number) => Promise<boolean> {
  const started = new Set<number>();
  return async (lane) => {
    const wait = started.has(lane) ? nextMs : firstMs;
    started.add(lane);
    await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  };
}

describe('runFor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the steady rate after the settling time, and the slower start apart', async () => {
    // Two lanes, 300 ms before each finishes its first task, then one every 20 ms: 100 a second.
    const result = runFor(2, 1.2, lanes(300, 20), 0.5);
    await vi.advanceTimersByTimeAsync(2_000);
    const { perSecond, settledPerSecond, settlingPerSecond, count } = await result;

    expect(settledPerSecond).toBeCloseTo(100, 0);
    // From the start: the 300 ms with nothing finished count against it.
    expect(count).toBe(2 * 46);
    expect(perSecond).toBeCloseTo(92 / 1.2, 1);
    // In the first 0.5 s only 200 ms of work could finish: 2 × 11 tasks.
    expect(settlingPerSecond).toBeCloseTo(22 / 0.5, 1);
  });

  it('is the rate from the start when no settling time is given', async () => {
    const result = runFor(2, 1.2, lanes(300, 20));
    await vi.advanceTimersByTimeAsync(2_000);
    const { perSecond, settledPerSecond, settlingPerSecond } = await result;

    expect(settledPerSecond).toBe(perSecond);
    expect(settlingPerSecond).toBe(perSecond);
  });

  it('falls back to the rate from the start when the work ends inside the settling time', async () => {
    let left = 4;
    const result = runFor(
      1,
      5,
      async () => {
        if (left === 0) return false;
        left -= 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return true;
      },
      0.5,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    const { perSecond, settledPerSecond, count } = await result;

    expect(count).toBe(4);
    expect(settledPerSecond).toBe(perSecond);
    expect(perSecond).toBeCloseTo(4 / 0.2, 5);
  });
});
