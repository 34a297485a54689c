/**
 * Event-loop batching while password hashes queue (the stand-alone server).
 *
 * A sign-in server at capacity has every core hashing argon2id, with more
 * hashes waiting than libuv's pool has threads. Then each wake-up of the
 * event loop for a single request or a single finished hash takes a core
 * from a hash, and runs with the loop's code and data pushed out of the
 * caches by the hash's 19 MiB, so the same work costs the loop two to three
 * times what it costs in a stream (bench/RESULTS.md, rounds 8 and 10). Under
 * that load the loop, once it has handled what arrived, pauses for a few
 * milliseconds (a futex wait, no CPU) and then handles everything that
 * arrived meanwhile in one warm pass; its clients' wake-ups batch the same way.
 *
 * No hashing capacity is lost: the loop pauses only while every pool thread
 * has more hashes queued behind the one it runs than the pause can use up
 * (see pauseMs), so the threads go on from hash to hash while the loop
 * sleeps. A step waits at most one pause longer; below that load nothing
 * changes. The app's embedded server never pauses: it shares Electron's main
 * process with the window.
 */

/** The default longest pause (ms); shorter ones follow from the queue and the hash time (see pauseMs). */
export const DEFAULT_LOOP_BATCH_MS = 10;

/** The longest pause CNS_LOOP_BATCH_MS accepts. */
export const MAX_LOOP_BATCH_MS = 50;

/** How a process batches its event loop. */
export interface LoopBatchingSettings {
  /** libuv pool threads the hashes run on (see thread-pool.ts). */
  threads: number;
  /** Longest pause in milliseconds (CNS_LOOP_BATCH_MS); 0 turns batching off. */
  longestMs: number;
  /** Wall time of one argon2id hash on this machine, measured at start (services/passwords.ts, timePasswordHash). */
  hashMs: number;
}

let settings: LoopBatchingSettings | undefined;
let hashesInFlight = 0;
let pauseScheduled = false;
let pauses = 0;
const futex = new Int32Array(new SharedArrayBuffer(4));

/**
 * How long the loop may pause with `inFlight` hashes queued or running: none
 * unless every pool thread has at least one more hash waiting behind the one
 * it runs; then half of what the shortest queue holds (its hashes times the
 * hash time), so however the machine's speed drifts no thread runs out of
 * work while the loop sleeps, and never more than the configured longest pause.
 */
export function pauseMs(inFlight: number, { threads, longestMs, hashMs }: LoopBatchingSettings): number {
  const queuedPerThread = Math.floor((inFlight - threads) / threads);
  if (queuedPerThread < 1) return 0;
  return Math.min(longestMs, (queuedPerThread * hashMs) / 2);
}

function pause(): void {
  pauseScheduled = false;
  // The queue may have drained while this pass ran: then the loop has nothing to batch for.
  const ms = settings ? pauseMs(hashesInFlight, settings) : 0;
  if (ms <= 0) return;
  pauses += 1;
  Atomics.wait(futex, 0, 0, ms);
}

/**
 * Tells the batching that the loop woke for work (a request arrived, a hash
 * finished). While hashes queue, the loop pauses once it has handled this
 * pass: a check-phase callback runs after every I/O callback of the pass and
 * the promises they settled.
 */
export function noteLoopWake(): void {
  if (settings === undefined || pauseScheduled || pauseMs(hashesInFlight, settings) <= 0) return;
  pauseScheduled = true;
  setImmediate(pause);
}

/** Runs a hash, counted while it is queued or running, so the loop knows when hashes queue. */
export async function countedHash<T>(hash: () => Promise<T>): Promise<T> {
  hashesInFlight += 1;
  try {
    return await hash();
  } finally {
    hashesInFlight -= 1;
    noteLoopWake();
  }
}

/** Turns batching on for this process (the CLI server) with these settings, or off with `longestMs` 0. */
export function setLoopBatching(next: LoopBatchingSettings): void {
  settings = next.longestMs > 0 && next.hashMs > 0 ? { ...next } : undefined;
}

/** Pauses taken so far in this process, so a test can tell that the loop paused. */
export function loopPausesTaken(): number {
  return pauses;
}

/** The start-up line about it, beside the hashing threads' line. */
export function loopBatchingLine(longestMs: number, hashMs: number): string {
  return longestMs > 0
    ? `Event loop: while password hashes queue, it batches its work in pauses of up to ${longestMs} ms (CNS_LOOP_BATCH_MS; a hash takes ${hashMs.toFixed(1)} ms here)`
    : 'Event loop: no batching under hash load (CNS_LOOP_BATCH_MS=0)';
}
