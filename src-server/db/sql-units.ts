import { CompiledQuery, SqliteAdapter, type DatabaseConnection, type QueryExecutor } from 'kysely';

/** Hand-written statements on one connection; `?` marks a parameter on both engines. */
export interface Sql {
  /** Rows of a query (or of a write with RETURNING). */
  rows<R>(text: string, params: readonly unknown[]): Promise<R[]>;
  /** The first row, if any. */
  first<R>(text: string, params: readonly unknown[]): Promise<R | undefined>;
  /** How many rows a write changed. */
  changes(text: string, params: readonly unknown[]): Promise<number>;
}

class ConnectionSql implements Sql {
  constructor(
    private readonly connection: DatabaseConnection,
    private readonly compile: (text: string, params: readonly unknown[]) => CompiledQuery,
  ) {}

  async rows<R>(text: string, params: readonly unknown[]): Promise<R[]> {
    return (await this.connection.executeQuery<R>(this.compile(text, params))).rows;
  }

  async first<R>(text: string, params: readonly unknown[]): Promise<R | undefined> {
    return (await this.rows<R>(text, params))[0];
  }

  async changes(text: string, params: readonly unknown[]): Promise<number> {
    return Number((await this.connection.executeQuery(this.compile(text, params))).numAffectedRows ?? 0);
  }
}

/**
 * Units of work in hand-written SQL for the few statements every sign-in
 * runs (load the flow, count a try, issue a code, open a session). Kysely's
 * builder and compiler cost more than SQLite itself on those short
 * statements (bench/passcode-verify.ts), and a request that commits once
 * instead of after every statement writes its pages to the WAL once. A unit
 * holds one connection (SQLite's only one, queued; a pooled PostgreSQL
 * client) and, as a transaction, commits all or nothing. Everything else keeps
 * Kysely's builder.
 */
export class SqlUnits {
  private readonly postgres: boolean;
  private readonly templates = new Map<string, CompiledQuery>();

  constructor(private readonly db: { getExecutor(): QueryExecutor }) {
    this.postgres = !(db.getExecutor().adapter instanceof SqliteAdapter);
  }

  /**
   * Runs `work` in one transaction: IMMEDIATE on SQLite (the write lock is
   * taken up front, so concurrent units, even from other processes, run one
   * after the other), READ COMMITTED on PostgreSQL, where the statements'
   * own conditions and row locks keep concurrent units apart.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.db.getExecutor().provideConnection(async (connection) => {
      const sql = new ConnectionSql(connection, this.compile);
      await sql.changes(this.postgres ? 'BEGIN' : 'BEGIN IMMEDIATE', []);
      let result: T;
      try {
        result = await work(sql);
      } catch (error) {
        await sql.changes('ROLLBACK', []).catch(() => undefined);
        throw error;
      }
      await sql.changes('COMMIT', []);
      return result;
    });
  }

  /** Runs `work`'s statements one by one (each commits on its own) on one connection. */
  statements<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.db.getExecutor().provideConnection((connection) => work(new ConnectionSql(connection, this.compile)));
  }

  private readonly compile = (text: string, params: readonly unknown[]): CompiledQuery => {
    let template = this.templates.get(text);
    if (template === undefined) {
      let n = 0;
      template = CompiledQuery.raw(this.postgres ? text.replace(/\?/g, () => `$${(n += 1)}`) : text);
      this.templates.set(text, template);
    }
    return { ...template, parameters: params };
  };
}
