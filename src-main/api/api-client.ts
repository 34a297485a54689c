import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { z } from 'zod';
import {
  accountCreatedResponseSchema,
  authResponseSchema,
  deviceListResponseSchema,
  errorResponseSchema,
  meResponseSchema,
  sessionTokensSchema,
  type AccountCreatedResponse,
  type AuthResponse,
  type CreateAccountRequest,
  type DeviceList,
  type LoginRequest,
  type MeResponse,
  type OtpVerifyRequest,
  type SessionTokens,
} from '../../src-shared/api-schemas';
import { ApiError } from './api-error';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** Turns whatever axios threw into an {@link ApiError} a person can read. */
export function toApiError(error: unknown): ApiError {
  if (!(error instanceof AxiosError))
    return new ApiError('UNEXPECTED', 'Something unexpected went wrong. Please try again.');
  const response = error.response;
  if (response) {
    const parsed = errorResponseSchema.safeParse(response.data);
    const retryHeader = Number(response.headers['retry-after']);
    const retryAfter = parsed.success
      ? parsed.data.error.retryAfterSeconds
      : Number.isFinite(retryHeader)
        ? retryHeader
        : undefined;
    if (parsed.success)
      return new ApiError(parsed.data.error.code, parsed.data.error.message, response.status, retryAfter);
    if (response.status === 429) {
      return new ApiError('RATE_LIMITED', 'Too many attempts. Please wait and try again.', 429, retryAfter);
    }
    if (response.status >= 500) {
      return new ApiError(
        'SERVER_ERROR',
        'The sign-in server is having trouble. Please try again in a moment.',
        response.status,
      );
    }
    return new ApiError(
      'UNEXPECTED_RESPONSE',
      'The server gave an answer this app does not understand.',
      response.status,
    );
  }
  const code = error.code ?? '';
  if (CERT_CODES.test(code)) {
    return new ApiError(
      'INVALID_CERTIFICATE',
      "The server's security certificate is not valid, so the app will not send your details to it.",
    );
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new ApiError('SERVER_TIMEOUT', 'The sign-in server took too long to answer. Please try again.');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH') {
    return new ApiError('OFFLINE', 'This computer seems to be offline. Check the network connection and try again.');
  }
  if (NETWORK_CODES.has(code)) {
    return new ApiError(
      'SERVER_UNREACHABLE',
      'The sign-in server cannot be reached right now. Please try again in a moment.',
    );
  }
  return new ApiError(
    'NETWORK_ERROR',
    'The request could not be completed. Check the network connection and try again.',
  );
}

/**
 * The MFA API over HTTP. Every answer is validated against the shared schema;
 * nothing is retried, because sign-in calls are not idempotent.
 */
export class ApiClient {
  private readonly http: AxiosInstance;

  constructor(
    readonly baseUrl: string,
    options: { timeoutMs?: number } = {},
  ) {
    this.http = axios.create({
      baseURL: baseUrl,
      timeout: options.timeoutMs ?? 15_000,
      // No default content-type: axios sets JSON for bodies, and a DELETE without a body must not claim one.
      headers: { accept: 'application/json' },
      maxRedirects: 0,
    });
  }

  /** The server origin this client connects to; device signatures are bound to it. */
  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  /** Guide step A; `deviceId` asks the server for a device challenge instead of a passcode. */
  login(request: LoginRequest): Promise<AuthResponse> {
    return this.auth('/v1/auth/login', request);
  }

  verifyDevice(request: { flowId: string; deviceId: string; signature: string }): Promise<AuthResponse> {
    return this.auth('/v1/auth/device/verify', request);
  }

  optOut(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/enroll/opt-out', { flowId });
  }

  startEnrollment(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/enroll/start', { flowId });
  }

  keepEmail(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/email/keep', { flowId });
  }

  changeEmail(flowId: string, email: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/email/change', { flowId, email });
  }

  resendLink(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/email/resend-link', { flowId });
  }

