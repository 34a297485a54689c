import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src-server/config';
import {
  countedHash,
  loopBatchingLine,
  loopPausesTaken,
  noteLoopWake,
  pauseMs,
  setLoopBatching,
  type LoopBatchingSettings,
} from '../../src-server/loop-batching';

/** A hash whose end the test decides, counted as the server counts its argon2id calls. */
function heldHash(): { done: Promise<void>; finish: () => void } {
  let finish = (): void => undefined;
  const done = countedHash(() => new Promise<void>((resolve) => (finish = resolve)));
  return { done, finish: () => finish() };
}

/** Holds `count` hashes; `finishAll` ends them. */
function heldHashes(count: number): { finishAll: () => Promise<void> } {
  const held = Array.from({ length: count }, heldHash);
  return {
    finishAll: async () => {
      for (const hash of held) hash.finish();
      await Promise.all(held.map((hash) => hash.done));
    },
  };
}

/** One turn of the loop through its check phase, where a scheduled pause runs; how long it took (ms). */
async function oneTurn(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve) => setImmediate(resolve));
  return performance.now() - started;
}

const OFF: LoopBatchingSettings = { threads: 1, longestMs: 0, hashMs: 0 };

describe('event-loop batching while password hashes queue', () => {
  afterEach(() => setLoopBatching(OFF));

  it('pauses only while every pool thread has a hash waiting, for half the shortest queue, up to the longest pause', () => {
    const settings = { threads: 2, longestMs: 10, hashMs: 8 };
    // Two running, one waiting: one thread would run dry.
    expect(pauseMs(3, settings)).toBe(0);
    expect(pauseMs(0, settings)).toBe(0);
    // Each thread has one more hash (8 ms) behind the one it runs: pause at most half of it.
    expect(pauseMs(4, settings)).toBe(4);
    expect(pauseMs(5, settings)).toBe(4);
    // Two more each: 8 ms, then the longest pause caps it.
    expect(pauseMs(6, settings)).toBe(8);
    expect(pauseMs(16, settings)).toBe(10);
    // A slow machine's hash allows longer pauses, a fast one's shorter.
    expect(pauseMs(2, { threads: 1, longestMs: 50, hashMs: 30 })).toBe(15);
    expect(pauseMs(2, { threads: 1, longestMs: 50, hashMs: 3 })).toBe(1.5);
  });

  it('pauses the loop once per pass after its work while hashes queue, then no more once they drain', async () => {
    setLoopBatching({ threads: 1, longestMs: 40, hashMs: 100 });
    const first = heldHash();
    const second = heldHash();
    const before = loopPausesTaken();
    noteLoopWake();
    noteLoopWake();
    noteLoopWake();
    // The pause runs in the check phase: the loop is held for about the pause, and only once.
    expect(await oneTurn()).toBeGreaterThanOrEqual(35);
    expect(loopPausesTaken()).toBe(before + 1);

    // A hash finishing is a wake too; with one left there is no queue, so no pause.
    first.finish();
    await first.done;
    noteLoopWake();
    await oneTurn();
    expect(loopPausesTaken()).toBe(before + 1);
    second.finish();
    await second.done;
  });

  it('does not pause while the pool keeps up, nor when it is off', async () => {
    setLoopBatching({ threads: 2, longestMs: 40, hashMs: 100 });
    const three = heldHashes(3);
    const before = loopPausesTaken();
    noteLoopWake();
    await oneTurn();
    expect(loopPausesTaken()).toBe(before);

    setLoopBatching({ threads: 1, longestMs: 0, hashMs: 100 });
    noteLoopWake();
    await oneTurn();
    expect(loopPausesTaken()).toBe(before);
    await three.finishAll();
  });

  it('still answers a failed hash and counts it out', async () => {
    setLoopBatching({ threads: 1, longestMs: 40, hashMs: 100 });
    await expect(countedHash(() => Promise.reject(new Error('bad hash')))).rejects.toThrow('bad hash');
    // Nothing is left counted: one held hash alone is no queue.
    const one = heldHashes(1);
    const before = loopPausesTaken();
    noteLoopWake();
    await oneTurn();
    expect(loopPausesTaken()).toBe(before);
    await one.finishAll();
  });

  it('is configured by CNS_LOOP_BATCH_MS (10 ms unless set, 0 turns it off) and says so at start', () => {
    expect(loadServerConfig({}).loopBatchMs).toBe(10);
    expect(loadServerConfig({ CNS_LOOP_BATCH_MS: '0' }).loopBatchMs).toBe(0);
    expect(loadServerConfig({ CNS_LOOP_BATCH_MS: '12' }).loopBatchMs).toBe(12);
    expect(() => loadServerConfig({ CNS_LOOP_BATCH_MS: '51' })).toThrow(/CNS_LOOP_BATCH_MS: expected 0 \(off\) to 50/);
    expect(() => loadServerConfig({ CNS_LOOP_BATCH_MS: 'soon' })).toThrow(/CNS_LOOP_BATCH_MS: expected/);
    expect(loopBatchingLine(10, 8.27)).toBe(
      'Event loop: while password hashes queue, it batches its work in pauses of up to 10 ms (CNS_LOOP_BATCH_MS; a hash takes 8.3 ms here)',
    );
    expect(loopBatchingLine(0, 0)).toBe('Event loop: no batching under hash load (CNS_LOOP_BATCH_MS=0)');
  });
});
