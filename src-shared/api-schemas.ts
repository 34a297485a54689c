import { z } from 'zod';
import { stepSchema } from './steps';
import { flowIdSchema, otpCodeSchema, passwordSchema, usernameSchema } from './validation';

/**
 * HTTP API request and response bodies (under `/v1`). The server validates
 * with these, the main-process client types its calls with them, and the
 * OpenAPI document is generated from them.
 */

/** `POST /v1/auth/login` */
export const loginRequestSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
});
/** See {@link loginRequestSchema}. */
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** `POST /v1/auth/otp/verify` */
export const otpVerifyRequestSchema = z.object({
  flowId: flowIdSchema,
  code: otpCodeSchema,
});
/** See {@link otpVerifyRequestSchema}; `code` is the raw input before normalising. */
export type OtpVerifyRequest = z.input<typeof otpVerifyRequestSchema>;

/** Tokens of a new session; they travel beside the step so the step stays secret-free. */
export const sessionTokensSchema = z.object({
  accessToken: z.string(),
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
});
/** See {@link sessionTokensSchema}. */
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

/** Every auth call answers with the flow and the next step. */
export const authResponseSchema = z.object({
  flowId: flowIdSchema,
  step: stepSchema,
  session: sessionTokensSchema.optional(),
});
/** See {@link authResponseSchema}. */
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** `GET /v1/me` */
export const meResponseSchema = z.object({
  username: z.string(),
  email: z.string(),
  mfaMethod: z.enum(['sms', 'email']).nullable(),
});
/** See {@link meResponseSchema}. */
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Body of every non-2xx answer. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    retryAfterSeconds: z.number().optional(),
  }),
  requestId: z.string().optional(),
});
/** See {@link errorResponseSchema}. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
