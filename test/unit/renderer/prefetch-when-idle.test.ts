import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchWhenIdle } from '../../../src-renderer/prefetch-when-idle';

/** Settles when the queue has had time to run `turns` idle callbacks and their loads. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prefetching the next screens', () => {
  it('loads one chunk at a time, in order, each in an idle period', async () => {
    const idle: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const load = (name: string) => () =>
      new Promise<void>((resolve) => {
        started.push(name);
        finish.set(name, resolve);
      });

    prefetchWhenIdle([load('passcode'), load('help'), load('terms')]);
    expect(started).toEqual([]); // nothing before the main thread is idle
    idle.shift()?.();
    expect(started).toEqual(['passcode']);
    await turns(2);
    expect(idle).toHaveLength(0); // the next waits for this one to finish
    finish.get('passcode')?.();
    await turns(2);
    idle.shift()?.();
    expect(started).toEqual(['passcode', 'help']);
  });

  it('goes on past a chunk that fails to load', async () => {
    const started: string[] = [];
    const load =
      (name: string, fails = false) =>
      () => {
        started.push(name);
        return fails ? Promise.reject(new Error('offline')) : Promise.resolve();
      };
    // Without requestIdleCallback (not Chromium), the next task stands in for idle time.
    prefetchWhenIdle([load('passcode', true), load('help'), load('terms')]);
    await turns(10);
    expect(started).toEqual(['passcode', 'help', 'terms']);
  });
});
