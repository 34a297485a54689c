import { ipcRequestSchemas, type IpcResponses } from '../../src-shared/ipc-contract';
import type { IpcChannel } from '../../src-shared/ipc-methods';
import type { AuthFlow } from '../auth/auth-flow';
import { defineHandler, type IpcHandler } from './define-handler';

/** One handler per contract channel; the compiler refuses a missing or extra one. */
export type HandlerTable = { [C in IpcChannel]: IpcHandler<IpcResponses[C]> };

/** The services the handlers call. */
export interface HandlerDeps {
  authFlow: AuthFlow;
}

/**
 * The main process's IPC surface as a plain object keyed by channel. Electron
 * registers it with `ipcMain.handle`; the Chromium end-to-end bridge calls the
 * very same table, so only the transport differs between them.
 */
export function createHandlerTable({ authFlow }: HandlerDeps): HandlerTable {
  return {
    'auth:get-step': defineHandler(ipcRequestSchemas['auth:get-step'], () => Promise.resolve(authFlow.view())),
    'auth:log-in': defineHandler(ipcRequestSchemas['auth:log-in'], (req) => authFlow.logIn(req.username, req.password)),
    'auth:submit-passcode': defineHandler(ipcRequestSchemas['auth:submit-passcode'], (req) =>
      authFlow.submitPasscode(req.code),
    ),
    'auth:sign-out': defineHandler(ipcRequestSchemas['auth:sign-out'], () => authFlow.signOut()),
  };
}
