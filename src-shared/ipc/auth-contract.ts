import { z } from 'zod';
import type { Step } from '../steps';
import { otpCodeSchema, passwordSchema, usernameSchema } from '../validation';

/** Request schemas of the sign-in channels. */
export const authRequestSchemas = {
  'auth:get-step': z.undefined(),
  'auth:log-in': z.object({ username: usernameSchema, password: passwordSchema }),
  'auth:submit-passcode': z.object({ code: otpCodeSchema }),
  'auth:sign-out': z.undefined(),
};

/** What the renderer learns about sign-in: the step to draw and nothing secret. */
export interface AuthView {
  step: Step;
  /** A message to show on arrival (for example why a remembered computer was forgotten). */
  notice?: string;
}

/** Answer types of the sign-in channels. */
export interface AuthResponses {
  'auth:get-step': AuthView;
  'auth:log-in': AuthView;
  'auth:submit-passcode': AuthView;
  'auth:sign-out': AuthView;
}
