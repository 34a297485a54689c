import { hash } from '@node-rs/argon2';
import { ARGON2ID_PARAMS } from '../../src-server/services/passwords';
import { hashingThreads } from '../../src-server/thread-pool';
import { runFor } from './stats';
import type { RawArgon2Message, RawArgon2Request } from './raw-argon2';

/**
 * Raw argon2id in a process of its own, started as the servers are (the same
 * thread-pool preload, no load generator beside it), so the floor a sign-in
 * is held to is the hash at its best on this machine, not the hash sharing a
 * process with the benchmark's client.
 */
let n = 0;

process.on('message', (request: RawArgon2Request) => {
  const startedBefore = n;
  void runFor(
    request.concurrency,
    request.seconds,
    async () => {
      await hash(`password-${(n += 1)}`, ARGON2ID_PARAMS);
      return true;
    },
    request.settleSeconds,
  ).then(({ perSecond, drainedPerSecond, settledPerSecond, settlingPerSecond }) => {
    const answer: RawArgon2Message = {
      type: 'round',
      round: { perSecond, drainedPerSecond, settledPerSecond, settlingPerSecond, started: n - startedBefore },
    };
    process.send?.(answer);
  });
});
process.once('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', threads: hashingThreads().threads } satisfies RawArgon2Message);
