import { z } from 'zod';
import {
  accountCreatedResponseSchema,
  acceptedResponseSchema,
  authResponseSchema,
  createAccountRequestSchema,
  deviceListResponseSchema,
  deviceParamsSchema,
  deviceRenameRequestSchema,
  deviceSchema,
  deviceVerifyRequestSchema,
  emailChangeRequestSchema,
  errorResponseSchema,
  flowParamsSchema,
  flowRequestSchema,
  forgotPasswordRequestSchema,
  forgotUsernameRequestSchema,
  healthResponseSchema,
  linkParamsSchema,
  loginRequestSchema,
  meResponseSchema,
  methodRequestSchema,
  modifyChooseRequestSchema,
  otpVerifyRequestSchema,
  phoneRequestSchema,
  refreshRequestSchema,
  resetPasswordRequestSchema,
  sessionTokensSchema,
  termsAcceptRequestSchema,
} from '../../src-shared/api-schemas';

/** One route as the OpenAPI document and the bad-input test see it. */
export interface CatalogRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify form (`:param`). */
  path: string;
  summary: string;
  body?: z.ZodType;
  /** The body is a raw file of this media type (a CSV upload), not JSON. */
  bodyMediaType?: 'text/csv';
  params?: z.ZodType;
  /** Query-string parameters (an object schema). */
  query?: z.ZodType;
  /** Needs `Authorization: Bearer <access token>`. */
  bearer?: boolean;
  /**
   * Success status and body schema (`null`: no body; `'html'`: a page; `'csv'`: a CSV download;
   * `'label-file'`: a label PDF, or ZPL text, as the `format` query asks).
   */
  success: { status: number; schema: z.ZodType | null | 'html' | 'csv' | 'label-file' };
  /** Only registered in dev mode. */
  devOnly?: boolean;
}

const auth = (path: string, summary: string, body: z.ZodType = flowRequestSchema): CatalogRoute => ({
  method: 'POST',
  path,
  summary,
  body,
  success: { status: 200, schema: authResponseSchema },
});

/**
 * Every route the server registers, with its shared schemas. The OpenAPI
 * document is generated from this list, and a test checks the list against
 * the routes Fastify actually has, so neither can drift.
 */
