import { z } from 'zod';
import type { Result } from './result';
import type { Step } from './steps';
import { otpCodeSchema, passwordSchema, usernameSchema } from './validation';
import { cnsMethods, type CnsMethod, type IpcChannel } from './ipc-methods';

/**
 * The typed IPC contract: for each channel, the zod schema of its request and
 * the type of its answer. Handlers parse with these schemas (input is
 * `unknown`), the preload and renderer get their types from here.
 */
export const ipcRequestSchemas = {
  'auth:get-step': z.undefined(),
  'auth:log-in': z.object({ username: usernameSchema, password: passwordSchema }),
  'auth:submit-passcode': z.object({ code: otpCodeSchema }),
  'auth:sign-out': z.undefined(),
} satisfies Record<IpcChannel, z.ZodType>;

/** What the renderer learns about sign-in: the step to draw and nothing secret. */
export interface AuthView {
  step: Step;
  /** A message to show on arrival (for example why a remembered computer was forgotten). */
  notice?: string;
}

/** Answer types per channel. */
export interface IpcResponses {
  'auth:get-step': AuthView;
  'auth:log-in': AuthView;
  'auth:submit-passcode': AuthView;
  'auth:sign-out': AuthView;
}

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

export { cnsMethods };
export type { CnsMethod, IpcChannel };
