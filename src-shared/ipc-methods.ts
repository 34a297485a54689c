/**
 * The preload's public methods and the IPC channel each one calls. Kept free of
 * zod and node so the sandboxed preload bundle stays tiny; the request schemas
 * live in `ipc-contract.ts`.
 */
export const cnsMethods = {
  getAuthStep: 'auth:get-step',
  logIn: 'auth:log-in',
  submitPasscode: 'auth:submit-passcode',
  signOut: 'auth:sign-out',
} as const;

/** Name of a method on `window.cns`. */
export type CnsMethod = keyof typeof cnsMethods;
/** Name of an IPC channel. */
export type IpcChannel = (typeof cnsMethods)[CnsMethod];
