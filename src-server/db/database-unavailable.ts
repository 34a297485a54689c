/**
 * Tells a lost or refused database connection from a fault in our code, so a
 * request caught by a database restart answers 503 "try again" (with
 * retry-after) instead of 500: the client can say the service is briefly
 * unavailable, and nothing about the request itself was wrong.
 */

/** Socket errors of a database server that is gone, restarting or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * PostgreSQL SQLSTATEs of the same: class 08 (connection exception) and the
 * server shutting down or not yet accepting connections (57P01–57P03).
 * SQLITE_BUSY is a write lock another process held past the busy timeout.
 */
const STATE_CODES = new Set(['57P01', '57P02', '57P03', 'SQLITE_BUSY']);

/** What node-postgres says when a connection dies under a query (these errors carry no code). */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** True when `error` (or an error it wraps) means the database could not be reached, not that the request was bad. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || STATE_CODES.has(code) || code.startsWith('08'))) {
      return true;
    }
    if (LOST_CONNECTION.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
