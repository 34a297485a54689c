import { updatesRequestSchemas, type UpdatesResponses } from '../../src-shared/ipc/updates-contract';
import type { UpdateController } from '../updates/update-controller';
import { defineHandler, type IpcHandler } from './define-handler';
import { unavailableHandlers } from './settings-handlers';

/** Handlers of the update channels. */
export type UpdatesHandlers = { [C in keyof UpdatesResponses]: IpcHandler<UpdatesResponses[C]> };

/** Update handlers: status for the settings screen, a check on request, restart on the user's word. */
export function createUpdatesHandlers(updates: UpdateController | undefined): UpdatesHandlers {
  if (!updates) return unavailableHandlers(['updates:get-status', 'updates:check', 'updates:restart']);
  return {
    'updates:get-status': defineHandler(updatesRequestSchemas['updates:get-status'], () =>
      Promise.resolve(updates.getStatus()),
    ),
    'updates:check': defineHandler(updatesRequestSchemas['updates:check'], () => updates.check()),
    'updates:restart': defineHandler(updatesRequestSchemas['updates:restart'], () =>
      Promise.resolve(updates.restart()),
    ),
  };
}