export const apiCatalog: CatalogRoute[] = [
  auth(
    '/v1/auth/login',
    'Log in with user name and password (guide A); may answer a device challenge',
    loginRequestSchema,
  ),
  auth(
    '/v1/auth/device/verify',
    'Answer the trusted-device challenge with an Ed25519 signature',
    deviceVerifyRequestSchema,
  ),
  {
    method: 'GET',
    path: '/v1/auth/flows/:flowId',
    summary: 'The flow’s current step (polled while waiting for an email link)',
    params: flowParamsSchema,
    success: { status: 200, schema: authResponseSchema },
  },
  auth('/v1/auth/enroll/opt-out', 'Decline MFA (accounts created before the cut-off only)'),
  auth('/v1/auth/enroll/start', 'Start MFA enrollment (guide B1)'),
  auth('/v1/auth/email/keep', 'Verify the account email by link (guide B2 "Yes")'),
  auth('/v1/auth/email/change', 'Verify a new email by link (guide B2 "No", C6)', emailChangeRequestSchema),
  auth('/v1/auth/email/resend-link', 'Send the verification link again'),
  auth('/v1/auth/method', 'Choose SMS or Email for passcodes (guide B5)', methodRequestSchema),
  auth('/v1/auth/phone', 'Send a passcode to a mobile number (guide B6, C4, C5)', phoneRequestSchema),
  auth('/v1/auth/otp/verify', 'Check a passcode; optionally remember this computer', otpVerifyRequestSchema),
  auth('/v1/auth/otp/resend', 'Send a new passcode (30 s cooldown, 5 per flow)'),
  auth('/v1/auth/otp/switch', 'Send the passcode by the other verified method'),
  auth('/v1/auth/modify/continue', 'Modify MFA options (guide C1)'),
  auth('/v1/auth/modify/cancel', 'Skip modifying and finish signing in (guide C3 note)'),
  auth('/v1/auth/modify/choose', 'Choose Phone or Email to modify (guide C3)', modifyChooseRequestSchema),
  auth('/v1/auth/terms/accept', 'Accept the Terms and Conditions (guide C9)', termsAcceptRequestSchema),
  auth('/v1/auth/terms/decline', 'Decline the Terms and Conditions (ends the sign-in)'),
  {
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Rotate the refresh token; reuse of an old one revokes the family',
    body: refreshRequestSchema,
    success: { status: 200, schema: sessionTokensSchema },
  },
  {
    method: 'POST',
    path: '/v1/auth/logout',
    summary: 'Sign out (ends the session family)',
    bearer: true,
    success: { status: 204, schema: null },
  },
  {
    method: 'GET',
    path: '/v1/me',
    summary: 'The signed-in account',
    bearer: true,
    success: { status: 200, schema: meResponseSchema },
  },
  {
    method: 'GET',
    path: '/v1/devices',
    summary: 'Remembered computers of the signed-in account',
    bearer: true,
    success: { status: 200, schema: deviceListResponseSchema },
  },
  {
    method: 'PATCH',
    path: '/v1/devices/:id',
    summary: 'Rename a remembered computer',
    bearer: true,
    params: deviceParamsSchema,
    body: deviceRenameRequestSchema,
    success: { status: 200, schema: deviceSchema },
  },
  {
    method: 'DELETE',
    path: '/v1/devices/:id',
    summary: 'Forget a remembered computer',
    bearer: true,
    params: deviceParamsSchema,
    success: { status: 204, schema: null },
  },
  {
    method: 'POST',
    path: '/v1/accounts',
    summary: 'Create an account; its email is verified by link',
    body: createAccountRequestSchema,
    success: { status: 201, schema: accountCreatedResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/accounts/forgot-username',
    summary: 'Email the user names registered with an address (same answer either way)',
    body: forgotUsernameRequestSchema,
    success: { status: 202, schema: acceptedResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/accounts/forgot-password',
    summary: 'Email a password-reset link (same answer either way)',
    body: forgotPasswordRequestSchema,
    success: { status: 202, schema: acceptedResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/accounts/reset-password',
    summary: 'Set a new password with the emailed token; ends sessions and device trusts',
    body: resetPasswordRequestSchema,
    success: { status: 204, schema: null },
  },
  {
    method: 'GET',
    path: '/v1/email-links/:token',
    summary: 'Page with a Confirm button for an emailed link (changes nothing)',
    params: linkParamsSchema,
    success: { status: 200, schema: 'html' },
  },
  {
    method: 'POST',
    path: '/v1/email-links/:token/confirm',
    summary: 'Confirm an emailed link (HTML answer)',
    params: linkParamsSchema,
    success: { status: 200, schema: 'html' },
  },
  {
    method: 'GET',
    path: '/v1/password-reset/:token',
    summary: 'Password-reset form for an emailed link (changes nothing)',
    params: linkParamsSchema,
    success: { status: 200, schema: 'html' },
  },
  {
    method: 'POST',
    path: '/v1/password-reset/:token',
    summary: 'Submit the password-reset form (form-encoded password, confirm; HTML answer)',
    params: linkParamsSchema,
    success: { status: 200, schema: 'html' },
  },
  {
    method: 'GET',
    path: '/healthz',
    summary: 'Health: 200 when the database answers',
    success: { status: 200, schema: healthResponseSchema },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    success: { status: 200, schema: z.record(z.string(), z.unknown()) },
  },
  {
    method: 'GET',
    path: '/dev/outbox',
    summary: 'Dev only: messages the outbox holds (JSON)',
    devOnly: true,
    success: { status: 200, schema: z.object({ messages: z.array(z.record(z.string(), z.unknown())) }) },
  },
  {
    method: 'GET',
    path: '/dev/mailbox',
    summary: 'Dev only: the mailbox page with working links',
    devOnly: true,
    success: { status: 200, schema: 'html' },
  },
];

/**
 * Lets another area of the server (shipping) describe its own routes in the
 * same document: call it where the routes are registered.
 */
export function addToApiCatalog(routes: CatalogRoute[]): void {
  for (const route of routes) {
    if (!apiCatalog.some((r) => r.method === route.method && r.path === route.path)) apiCatalog.push(route);
  }
}

/** The error body every route may answer. */
export const catalogErrorSchema = errorResponseSchema;
