import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT, SERVER_COMMAND_ARGS } from '../../test/helpers/server-command';

/** Messages a benchmark server child sends its parent over the IPC channel. */
export type ChildMessage = { type: 'ready'; url: string } | { type: 'code'; to: string; code: string };

/**
 * Passcodes the child's in-process mailer reported, per recipient, in order.
 * Both servers in a comparison hand their codes over this same channel, so the
 * delivery cost is the same on both sides.
 */
export class CodeInbox {
  private readonly queues = new Map<string, string[]>();
  private readonly waiters = new Map<string, Array<(code: string) => void>>();

  /** Called for every code the child reports. */
  deliver(to: string, code: string): void {
    const waiting = this.waiters.get(to);
    const wake = waiting?.shift();
    if (wake) {
      wake(code);
      return;
    }
    const queue = this.queues.get(to) ?? [];
    queue.push(code);
    this.queues.set(to, queue);
  }

  /** The next code sent to `to` that nobody has taken yet. */
  next(to: string, timeoutMs = 30_000): Promise<string> {
    const queued = this.queues.get(to)?.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No passcode for ${to} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiters.get(to) ?? [];
      list.push((code) => {
        clearTimeout(timer);
        resolve(code);
      });
      this.waiters.set(to, list);
    });
  }

  /** Forgets codes nobody will use (those of the prepared password steps). */
  clear(): void {
    this.queues.clear();
  }
}

/**
 * Node arguments every benchmark child starts with: `npm run server`'s own
 * (test/helpers/server-command.ts) without its script, that is the
 * thread-pool preload (one libuv thread per core unless UV_THREADPOOL_SIZE is
 * set), then tsx. Ours, the peer and the raw hash all get the same, so none
 * hashes on a better-sized pool.
 */
export const SERVER_NODE_ARGS = SERVER_COMMAND_ARGS.slice(0, -1).map((arg) =>
  // The preload's path, made absolute so a child may start from any folder.
  arg.startsWith('./') ? resolve(REPO_ROOT, arg) : arg,
);

/** A benchmark server running in a child process. */
export interface ChildServer {
  url: string;
  inbox: CodeInbox;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A program the child's node runs under (a profiler such as valgrind), with its own arguments. */
export interface ChildWrapper {
  command: string;
  args: string[];
}

/**
 * Starts `script` (TypeScript, through tsx) in its own process, so server and
 * load generator do not share an event loop, and waits for its URL. With
 * `wrapper`, node runs under that program (`wrapper.command ...args node ...`).
 */
export function startChildServer(
  script: string,
  env: Record<string, string>,
  wrapper?: ChildWrapper,
): Promise<ChildServer> {
  const inbox = new CodeInbox();
  const nodeArgs = [
    ...SERVER_NODE_ARGS,
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server child there, for finding hot spots.
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    // BENCH_SERVER_NODE_FLAGS="--trace-gc ..." passes V8 or Node flags to the server child only, for A/B runs.
    ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const child = fork(script, [], {
    ...(wrapper
      ? { execPath: wrapper.command, execArgv: [...wrapper.args, process.execPath, ...nodeArgs] }
      : { execArgv: nodeArgs }),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Under a wrapper such as valgrind, start-up is tens of times slower.
  const startMs = wrapper ? 900_000 : 120_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${startMs / 1000} s`));
    }, startMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${String(code)} before it was ready`));
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'code') inbox.deliver(message.to, message.code);
      else if (message.type === 'ready') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url: message.url,
          inbox,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), wrapper ? 120_000 : 5_000).unref();
            }),
        });
      }
    });
  });
}

/** In the child: reports a code to the parent. */
export function reportCode(to: string, code: string): void {
  process.send?.({ type: 'code', to, code } satisfies ChildMessage);
}

/** In the child: tells the parent where it listens. */
export function reportReady(url: string): void {
  process.send?.({ type: 'ready', url } satisfies ChildMessage);
}
