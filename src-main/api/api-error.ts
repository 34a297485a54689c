import type { AppError } from '../../src-shared/result';

/**
 * A failed API call, classified so the UI can say what happened in plain words
 * (offline, server unreachable, rate limited, server trouble, bad certificate)
 * or pass on the server's own code and message.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The shape that may cross IPC: code, message and the wait, nothing else. */
  toAppError(): AppError {
    return this.retryAfterSeconds === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterSeconds: this.retryAfterSeconds };
  }
}
