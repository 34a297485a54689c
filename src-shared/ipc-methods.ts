import { authMethods } from './ipc/auth-methods';
import { deviceMethods } from './ipc/device-methods';
import { settingsMethods } from './ipc/settings-methods';
import { shippingMethods } from './ipc/shipping-methods';
import { updatesMethods } from './ipc/updates-methods';

/**
 * The preload's public methods and the IPC channel each one calls, gathered
 * from one module per domain (`src-shared/ipc/<domain>-methods.ts`). Kept free
 * of zod and node so the sandboxed preload bundle stays tiny; the request
 * schemas live in `ipc-contract.ts`.
 */
export const cnsMethods = {
  ...authMethods,
  ...deviceMethods,
  ...settingsMethods,
  ...shippingMethods,
  ...updatesMethods,
} as const;

/** Name of a method on `window.cns`. */
export type CnsMethod = keyof typeof cnsMethods;
/** Name of an IPC channel. */
export type IpcChannel = (typeof cnsMethods)[CnsMethod];
