import { authRequestSchemas, type AuthResponses } from '../../src-shared/ipc/auth-contract';
import type { AuthFlow } from '../auth/auth-flow';
import { defineHandler, type IpcHandler } from './define-handler';

/** Handlers of the sign-in channels. */
export type AuthHandlers = { [C in keyof AuthResponses]: IpcHandler<AuthResponses[C]> };

/** Sign-in handlers: each hands the parsed answer to the AuthFlow and returns the next view. */
export function createAuthHandlers(authFlow: AuthFlow): AuthHandlers {
  return {
    'auth:get-step': defineHandler(authRequestSchemas['auth:get-step'], () => Promise.resolve(authFlow.view())),
    'auth:log-in': defineHandler(authRequestSchemas['auth:log-in'], (req) =>
      authFlow.logIn(req.username, req.password),
    ),
    'auth:submit-passcode': defineHandler(authRequestSchemas['auth:submit-passcode'], (req) =>
      authFlow.submitPasscode(req.code),
    ),
    'auth:sign-out': defineHandler(authRequestSchemas['auth:sign-out'], () => authFlow.signOut()),
  };
}
