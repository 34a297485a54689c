import { afterEach, describe, expect, it } from 'vitest';
import type { AuthResponse, ErrorResponse } from '../../src-shared/api-schemas';
import { loopPausesTaken, setLoopBatching } from '../../src-server/loop-batching';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { timePasswordHash } from '../../src-server/services/passwords';
import { postJson } from '../helpers/http';
import { startTestServer } from '../helpers/test-server';

/** Unknown user names: each costs a full argon2id verification against the dummy hash. */
const GUESSES = 12;

/**
 * The stand-alone server's event loop pauses between passes while password
 * hashes queue (src-server/loop-batching.ts). Over a real server, argon2id and
 * SQLite: a burst of log-ins queues hashes, the loop pauses, and every caller
 * still gets its own right answer, the demo account a passcode it can use.
 */
describe('event-loop batching under a burst of log-ins', () => {
  afterEach(() => setLoopBatching({ threads: 1, longestMs: 0, hashMs: 0 }));

  it('pauses while hashes queue and answers every log-in as it would without pausing', async () => {
    const server = await startTestServer({ dialect: 'sqlite' });
    try {
      // One pool thread counted: two hashes in flight are a queue, whatever libuv's real pool is.
      setLoopBatching({ threads: 1, longestMs: 10, hashMs: await timePasswordHash() });
      const before = loopPausesTaken();
      const guesses = Array.from({ length: GUESSES }, (_, i) =>
        postJson<ErrorResponse>(server.url, '/v1/auth/login', { username: `nobody-${i}`, password: 'Wrong-Pass-1!' }),
      );
      const demo = postJson<AuthResponse>(server.url, '/v1/auth/login', { username: 'demo', password: DEMO_PASSWORD });
      const refused = await Promise.all(guesses);
      const signIn = await demo;

      expect(loopPausesTaken()).toBeGreaterThan(before);
      expect(refused.map((reply) => [reply.status, reply.body.error.code])).toEqual(
        Array.from({ length: GUESSES }, () => [401, 'INVALID_CREDENTIALS']),
      );
      expect(signIn.status).toBe(200);
      expect(signIn.body.step.kind).toBe('enter-otp');

      // The passcode the burst's sign-in was sent (dev outbox) finishes it: nothing was lost in a pause.
      const outbox = await fetch(`${server.url}/dev/outbox`);
      const { messages } = (await outbox.json()) as { messages: Array<{ recipient: string; body: string }> };
      // Newest first: the demo account's latest message is the burst's passcode.
      const code = /\b(\d{6})\b/.exec(messages.find((m) => m.recipient === 'demo@example.com')?.body ?? '')?.[1];
      expect(code).toMatch(/^\d{6}$/);
      const verified = await postJson<AuthResponse>(server.url, '/v1/auth/otp/verify', {
        flowId: signIn.body.flowId,
        code,
      });
      expect(verified.status).toBe(200);
      expect(verified.body.step.kind).toBe('modify-offer');
    } finally {
      await server.close();
    }
  });

  it('never pauses when it is off (the embedded server in the app)', async () => {
    const server = await startTestServer({ dialect: 'sqlite' });
    try {
      const before = loopPausesTaken();
      const guesses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          postJson<ErrorResponse>(server.url, '/v1/auth/login', { username: `nobody-${i}`, password: 'Wrong-Pass-1!' }),
        ),
      );
      expect(guesses.every((reply) => reply.status === 401)).toBe(true);
      expect(loopPausesTaken()).toBe(before);
    } finally {
      await server.close();
    }
  });
});
