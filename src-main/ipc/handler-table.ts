import type { IpcResponses } from '../../src-shared/ipc-contract';
import type { IpcChannel } from '../../src-shared/ipc-methods';
import type { AccountHelp } from '../auth/account-help';
import type { AuthFlow } from '../auth/auth-flow';
import type { TrustedComputers } from '../device/trusted-computers';
import type { AppSettings } from '../settings/app-settings';
import { withManagedSettings } from '../policy/managed-auth';
import type { UpdateController } from '../updates/update-controller';
import { createAuthHandlers } from './auth-handlers';
import { createDeviceHandlers } from './device-handlers';
import { createSettingsHandlers } from './settings-handlers';
import { createShippingHandlers, type ShippingDesk } from './shipping-handlers';
import { createUpdatesHandlers } from './updates-handlers';
import type { IpcHandler } from './define-handler';

/** One handler per contract channel; the compiler refuses a missing or extra one. */
export type HandlerTable = { [C in IpcChannel]: IpcHandler<IpcResponses[C]> };

/** The services the handlers call. */
export interface HandlerDeps {
  authFlow: AuthFlow;
  accountHelp: AccountHelp;
  trustedComputers: TrustedComputers;
  /**
   * User settings seen through IT policy, and updates (src-main/settings/app-settings.ts,
   * src-main/updates/). Optional so sign-in tests need not build them; without them
   * their channels answer SETTINGS_UNAVAILABLE.
   */
  appSettings?: AppSettings | undefined;
  updates?: UpdateController | undefined;
  /** The shipping API client and label output; without it the shipping channels answer SHIPPING_UNAVAILABLE. */
  shipping?: ShippingDesk | undefined;
}

/**
 * The main process's IPC surface as a plain object keyed by channel, gathered
 * from one module per domain (`src-main/ipc/<domain>-handlers.ts`). Electron
 * registers it with `ipcMain.handle`; the Chromium end-to-end bridge calls the
 * very same table, so only the transport differs between them.
 */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  // IT policy and the user's settings apply to the sign-in answers (src-main/policy/managed-auth.ts).
  return withManagedSettings(deps.appSettings, {
    ...createAuthHandlers(deps.authFlow, deps.accountHelp),
    ...createDeviceHandlers(deps.trustedComputers),
    ...createSettingsHandlers(deps.appSettings),
    ...createShippingHandlers(deps.shipping),
    ...createUpdatesHandlers(deps.updates),
  });
}
