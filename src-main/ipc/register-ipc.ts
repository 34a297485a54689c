import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail } from '../../src-shared/result';
import type { IpcChannel } from '../../src-shared/ipc-methods';
import type { HandlerTable } from './handler-table';
import { isTrustedSender } from './sender-check';

/**
 * Registers every handler of the table with `ipcMain.handle`, each behind the
 * sender check. The only place (with the preload) that touches raw IPC.
 */
export function registerIpc(table: HandlerTable, ownWebContents: ReadonlySet<number>): void {
  for (const channel of Object.keys(table) as IpcChannel[]) {
    const handler = table[channel];
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const trusted = isTrustedSender(
        { frameUrl: event.senderFrame?.url, webContentsId: event.sender.id },
        ownWebContents,
      );
      if (!trusted) return fail('UNTRUSTED_SENDER', 'This request did not come from the app window.');
      return handler(input);
    });
  }
}
