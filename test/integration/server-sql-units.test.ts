import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src-server/db/database';
import { SqlUnits, type Sql } from '../../src-server/db/sql-units';

/** A unit that counts one failed attempt for `username` (a row of its own), then fails if told to. */
function attempt(username: string, fail?: Error): (sql: Sql) => Promise<string> {
  return async (sql) => {
    await sql.changes('INSERT INTO password_throttle (username, failed_count, updated_at) VALUES (?, 1, 0)', [
      username,
    ]);
    if (fail) throw fail;
    return username;
  };
}

describe('units of work on SQLite (group commit)', () => {
  let dir: string;
  let database: OpenDatabase;
  let units: SqlUnits;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-sql-units-'));
    database = await openDatabase(`sqlite:${join(dir, 'cns.db')}`);
    units = new SqlUnits(database.db);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (): Promise<string[]> =>
    (await database.db.selectFrom('password_throttle').select('username').orderBy('username').execute()).map(
      (row) => row.username,
    );

  it('undoes only the unit that failed, first in its commit or later, and commits the others', async () => {
    const firstFails = new Error('first unit failed');
    const thirdFails = new Error('third unit failed');
    // Submitted together, so they ride one commit; the first fails before any other has written.
    const outcomes = await Promise.allSettled([
      units.transaction(attempt('alice', firstFails)),
      units.transaction(attempt('bob')),
      units.transaction(attempt('carol', thirdFails)),
      units.transaction(attempt('dave')),
    ]);

    expect(outcomes).toEqual([
      { status: 'rejected', reason: firstFails },
      { status: 'fulfilled', value: 'bob' },
      { status: 'rejected', reason: thirdFails },
      { status: 'fulfilled', value: 'dave' },
    ]);
    expect(await stored()).toEqual(['bob', 'dave']);
  });

  it('answers a statement the database refuses with its error and loses none of the units around it', async () => {
    await units.transaction(attempt('erin'));
    const outcomes = await Promise.allSettled([
      units.transaction(attempt('erin')), // the name is taken: SQLite refuses the insert
      units.transaction(attempt('frank')),
      units.transaction(attempt('frank')),
      units.transaction(attempt('grace')),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(await stored()).toEqual(['erin', 'frank', 'grace']);
  });

  it('lets a later unit of the same commit see what an earlier one wrote', async () => {
    const [, seen] = await Promise.all([
      units.transaction(attempt('heidi')),
      units.transaction(async (sql) =>
        sql.first<{ username: string }>('SELECT username FROM password_throttle WHERE username = ?', ['heidi']),
      ),
    ]);

    expect(seen).toEqual({ username: 'heidi' });
  });

  it('keeps working after a failed unit that was alone in its commit', async () => {
    const alone = new Error('alone and failed');
    await expect(units.transaction(attempt('ivan', alone))).rejects.toBe(alone);
    await expect(units.transaction(attempt('judy'))).resolves.toBe('judy');

    expect(await stored()).toEqual(['judy']);
  });
});
