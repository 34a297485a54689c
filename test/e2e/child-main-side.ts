import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { cnsMethods, type IpcChannel } from '../../src-shared/ipc-methods';
import type { HandlerTable } from '../../src-main/ipc/handler-table';

/**
 * Starts the main-process side (services + handler table) in a child process
 * with its own environment and returns a handler table that forwards to it.
 * Only the transport differs: the child runs the same modules.
 */
export async function startChildMainSide(options: {
  apiUrl: string;
  vaultService: string;
  env: Record<string, string>;
}): Promise<{ table: HandlerTable; stop: () => void }> {
  const child: ChildProcess = fork(resolve(import.meta.dirname, 'main-side-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...options.env,
      CNS_CHILD_API_URL: options.apiUrl,
      CNS_CHILD_VAULT_SERVICE: options.vaultService,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (answer: unknown) => void>();
  let next = 0;
  await new Promise<void>((ready, failed) => {
    child.once('error', failed);
    child.once('exit', (code) => failed(new Error(`The main-side child exited early (${String(code)})`)));
    child.on('message', (message: { ready?: boolean; id?: number; answer?: unknown }) => {
      if (message.ready) ready();
      else if (message.id !== undefined) {
        pending.get(message.id)?.(message.answer);
        pending.delete(message.id);
      }
    });
  });
  const table = {} as Record<IpcChannel, (input: unknown) => Promise<unknown>>;
  for (const channel of Object.values(cnsMethods)) {
    table[channel] = (input: unknown) =>
      new Promise((answer) => {
        next += 1;
        pending.set(next, answer);
        child.send({ id: next, channel, input });
      });
  }
  return { table: table as unknown as HandlerTable, stop: () => child.kill() };
}
