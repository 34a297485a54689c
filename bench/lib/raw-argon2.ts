import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_ARGS } from './child-server';
import { cpuSince, NO_CPU, threadCpu } from './thread-cpu';

/** A request to the raw-hash child: hash for `seconds` on `concurrency` lanes (see runFor for `settleSeconds`). */
export interface RawArgon2Request {
  seconds: number;
  concurrency: number;
  settleSeconds: number;
}

/** One round of raw hashing as the child counted it (`started` includes the drain after the deadline). */
export interface RawArgon2Round {
  perSecond: number;
  drainedPerSecond: number;
  settledPerSecond: number;
  settlingPerSecond: number;
  started: number;
}

/** What the raw-hash child sends its parent. */
export type RawArgon2Message = { type: 'ready'; threads: number } | { type: 'round'; round: RawArgon2Round };

/** A raw-hash child: rounds on demand, each with the CPU the child used for it (and its kernel share). */
export interface RawArgon2Process {
  /** libuv pool threads the child hashes on (UV_THREADPOOL_SIZE as it started). */
  threads: number;
  round(
    seconds: number,
    concurrency: number,
    settleSeconds?: number,
  ): Promise<RawArgon2Round & { cpuMs: number; kernelMs: number }>;
  stop(): void;
}

/**
 * Starts bench/lib/raw-argon2-child.ts with the servers' own node arguments,
 * so raw hashes and sign-ins run on equally sized thread pools; `threads`
 * overrides the pool size (to show libuv's default beside it).
 */
export function startRawArgon2(threads?: number): Promise<RawArgon2Process> {
  const env = threads === undefined ? process.env : { ...process.env, UV_THREADPOOL_SIZE: String(threads) };
  const child = fork(fileURLToPath(new URL('./raw-argon2-child.ts', import.meta.url)), [], {
    execArgv: SERVER_NODE_ARGS,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid ?? -1;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`raw argon2id child exited with ${String(code)}`)));
    child.once('message', (ready: RawArgon2Message) => {
      if (ready.type !== 'ready') return reject(new Error('raw argon2id child spoke out of turn'));
      child.removeAllListeners('exit');
      resolve({
        threads: ready.threads,
        round: (seconds, concurrency, settleSeconds = 0) =>
          new Promise((done, fail) => {
            const before = threadCpu(pid);
            // A child that dies mid-round fails the benchmark instead of leaving it waiting.
            const died = (code: number | null): void =>
              fail(new Error(`raw argon2id child exited with ${String(code)}`));
            child.once('exit', died);
            child.once('message', (message: RawArgon2Message) => {
              child.off('exit', died);
              if (message.type !== 'round') return fail(new Error('raw argon2id child answered out of turn'));
              const after = threadCpu(pid);
              const used = before && after ? cpuSince(before, after) : NO_CPU;
              done({
                ...message.round,
                cpuMs: used.main + used.others,
                kernelMs: used.mainKernel + used.othersKernel,
              });
            });
            child.send({ seconds, concurrency, settleSeconds } satisfies RawArgon2Request);
          }),
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}
