import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT, SERVER_COMMAND_ARGS } from '../../helpers/server-command';

/** One API server process (`npm run server`'s command) and how to end it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What the process wrote (its log lines), for a failing test's message. */
  output: string[];
  /** SIGTERM and wait (a clean shutdown). */
  stop(): Promise<void>;
  /** SIGKILL and wait: the process dies mid-whatever, as in a crash. */
  kill(): Promise<void>;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });
}

/**
 * Starts `npm run server`'s command as its own process on a free loopback port
 * with the given CNS_* environment, and waits for the URL it prints. Only
 * CNS_* variables from `env` reach it, so the caller's shell cannot leak in.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CNS_')));
  const child = spawn(process.execPath, SERVER_COMMAND_ARGS, {
    cwd: REPO_ROOT,
    env: {
      ...base,
      CNS_HOST: '127.0.0.1',
      CNS_PORT: '0',
      CNS_DEV_MODE: '1',
      CNS_SEED_DEMO: '1',
      CNS_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      const match = /listening at (http:\/\/\S+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${String(code ?? signal)}) before listening:\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    child,
    output,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await waitForExit(child);
      clearTimeout(timer);
    },
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
  };
}
