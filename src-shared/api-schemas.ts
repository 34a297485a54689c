import { z } from 'zod';
import { normalizeUsPhone } from './phone';
import { otpChannelSchema, stepSchema } from './steps';
import { flowIdSchema, otpCodeSchema, passwordSchema, usernameSchema } from './validation';

/**
 * HTTP API request and response bodies (under `/v1`). The server validates
 * with these, the main-process client types its calls with them, and the
 * OpenAPI document is generated from them. Each schema names its route.
 *
 * Every auth route answers {@link AuthResponse} (the flow and the next step)
 * unless its doc comment says otherwise; errors answer {@link ErrorResponse}.
 */

// ---------------------------------------------------------------------------
// Field rules

const base64url = (length: number, what: string) =>
  z.string({ error: `${what} is missing.` }).regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`), `${what} is not valid.`);

/** Email addresses as accounts store them (trimmed; at most 254 characters, RFC 5321). */
export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .max(254, 'An email address has at most 254 characters.')
  .transform((raw) => raw.trim())
  .pipe(z.email('Enter a valid email address, such as name@example.com.'));

/**
 * A US mobile number as typed (10 digits, with or without spaces, dashes,
 * parentheses or +1); parses to E.164 (`+12025550123`).
 */
export const phoneInputSchema = z
  .string({ error: 'Enter your 10-digit mobile phone number.' })
  .max(32, 'Enter your 10-digit mobile phone number.')
  .transform((raw, ctx) => {
    const e164 = normalizeUsPhone(raw);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Enter a 10-digit US mobile phone number, such as (202) 555-0123.' });
      return z.NEVER;
    }
    return e164;
  });

/** A password being set (new account, reset): long enough to resist guessing, bounded for hashing cost. */
export const newPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .min(12, 'A password needs at least 12 characters.')
  .max(256, 'A password has at most 256 characters.');

/** A user name being chosen: printable, no spaces at either end. */
export const newUsernameSchema = usernameSchema
  .min(3, 'A user name needs at least 3 characters.')
  .regex(/^[A-Za-z0-9._@-]+$/, 'A user name may use letters, digits and . _ @ - only.');

/** Trusted-device ids are opaque base64url (server-issued). */
export const deviceIdSchema = z
  .string({ error: 'The device id is missing.' })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'The device id is not valid.');

/** Ed25519 public key: the raw 32 bytes, base64url without padding (43 characters). */
export const devicePublicKeySchema = base64url(43, 'The device public key');

/** Ed25519 signature: 64 bytes, base64url without padding (86 characters). */
export const deviceSignatureSchema = base64url(86, 'The device signature');

/** A name the user gives a remembered computer, shown in the device list. */
export const deviceNameSchema = z
  .string({ error: 'Enter a name for this computer.' })
  .transform((raw) => raw.trim())
  .pipe(z.string().min(1, 'Enter a name for this computer.').max(64, 'A device name has at most 64 characters.'));

/** Email-link and reset tokens: 256 bits, base64url (43 characters). */
export const linkTokenSchema = base64url(43, 'The link');

/** Opaque session tokens (256 bits, base64url). */
export const sessionTokenSchema = z
  .string({ error: 'The token is missing.' })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'The token is not valid.');

// ---------------------------------------------------------------------------
// Sign-in flow requests

/** `POST /v1/auth/login`. `deviceId` names this computer's trusted-device key, if it has one. */
export const loginRequestSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  deviceId: deviceIdSchema.optional(),
});
/** See {@link loginRequestSchema}. */
export type LoginRequest = z.input<typeof loginRequestSchema>;

/**
 * Body of every flow call that needs nothing but the flow:
 * `POST /v1/auth/enroll/opt-out`, `/v1/auth/enroll/start`, `/v1/auth/email/keep`,
 * `/v1/auth/email/resend-link`, `/v1/auth/otp/resend`, `/v1/auth/otp/switch`,
 * `/v1/auth/modify/continue`, `/v1/auth/modify/cancel`, `/v1/auth/terms/decline`.
 */
export const flowRequestSchema = z.object({ flowId: flowIdSchema });
/** See {@link flowRequestSchema}. */
export type FlowRequest = z.input<typeof flowRequestSchema>;

/**
 * `POST /v1/auth/device/verify`: the signature over
 * `deviceProofMessage({ origin, flowId, nonce })` (src-shared/device-proof.ts),
 * where `origin` is the server origin the client connected to.
 */
export const deviceVerifyRequestSchema = z.object({
  flowId: flowIdSchema,
  deviceId: deviceIdSchema,
  signature: deviceSignatureSchema,
});
/** See {@link deviceVerifyRequestSchema}. */
export type DeviceVerifyRequest = z.input<typeof deviceVerifyRequestSchema>;

/** `POST /v1/auth/email/change` (enrollment B2 "No, I'd like to change my email", and C6 new email). */
export const emailChangeRequestSchema = z.object({ flowId: flowIdSchema, email: emailSchema });
/** See {@link emailChangeRequestSchema}. */
export type EmailChangeRequest = z.input<typeof emailChangeRequestSchema>;

/** `POST /v1/auth/method` (guide B5): how passcodes will be delivered. */
export const methodRequestSchema = z.object({
  flowId: flowIdSchema,
  method: z.enum(['sms', 'email'], { error: 'Choose SMS or Email.' }),
});
/** See {@link methodRequestSchema}. */
export type MethodRequest = z.input<typeof methodRequestSchema>;

/** `POST /v1/auth/phone` (guide B6, C4, C5): the mobile number to text a passcode to. */
export const phoneRequestSchema = z.object({ flowId: flowIdSchema, phone: phoneInputSchema });
/** See {@link phoneRequestSchema}; `phone` is as typed, the server stores E.164. */
export type PhoneRequest = z.input<typeof phoneRequestSchema>;

/**
 * "Remember this computer": the device's Ed25519 public key and a name for the
 * device list; `maxDays` is the organization's cap on the trust's life (IT
 * policy `trustedDeviceMaxDays`), and the server keeps the shorter of its own
 * lifetime and this.
 */
export const rememberDeviceSchema = z.object({
  publicKey: devicePublicKeySchema,
  name: deviceNameSchema,
  maxDays: z
    .number({ error: 'The trust lifetime must be a number of days.' })
    .int('The trust lifetime must be a whole number of days.')
    .min(1, 'The trust lifetime must be at least 1 day.')
    .max(365, 'The trust lifetime must be at most 365 days.')
    .optional(),
});
/** See {@link rememberDeviceSchema}. */
export type RememberDevice = z.input<typeof rememberDeviceSchema>;

/** `POST /v1/auth/otp/verify` (guide B7, B8, C2, C5). */
export const otpVerifyRequestSchema = z.object({
  flowId: flowIdSchema,
  code: otpCodeSchema,
  rememberDevice: rememberDeviceSchema.optional(),
});
/** See {@link otpVerifyRequestSchema}; `code` is the raw input before normalising. */
export type OtpVerifyRequest = z.input<typeof otpVerifyRequestSchema>;

/** `POST /v1/auth/modify/choose` (guide C3). */
export const modifyChooseRequestSchema = z.object({
  flowId: flowIdSchema,
  factor: z.enum(['phone', 'email'], { error: 'Choose Phone or Email.' }),
});
/** See {@link modifyChooseRequestSchema}. */
export type ModifyChooseRequest = z.input<typeof modifyChooseRequestSchema>;

/** `POST /v1/auth/terms/accept` (guide C9): the version the user read. */
export const termsAcceptRequestSchema = z.object({
  flowId: flowIdSchema,
  version: z.string({ error: 'The terms version is missing.' }).min(1).max(32),
});
/** See {@link termsAcceptRequestSchema}. */
export type TermsAcceptRequest = z.input<typeof termsAcceptRequestSchema>;

/** Path parameters of `GET /v1/auth/flows/:flowId` (polled while on `check-email`). */
export const flowParamsSchema = z.object({ flowId: flowIdSchema });

/** Path parameters of `GET /v1/email-links/:token` and `POST /v1/email-links/:token/confirm` (HTML answers). */
export const linkParamsSchema = z.object({ token: linkTokenSchema });

// ---------------------------------------------------------------------------
// Sign-in flow responses

/** Tokens of a new session; they travel beside the step so the step stays secret-free. */
export const sessionTokensSchema = z.object({
  accessToken: z.string(),
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
});
/** See {@link sessionTokensSchema}. */
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

/** The single-use nonce a trusted device signs (see src-shared/device-proof.ts); valid as long as the flow. */
export const deviceChallengeSchema = z.object({
  deviceId: z.string(),
  nonce: z.string(),
  expiresAt: z.string(),
});
/** See {@link deviceChallengeSchema}. */
export type DeviceChallenge = z.infer<typeof deviceChallengeSchema>;

/**
 * Every auth call answers with the flow and the next step. `session` comes
 * only with the final `signed-in` step; `deviceChallenge` only with the
 * `device-check` step; `deviceId` when a passcode registered this computer.
 */
export const authResponseSchema = z.object({
  flowId: flowIdSchema,
  step: stepSchema,
  session: sessionTokensSchema.optional(),
  deviceChallenge: deviceChallengeSchema.optional(),
  deviceId: z.string().optional(),
});
/** See {@link authResponseSchema}. */
export type AuthResponse = z.infer<typeof authResponseSchema>;

// ---------------------------------------------------------------------------
// Sessions, account, devices

/** `POST /v1/auth/refresh`; answers {@link SessionTokens}. Reuse of a rotated token: 401 `SESSION_REVOKED`. */
export const refreshRequestSchema = z.object({ refreshToken: sessionTokenSchema });
/** See {@link refreshRequestSchema}. */
export type RefreshRequest = z.input<typeof refreshRequestSchema>;

/** `GET /v1/me` (Bearer). `phone` is masked; `email` is the account's own address. */
export const meResponseSchema = z.object({
  username: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  mfaMethod: otpChannelSchema.nullable(),
  termsAccepted: z.boolean(),
});
/** See {@link meResponseSchema}. */
export type MeResponse = z.infer<typeof meResponseSchema>;

/** One remembered computer, as `GET /v1/devices` lists it. */
export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
});
/** See {@link deviceSchema}. */
export type Device = z.infer<typeof deviceSchema>;

/** `GET /v1/devices` (Bearer): the account's active trusted devices, newest first. */
export const deviceListResponseSchema = z.array(deviceSchema);
/** See {@link deviceListResponseSchema}. */
export type DeviceList = z.infer<typeof deviceListResponseSchema>;

/** Path parameters of `PATCH /v1/devices/:id` and `DELETE /v1/devices/:id` (Bearer; DELETE answers 204). */
export const deviceParamsSchema = z.object({ id: deviceIdSchema });

/** `PATCH /v1/devices/:id` (Bearer); answers {@link Device}. */
export const deviceRenameRequestSchema = z.object({ name: deviceNameSchema });
/** See {@link deviceRenameRequestSchema}. */
export type DeviceRenameRequest = z.input<typeof deviceRenameRequestSchema>;

/** `POST /v1/accounts`: answers 201 {@link AccountCreatedResponse}; a verification link is mailed. */
export const createAccountRequestSchema = z.object({
  username: newUsernameSchema,
  password: newPasswordSchema,
  email: emailSchema,
});
/** See {@link createAccountRequestSchema}. */
export type CreateAccountRequest = z.input<typeof createAccountRequestSchema>;

/** Answer of `POST /v1/accounts`. */
export const accountCreatedResponseSchema = z.object({
  username: z.string(),
  /** Masked address the verification link went to. */
  verificationSentTo: z.string(),
});
/** See {@link accountCreatedResponseSchema}. */
export type AccountCreatedResponse = z.infer<typeof accountCreatedResponseSchema>;

/** `POST /v1/accounts/forgot-username`: answers 202 {@link AcceptedResponse}, the same whether or not the address is known. */
export const forgotUsernameRequestSchema = z.object({ email: emailSchema });
/** See {@link forgotUsernameRequestSchema}. */
export type ForgotUsernameRequest = z.input<typeof forgotUsernameRequestSchema>;

/** `POST /v1/accounts/forgot-password`: answers 202 {@link AcceptedResponse}, the same whether or not the user exists. */
export const forgotPasswordRequestSchema = z.object({ username: usernameSchema });
/** See {@link forgotPasswordRequestSchema}. */
export type ForgotPasswordRequest = z.input<typeof forgotPasswordRequestSchema>;

/**
 * `POST /v1/accounts/reset-password`: the token from the emailed link and the
 * new password; answers 204 and ends every session and device trust. MFA still
 * applies at the next sign-in.
 */
export const resetPasswordRequestSchema = z.object({ token: linkTokenSchema, password: newPasswordSchema });
/** See {@link resetPasswordRequestSchema}. */
export type ResetPasswordRequest = z.input<typeof resetPasswordRequestSchema>;

/** The deliberately uninformative 202 answer of the forgot-* routes. */
export const acceptedResponseSchema = z.object({ message: z.string() });
/** See {@link acceptedResponseSchema}. */
export type AcceptedResponse = z.infer<typeof acceptedResponseSchema>;

/** `GET /healthz`: 200 when the database answers, else 503 `DATABASE_UNAVAILABLE`. */
export const healthResponseSchema = z.object({ status: z.literal('ok') });

// ---------------------------------------------------------------------------
// Errors

/**
 * Stable error codes a client may branch on (the message is for people).
 * 400 INVALID_REQUEST / MALFORMED_REQUEST / OTP_INCORRECT / PHONE_INVALID;
 * 401 INVALID_CREDENTIALS / SESSION_REQUIRED / SESSION_INVALID / SESSION_REVOKED / DEVICE_SIGNATURE_INVALID;
 * 403 OPT_OUT_NOT_ALLOWED / EMAIL_NOT_VERIFIED;
 * 404 NOT_FOUND / FLOW_NOT_FOUND / DEVICE_NOT_FOUND;
 * 409 STEP_OUT_OF_ORDER / USERNAME_TAKEN / OTP_NOT_SENT / NO_ALTERNATE_METHOD / TERMS_VERSION_MISMATCH;
 * 410 FLOW_EXPIRED / FLOW_COMPLETED / OTP_USED / OTP_EXPIRED / OTP_TOO_MANY_ATTEMPTS / LINK_INVALID /
 *     DEVICE_REVOKED / DEVICE_EXPIRED / CHALLENGE_USED;
 * 413 BODY_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE;
 * 429 RESEND_COOLDOWN / SEND_LIMIT_REACHED / OTP_LOCKED / PASSWORD_LOCKED / SMS_LIMIT_REACHED / TOO_MANY_REQUESTS
 *     (with retryAfterSeconds);
 * 503 DELIVERY_FAILED / DATABASE_UNAVAILABLE.
 */
export const errorCodeSchema = z.string();

/** Body of every non-2xx answer. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    retryAfterSeconds: z.number().optional(),
  }),
  requestId: z.string().optional(),
});
/** See {@link errorResponseSchema}. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
