/**
 * An error a route may throw to answer with a specific status and a stable
 * code; anything else a route throws becomes a 500 `INTERNAL` with no detail.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
