import type { z } from 'zod';
import type { Result } from './result';
import { authRequestSchemas, type AuthResponses } from './ipc/auth-contract';
import { deviceRequestSchemas, type DeviceResponses } from './ipc/device-contract';
import { settingsRequestSchemas, type SettingsResponses } from './ipc/settings-contract';
import { shippingRequestSchemas, type ShippingResponses } from './ipc/shipping-contract';
import { updatesRequestSchemas, type UpdatesResponses } from './ipc/updates-contract';
import { cnsMethods, type CnsMethod, type IpcChannel } from './ipc-methods';

/**
 * The typed IPC contract: for each channel, the zod schema of its request and
 * the type of its answer, gathered from one module per domain
 * (`src-shared/ipc/<domain>-contract.ts`). Handlers parse with these schemas
 * (input is `unknown`); the preload and renderer get their types from here.
 */
export const ipcRequestSchemas = {
  ...authRequestSchemas,
  ...deviceRequestSchemas,
  ...settingsRequestSchemas,
  ...shippingRequestSchemas,
  ...updatesRequestSchemas,
} satisfies Record<IpcChannel, z.ZodType>;

/** Answer types per channel. */
export type IpcResponses = AuthResponses & DeviceResponses & SettingsResponses & ShippingResponses & UpdatesResponses;

/** The request a channel accepts, before parsing (what the renderer sends). */
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcRequestSchemas)[C]>;
/** The request a channel's handler receives, after parsing. */
export type IpcParsedRequest<C extends IpcChannel> = z.output<(typeof ipcRequestSchemas)[C]>;
/** The answer of a channel, as it crosses IPC. */
export type IpcResult<C extends IpcChannel> = Result<IpcResponses[C]>;

type MethodArgs<C extends IpcChannel> = IpcRequest<C> extends undefined ? [] : [request: IpcRequest<C>];

/** The API the preload exposes as `window.cns`: one named method per action. */
export type CnsApi = {
  [M in CnsMethod]: (...args: MethodArgs<(typeof cnsMethods)[M]>) => Promise<IpcResult<(typeof cnsMethods)[M]>>;
};

export type { AccountHelpAnswer, AuthView, RememberStatus } from './ipc/auth-contract';
export type { SecurityInfo, TrustedComputer } from './ipc/device-contract';
export type { ServerUrlSource, SettingsView } from './ipc/settings-contract';
export type { SavedFile } from './ipc/shipping-contract';
export type { UpdateStatus } from './ipc/updates-contract';
export { cnsMethods };
export type { CnsMethod, IpcChannel };
