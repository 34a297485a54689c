import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';
import { QueuedSqliteDialect, type SqliteHandle } from './sqlite-driver';

/** Which engine a database URL selects. */
export type DialectName = 'sqlite' | 'postgres';

/** An open, migrated database and how to close it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Tells the engine from the URL: `postgres://` / `postgresql://`, else a SQLite path (`sqlite:` optional). */
export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

const INT8_OID = 20;

function postgresPool(url: string, schema?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Epoch-millisecond columns are bigint; they fit a JS number exactly.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client dropped by a database restart must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a client in use: pg emits 'error' on it besides failing its query
  // (which the request answers); without a listener Node exits. The pool
  // discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

function sqliteFile(url: string): SqliteDatabase.Database {
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const file = new SqliteDatabase(path);
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  return file;
}

/**
 * better-sqlite3 compiles SQL on every `prepare()`, and Kysely prepares each
 * query anew, so the hot path kept recompiling the same few statements (about
 * a sixth of a passcode verification's CPU in bench/passcode-verify.ts).
 * Statements are reusable and only one query runs at a time on the
 * connection, so they are kept by their SQL text; the few hundred distinct
 * texts the server uses fit, and should some builder ever produce unbounded
 * variety the cache starts over instead of growing.
 */
function withStatementCache(file: SqliteDatabase.Database, size = 1000): SqliteHandle {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => file.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        if (cache.size >= size) cache.clear();
        statement = file.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Opens the database the URL names and brings its schema up to date. One code
 * path for both engines: only the dialect differs.
 */
export async function openDatabase(url: string, options: { schema?: string } = {}): Promise<OpenDatabase> {
  const dialect = dialectOf(url);
  const db = new Kysely<Database>({
    dialect:
      dialect === 'postgres'
        ? new PostgresDialect({ pool: postgresPool(url, options.schema) })
        : new QueuedSqliteDialect(withStatementCache(sqliteFile(url))),
  });
  await migrateToLatest(db, dialect === 'postgres' ? options.schema : undefined);
  return { db, dialect, close: () => db.destroy() };
}

/**
 * Runs pending migrations; throws with the failing migration's name. With a
 * PostgreSQL schema, the migration tables live in that schema: Kysely otherwise
 * finds another schema's tables and skips creating its own.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
