import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../scale/helpers/instances';

/** Threads a process runs now (Linux /proc): its main thread, V8's helpers and libuv's pool. */
function threadCount(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

describe('the stand-alone server hashes on one thread per core', () => {
  const started: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });

  it.skipIf(process.platform !== 'linux')(
    'sizes its pool to the cores unless UV_THREADPOOL_SIZE says otherwise, and says so at start',
    async () => {
      const cores = availableParallelism();
      const sized = await startServerProcess({ UV_THREADPOOL_SIZE: '' });
      started.push(sized);
      // The second also turns the event loop's batching off (CNS_LOOP_BATCH_MS=0); the first keeps the default.
      const given = await startServerProcess({ UV_THREADPOOL_SIZE: String(cores + 3), CNS_LOOP_BATCH_MS: '0' });
      started.push(given);

      expect(sized.output.join('')).toContain(
        `Password hashing: ${cores} thread${cores === 1 ? '' : 's'} on ${cores} core`,
      );
      expect(given.output.join('')).toContain(
        `Password hashing: ${cores + 3} threads on ${cores} core${cores === 1 ? '' : 's'}; more threads than cores`,
      );
      expect(sized.output.join('')).toMatch(
        /Event loop: while password hashes queue, it batches its work in pauses of up to 10 ms \(CNS_LOOP_BATCH_MS; a hash takes \d+\.\d ms here\)/,
      );
      expect(given.output.join('')).toContain('Event loop: no batching under hash load (CNS_LOOP_BATCH_MS=0)');
      // The two processes differ only in the pool, so their thread counts differ by exactly its size.
      const sizedPid = sized.child.pid ?? -1;
      const givenPid = given.child.pid ?? -1;
      expect(threadCount(givenPid) - threadCount(sizedPid)).toBe(3);

      // And the sized one still signs in (the hash runs on its pool).
      const login = await fetch(`${sized.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo', password: 'Ship-It-2026!' }),
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { step: { kind: string } }).step.kind).toBe('enter-otp');
      expect(threadCount(givenPid) - threadCount(sizedPid)).toBe(3);
    },
    120_000,
  );
});
