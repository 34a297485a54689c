import { authRequestSchemas, type AuthResponses } from '../../src-shared/ipc/auth-contract';
import type { AccountHelp } from '../auth/account-help';
import type { AuthFlow } from '../auth/auth-flow';
import { defineHandler, type IpcHandler } from './define-handler';

/** Handlers of the sign-in channels. */
export type AuthHandlers = { [C in keyof AuthResponses]: IpcHandler<AuthResponses[C]> };

const s = authRequestSchemas;

/** Sign-in handlers: each hands the parsed answer to the AuthFlow and returns the next view. */
export function createAuthHandlers(authFlow: AuthFlow, accountHelp: AccountHelp): AuthHandlers {
  return {
    'auth:get-step': defineHandler(s['auth:get-step'], () => authFlow.view()),
    'auth:log-in': defineHandler(s['auth:log-in'], (req) => authFlow.logIn(req.username, req.password)),
    'auth:start-enrollment': defineHandler(s['auth:start-enrollment'], () => authFlow.startEnrollment()),
    'auth:opt-out': defineHandler(s['auth:opt-out'], () => authFlow.optOut()),
    'auth:keep-email': defineHandler(s['auth:keep-email'], () => authFlow.keepEmail()),
    'auth:change-email': defineHandler(s['auth:change-email'], (req) => authFlow.changeEmail(req.email)),
    'auth:resend-link': defineHandler(s['auth:resend-link'], () => authFlow.resendLink()),
    'auth:poll': defineHandler(s['auth:poll'], () => authFlow.poll()),
    'auth:choose-method': defineHandler(s['auth:choose-method'], (req) => authFlow.chooseMethod(req.method)),
    'auth:submit-phone': defineHandler(s['auth:submit-phone'], (req) => authFlow.submitPhone(req.phone)),
    'auth:submit-passcode': defineHandler(s['auth:submit-passcode'], (req) =>
      authFlow.submitPasscode(req.code, req.rememberDevice ?? false),
    ),
    'auth:resend-passcode': defineHandler(s['auth:resend-passcode'], () => authFlow.resendPasscode()),
    'auth:switch-method': defineHandler(s['auth:switch-method'], () => authFlow.switchMethod()),
    'auth:modify-continue': defineHandler(s['auth:modify-continue'], () => authFlow.modifyContinue()),
    'auth:modify-cancel': defineHandler(s['auth:modify-cancel'], () => authFlow.modifyCancel()),
    'auth:modify-choose': defineHandler(s['auth:modify-choose'], (req) => authFlow.modifyChoose(req.factor)),
    'auth:accept-terms': defineHandler(s['auth:accept-terms'], () => authFlow.acceptTerms()),
    'auth:decline-terms': defineHandler(s['auth:decline-terms'], () => authFlow.declineTerms()),
    'auth:restart': defineHandler(s['auth:restart'], () => authFlow.restart()),
    'auth:sign-out': defineHandler(s['auth:sign-out'], () => authFlow.signOut()),
    'auth:create-account': defineHandler(s['auth:create-account'], (req) => accountHelp.createAccount(req)),
    'auth:forgot-username': defineHandler(s['auth:forgot-username'], (req) => accountHelp.forgotUsername(req.email)),
    'auth:forgot-password': defineHandler(s['auth:forgot-password'], (req) => accountHelp.forgotPassword(req.username)),
    'auth:reset-password': defineHandler(s['auth:reset-password'], (req) =>
      accountHelp.resetPassword(req.token, req.password),
    ),
  };
}
