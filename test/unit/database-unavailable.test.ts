import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src-server/db/database-unavailable';

/** An error shaped like the drivers' (node-postgres and better-sqlite3 put the reason in `code`). */
function driverError(message: string, code?: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), code ? { code } : {});
}

describe('telling a lost database from a fault of ours', () => {
  it('knows a connection that is refused, reset or dropped by a restarting server', () => {
    expect(isDatabaseUnavailable(driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(driverError('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isDatabaseUnavailable(driverError('terminating connection due to administrator command', '57P01'))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(driverError('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(driverError('connection failure', '08006'))).toBe(true);
    expect(isDatabaseUnavailable(driverError('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(driverError('database is locked', 'SQLITE_BUSY'))).toBe(true);
  });

  it('looks through an error that wraps the driver error', () => {
    const wrapped = driverError('query failed', undefined, driverError('read ECONNRESET', 'ECONNRESET'));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('leaves real faults alone: constraint errors, syntax errors, plain bugs and non-errors', () => {
    expect(isDatabaseUnavailable(driverError('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDatabaseUnavailable(driverError('UNIQUE constraint failed: users.username', 'SQLITE_CONSTRAINT'))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(driverError('syntax error at or near "FORM"', '42601'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable('ECONNRESET')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
