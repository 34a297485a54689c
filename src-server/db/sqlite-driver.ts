import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** The part of a better-sqlite3 database this driver uses (statements may come from a cache). */
export interface SqliteHandle {
  prepare(sql: string): {
    reader: boolean;
    all(parameters: readonly unknown[]): unknown[];
    run(parameters: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
  };
  close(): void;
}

class SqliteConnection implements DatabaseConnection {
  constructor(private readonly handle: SqliteHandle) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.handle.prepare(compiled.sql);
    if (statement.reader) return Promise.resolve({ rows: statement.all(compiled.parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(compiled.parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  // eslint-disable-next-line require-yield -- no route streams rows; the interface requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not used with SQLite here.');
  }
}

/**
 * SQLite has one connection; whoever holds it may be inside a transaction
 * that spans awaits, so everyone else waits. Kysely's own driver wakes every
 * waiter on each release and lets them race (with 16 requests queued, each
 * query cost 15 wake-ups); this queue hands the connection to the next waiter
 * in arrival order. Transactions begin IMMEDIATE: they take the write lock up
 * front, so a read-then-write transaction never fails to upgrade when another
 * process (a second server on the same file) wrote in between.
 */
class QueuedSqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  private held = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly handle: SqliteHandle) {
    this.connection = new SqliteConnection(handle);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.connection);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.connection)));
  }

  releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
    return Promise.resolve();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async destroy(): Promise<void> {
    this.handle.close();
  }
}

/** Kysely's SQLite dialect with the queued driver above. */
export class QueuedSqliteDialect implements Dialect {
  constructor(private readonly handle: SqliteHandle) {}

  createDriver(): Driver {
    return new QueuedSqliteDriver(this.handle);
  }

  createQueryCompiler(): SqliteQueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): SqliteAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): SqliteIntrospector {
    return new SqliteIntrospector(db);
  }
}
