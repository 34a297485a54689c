/**
 * The one error shape that crosses every boundary (HTTP body, IPC answer), so a
 * client can branch on a stable `code` and show a person the `message`.
 */
export interface AppError {
  code: string;
  message: string;
  /** Seconds until a retry may succeed (rate limits, cooldowns). */
  retryAfterSeconds?: number;
}

/** IPC answers are values, never thrown errors, so no stack ever reaches the renderer. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Builds a success result; keeps call sites short and typed. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure result from a stable code and a human message. */
export function fail<T = never>(code: string, message: string, retryAfterSeconds?: number): Result<T> {
  return {
    ok: false,
    error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds },
  };
}