  /** The flow's current state; safe to repeat (used to poll while a link is awaited). */
  async flow(flowId: string): Promise<AuthResponse> {
    return this.request(() => this.http.get(`/v1/auth/flows/${encodeURIComponent(flowId)}`), authResponseSchema);
  }

  chooseMethod(flowId: string, method: 'sms' | 'email'): Promise<AuthResponse> {
    return this.auth('/v1/auth/method', { flowId, method });
  }

  submitPhone(flowId: string, phone: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/phone', { flowId, phone });
  }

  verifyOtp(request: OtpVerifyRequest): Promise<AuthResponse> {
    return this.auth('/v1/auth/otp/verify', request);
  }

  resendOtp(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/otp/resend', { flowId });
  }

  switchOtp(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/otp/switch', { flowId });
  }

  modifyContinue(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/modify/continue', { flowId });
  }

  modifyCancel(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/modify/cancel', { flowId });
  }

  modifyChoose(flowId: string, factor: 'phone' | 'email'): Promise<AuthResponse> {
    return this.auth('/v1/auth/modify/choose', { flowId, factor });
  }

  acceptTerms(flowId: string, version: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/terms/accept', { flowId, version });
  }

  declineTerms(flowId: string): Promise<AuthResponse> {
    return this.auth('/v1/auth/terms/decline', { flowId });
  }

  refresh(refreshToken: string): Promise<SessionTokens> {
    return this.request(() => this.http.post('/v1/auth/refresh', { refreshToken }), sessionTokensSchema);
  }

  async logout(accessToken: string): Promise<void> {
    await this.request(() => this.http.post('/v1/auth/logout', {}, bearer(accessToken)), undefined);
  }

  me(accessToken: string): Promise<MeResponse> {
    return this.request(() => this.http.get('/v1/me', bearer(accessToken)), meResponseSchema);
  }

  devices(accessToken: string): Promise<DeviceList> {
    return this.request(() => this.http.get('/v1/devices', bearer(accessToken)), deviceListResponseSchema);
  }

  async renameDevice(accessToken: string, id: string, name: string): Promise<void> {
    await this.request(
      () => this.http.patch(`/v1/devices/${encodeURIComponent(id)}`, { name }, bearer(accessToken)),
      undefined,
    );
  }

  async revokeDevice(accessToken: string, id: string): Promise<void> {
    await this.request(() => this.http.delete(`/v1/devices/${encodeURIComponent(id)}`, bearer(accessToken)), undefined);
  }

  createAccount(request: CreateAccountRequest): Promise<AccountCreatedResponse> {
    return this.request(() => this.http.post('/v1/accounts', request), accountCreatedResponseSchema);
  }

  async forgotUsername(email: string): Promise<void> {
    await this.request(() => this.http.post('/v1/accounts/forgot-username', { email }), undefined);
  }

  async forgotPassword(username: string): Promise<void> {
    await this.request(() => this.http.post('/v1/accounts/forgot-password', { username }), undefined);
  }

  async resetPassword(token: string, password: string): Promise<void> {
    await this.request(() => this.http.post('/v1/accounts/reset-password', { token, password }), undefined);
  }

  private auth(path: string, body: unknown): Promise<AuthResponse> {
    return this.request(() => this.http.post(path, body), authResponseSchema);
  }

  private async request<S extends z.ZodType | undefined>(
    send: () => Promise<{ data: unknown }>,
    schema: S,
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    let data: unknown;
    try {
      data = (await send()).data;
    } catch (error) {
      throw toApiError(error);
    }
    if (!schema) return undefined as S extends z.ZodType ? z.output<S> : undefined;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new ApiError('UNEXPECTED_RESPONSE', 'The server gave an answer this app does not understand.');
    }
    return parsed.data as S extends z.ZodType ? z.output<S> : undefined;
  }
}

function bearer(accessToken: string): { headers: { authorization: string } } {
  return { headers: { authorization: `Bearer ${accessToken}` } };
}
