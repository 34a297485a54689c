import axios, { AxiosError, type AxiosInstance } from 'axios';
import {
  authResponseSchema,
  errorResponseSchema,
  meResponseSchema,
  type AuthResponse,
  type LoginRequest,
  type MeResponse,
  type OtpVerifyRequest,
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
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      maxRedirects: 0,
    });
  }

  /** The server origin this client connects to; device signatures are bound to it. */
  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  login(request: LoginRequest): Promise<AuthResponse> {
    return this.post('/v1/auth/login', request, authResponseSchema.parse);
  }

  verifyOtp(request: OtpVerifyRequest): Promise<AuthResponse> {
    return this.post('/v1/auth/otp/verify', request, authResponseSchema.parse);
  }

  async me(accessToken: string): Promise<MeResponse> {
    try {
      const response = await this.http.get('/v1/me', { headers: { authorization: `Bearer ${accessToken}` } });
      return meResponseSchema.parse(response.data);
    } catch (error) {
      throw toApiError(error);
    }
  }

  private async post<T>(path: string, body: unknown, parse: (data: unknown) => T): Promise<T> {
    let data: unknown;
    try {
      data = (await this.http.post(path, body)).data;
    } catch (error) {
      throw toApiError(error);
    }
    try {
      return parse(data);
    } catch {
      throw new ApiError('UNEXPECTED_RESPONSE', 'The server gave an answer this app does not understand.');
    }
  }
}
