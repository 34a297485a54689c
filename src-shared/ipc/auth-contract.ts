import { z } from 'zod';
import {
  createAccountRequestSchema,
  emailSchema,
  forgotPasswordRequestSchema,
  forgotUsernameRequestSchema,
  phoneInputSchema,
  resetPasswordRequestSchema,
  type AccountCreatedResponse,
} from '../api-schemas';
import type { Step } from '../steps';
import { otpCodeSchema, passwordSchema, usernameSchema } from '../validation';

const noInput = z.undefined();

/** Request schemas of the sign-in channels (one per user action of the guide). */
export const authRequestSchemas = {
  'auth:get-step': noInput,
  'auth:log-in': z.object({ username: usernameSchema, password: passwordSchema }),
  'auth:start-enrollment': noInput,
  'auth:opt-out': noInput,
  'auth:keep-email': noInput,
  'auth:change-email': z.object({ email: emailSchema }),
  'auth:resend-link': noInput,
  'auth:poll': noInput,
  'auth:choose-method': z.object({ method: z.enum(['sms', 'email'], { error: 'Choose SMS or Email.' }) }),
  'auth:submit-phone': z.object({ phone: phoneInputSchema }),
  'auth:submit-passcode': z.object({ code: otpCodeSchema, rememberDevice: z.boolean().optional() }),
  'auth:resend-passcode': noInput,
  'auth:switch-method': noInput,
  'auth:modify-continue': noInput,
  'auth:modify-cancel': noInput,
  'auth:modify-choose': z.object({ factor: z.enum(['phone', 'email'], { error: 'Choose Phone or Email.' }) }),
  'auth:accept-terms': noInput,
  'auth:decline-terms': noInput,
  'auth:restart': noInput,
  'auth:sign-out': noInput,
  'auth:create-account': createAccountRequestSchema,
  'auth:forgot-username': forgotUsernameRequestSchema,
  'auth:forgot-password': forgotPasswordRequestSchema,
  'auth:reset-password': resetPasswordRequestSchema,
};

/** Whether "Remember this computer" can work here, and if not, why (keychain missing, locked, denied). */
export type RememberStatus = { available: true } | { available: false; reason: string };

/** What the renderer learns about sign-in: the step to draw and nothing secret. */
export interface AuthView {
  step: Step;
  /** A message to show on arrival (for example why a remembered computer was forgotten). */
  notice?: string;
  /** Whether this computer can be remembered (the keychain works). */
  remember: RememberStatus;
}

/** Answer of the account-help channels: a sentence to show (the same whether or not the account exists). */
export interface AccountHelpAnswer {
  message: string;
}

/** Answer types of the sign-in channels. */
export interface AuthResponses {
  'auth:get-step': AuthView;
  'auth:log-in': AuthView;
  'auth:start-enrollment': AuthView;
  'auth:opt-out': AuthView;
  'auth:keep-email': AuthView;
  'auth:change-email': AuthView;
  'auth:resend-link': AuthView;
  'auth:poll': AuthView;
  'auth:choose-method': AuthView;
  'auth:submit-phone': AuthView;
  'auth:submit-passcode': AuthView;
  'auth:resend-passcode': AuthView;
  'auth:switch-method': AuthView;
  'auth:modify-continue': AuthView;
  'auth:modify-cancel': AuthView;
  'auth:modify-choose': AuthView;
  'auth:accept-terms': AuthView;
  'auth:decline-terms': AuthView;
  'auth:restart': AuthView;
  'auth:sign-out': AuthView;
  'auth:create-account': AccountCreatedResponse;
  'auth:forgot-username': AccountHelpAnswer;
  'auth:forgot-password': AccountHelpAnswer;
  'auth:reset-password': AccountHelpAnswer;
}
