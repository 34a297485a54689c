import { z } from 'zod';

/**
 * The sign-in step machine's vocabulary. The server decides which step comes
 * next; the renderer only draws the step it is given. Steps never carry a
 * secret: destinations are masked and tokens travel beside the step, not in it.
 */
export const otpChannelSchema = z.enum(['sms', 'email']);
/** How a passcode is delivered. */
export type OtpChannel = z.infer<typeof otpChannelSchema>;

/** Why a passcode was sent: the same screen serves sign-in, enrollment and factor changes. */
export const otpPurposeSchema = z.enum(['sign-in', 'enroll', 'modify']);
/** See {@link otpPurposeSchema}. */
export type OtpPurpose = z.infer<typeof otpPurposeSchema>;

const isoTime = z.string().datetime({ offset: true });

export const passwordStepSchema = z.object({ kind: z.literal('password') });

/**
 * Not drawn: the login answer carries a `deviceChallenge` the main process
 * signs at once with the remembered device's key (`POST /v1/auth/device/verify`).
 */
export const deviceCheckStepSchema = z.object({ kind: z.literal('device-check') });

export const enrollOfferStepSchema = z.object({
  kind: z.literal('enroll-offer'),
  /** Only accounts created before the enrollment cut-off may decline. */
  optOutAllowed: z.boolean(),
});

export const verifyEmailStepSchema = z.object({
  kind: z.literal('verify-email'),
  /** Masked account email, shown so the user can decide to keep it. */
  accountEmail: z.string(),
});

export const checkEmailStepSchema = z.object({
  kind: z.literal('check-email'),
  /** Masked address the verification link was sent to. */
  sentTo: z.string(),
  expiresAt: isoTime,
  purpose: z.enum(['enroll', 'modify']),
  /** When "Resend link" may be used again (30 s cooldown). */
  resendAvailableAt: isoTime.optional(),
});

export const chooseMethodStepSchema = z.object({
  kind: z.literal('choose-method'),
  methods: z.array(otpChannelSchema).min(1),
});

export const enterPhoneStepSchema = z.object({
  kind: z.literal('enter-phone'),
  purpose: z.enum(['enroll', 'modify']),
});

export const enterOtpStepSchema = z.object({
  kind: z.literal('enter-otp'),
  channel: otpChannelSchema,
  /** Masked phone `(***) ***-1234` or email `e***@example.com`. */
  sentTo: z.string(),
  purpose: otpPurposeSchema,
  expiresAt: isoTime,
  resendAvailableAt: isoTime,
  /** Another verified method the user may switch to, if any. */
  alternateChannel: otpChannelSchema.optional(),
  /** Offer "Remember this computer" (sign-in and enrollment only). */
  canRememberDevice: z.boolean(),
  /** Guide C5: the user may re-enter a different phone number (`POST /v1/auth/phone` again). */
  canChangePhone: z.boolean().optional(),
});

export const modifyOfferStepSchema = z.object({ kind: z.literal('modify-offer') });

export const modifyChooseStepSchema = z.object({
  kind: z.literal('modify-choose'),
  currentPhone: z.string().optional(),
  currentEmail: z.string(),
});

export const enterEmailStepSchema = z.object({
  kind: z.literal('enter-email'),
  purpose: z.enum(['enroll', 'modify']),
});

export const termsStepSchema = z.object({
  kind: z.literal('terms'),
  version: z.string(),
  text: z.string(),
});

export const signedInStepSchema = z.object({
  kind: z.literal('signed-in'),
  username: z.string(),
});

/** Every step the server can answer with. */
export const stepSchema = z.discriminatedUnion('kind', [
  passwordStepSchema,
  deviceCheckStepSchema,
  enrollOfferStepSchema,
  verifyEmailStepSchema,
  checkEmailStepSchema,
  chooseMethodStepSchema,
  enterPhoneStepSchema,
  enterOtpStepSchema,
  modifyOfferStepSchema,
  modifyChooseStepSchema,
  enterEmailStepSchema,
  termsStepSchema,
  signedInStepSchema,
]);
/** See {@link stepSchema}. */
export type Step = z.infer<typeof stepSchema>;
/** The discriminant values, for exhaustive switches in the UI. */
export type StepKind = Step['kind'];
/** Narrows {@link Step} to one kind. */
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;
