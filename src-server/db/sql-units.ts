import { CompiledQuery, SqliteAdapter, type DatabaseConnection, type QueryExecutor } from 'kysely';

/** Hand-written statements on one connection; `?` marks a parameter on both engines. */
export interface Sql {
  /** Rows of a query (or of a write with RETURNING). */
  rows<R>(text: string, params: readonly unknown[]): Promise<R[]>;
  /** The first row, if any. */
  first<R>(text: string, params: readonly unknown[]): Promise<R | undefined>;
  /** How many rows a write changed. */
  changes(text: string, params: readonly unknown[]): Promise<number>;
  /**
   * True when no other unit can run between this unit's statements (SQLite:
   * one connection, units one after the other, IMMEDIATE transactions), so
   * what the unit read is still true when it writes. False on PostgreSQL,
   * where only a statement's own conditions are race-proof.
   */
  readonly serialized: boolean;
  /**
   * What to add to a SELECT to hold its rows of `alias` until the unit
   * commits: ` FOR UPDATE OF <alias>` in a PostgreSQL transaction, nothing
   * where units are serialized anyway or no transaction is open.
   */
  lockRows(alias: string): string;
}

type Compile = (text: string, params: readonly unknown[]) => CompiledQuery;

class ConnectionSql implements Sql {
  constructor(
    private readonly connection: DatabaseConnection,
    private readonly compile: Compile,
    readonly serialized: boolean,
    private readonly rowLocks = false,
  ) {}

  lockRows(alias: string): string {
    return this.rowLocks ? ` FOR UPDATE OF ${alias}` : '';
  }

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

/** Statements as one engine spells them, each compiled once. */
class Statements {
  private readonly templates = new Map<string, CompiledQuery>();

  constructor(private readonly postgres: boolean) {}

  readonly compile: Compile = (text, params) => {
    let template = this.templates.get(text);
    if (template === undefined) {
      let n = 0;
      template = CompiledQuery.raw(this.postgres ? text.replace(/\?/g, () => `$${(n += 1)}`) : text);
      this.templates.set(text, template);
    }
    return { ...template, parameters: params };
  };
}

interface QueuedUnit {
  work: (sql: Sql) => Promise<unknown>;
  settle: (outcome: { value: unknown } | { error: unknown }) => void;
}

/** Most units one SQLite commit carries, so a long queue still commits (and answers) every few milliseconds. */
const MAX_UNITS_PER_COMMIT = 32;

/**
 * Group commit for SQLite. A commit is most of a short unit's cost: the
 * pages it changed go to the WAL and, at checkpoints, to the database file,
 * and on a slow disk that write traffic is the ceiling (bench/RESULTS.md).
 * Units that queue up while one runs are carried by the same transaction,
 * each inside its own savepoint (so a unit that fails undoes only itself,
 * exactly as if it had been alone), and the transaction commits once; each
 * unit's caller gets its answer only after that commit, so nothing is
 * answered that is not durable. Units still run one at a time, in arrival
 * order, and see each other's writes.
 */
class GroupCommit {
  private readonly queue: QueuedUnit[] = [];
  private running = false;

  constructor(
    private readonly executor: () => QueryExecutor,
    private readonly statements: Statements,
  ) {}

  run<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.value as T)),
      });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
        const outcomes = await this.executor()
          .provideConnection((connection) =>
            this.commitBatch(new ConnectionSql(connection, this.statements.compile, true), batch),
          )
          .catch((error: unknown) => batch.map(() => ({ error })));
        batch.forEach((unit, i) => unit.settle(outcomes[i] ?? { error: new Error('unit was not run') }));
      }
    } finally {
      this.running = false;
    }
  }

  private async commitBatch(
    sql: ConnectionSql,
    batch: QueuedUnit[],
  ): Promise<Array<{ value: unknown } | { error: unknown }>> {
    await sql.changes('BEGIN IMMEDIATE', []);
    const outcomes: Array<{ value: unknown } | { error: unknown }> = [];
    try {
      for (let i = 0; i < batch.length; i += 1) {
        const unit = batch[i] as QueuedUnit;
        await sql.changes('SAVEPOINT unit', []);
        try {
          outcomes.push({ value: await unit.work(sql) });
          await sql.changes('RELEASE unit', []);
        } catch (error) {
          outcomes.push({ error });
          await sql.changes('ROLLBACK TO unit', []);
          await sql.changes('RELEASE unit', []);
        }
        if (i === batch.length - 1 && batch.length < MAX_UNITS_PER_COMMIT) {
          // A unit runs without yielding to the event loop (SQLite answers at once), so requests that
          // arrived meanwhile have not been read yet: let them in once, and let their units ride along.
          if (this.queue.length === 0) await new Promise<void>((resume) => setImmediate(resume));
          batch.push(...this.queue.splice(0, MAX_UNITS_PER_COMMIT - batch.length));
        }
      }
      await sql.changes('COMMIT', []);
      return outcomes;
    } catch (error) {
      await sql.changes('ROLLBACK', []).catch(() => undefined);
      throw error;
    }
  }
}

const groupCommits = new WeakMap<object, GroupCommit>();

/**
 * Units of work in hand-written SQL for the few statements every sign-in
 * runs (load the flow, count a try, issue a code, open a session). Kysely's
 * builder and compiler cost more than SQLite itself on those short
 * statements (bench/passcode-verify.ts), and a request that commits once
 * instead of after every statement writes its pages to the WAL once. A unit
 * holds one connection (SQLite's only one, queued; a pooled PostgreSQL
 * client) and, as a transaction, commits all or nothing. Everything else keeps
 * Kysely's builder. Work inside a unit must use the `sql` it is given: the
 * connection is taken, so a Kysely query there would wait for ever.
 */
export class SqlUnits {
  private readonly postgres: boolean;
  private readonly statementsOf: Statements;
  private readonly group: GroupCommit | undefined;

  constructor(private readonly db: { getExecutor(): QueryExecutor }) {
    this.postgres = !(db.getExecutor().adapter instanceof SqliteAdapter);
    this.statementsOf = new Statements(this.postgres);
    if (!this.postgres) {
      let group = groupCommits.get(db);
      if (!group) {
        group = new GroupCommit(() => db.getExecutor(), this.statementsOf);
        groupCommits.set(db, group);
      }
      this.group = group;
    }
  }

  /**
   * Runs `work` in one transaction, all or nothing. On SQLite, units run one
   * after the other and several may share one commit (see GroupCommit); the
   * transaction is IMMEDIATE, so a second process on the same file waits its
   * turn instead of failing. On PostgreSQL each unit is its own READ
   * COMMITTED transaction, where the statements' own conditions and row
   * locks (see Sql.lockRows) keep concurrent units apart.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.group) return this.group.run(work);
    return this.db.getExecutor().provideConnection(async (connection) => {
      const sql = new ConnectionSql(connection, this.statementsOf.compile, false, true);
      await sql.changes('BEGIN', []);
      let result: T;
      try {
        result = await work(sql);
        await sql.changes('COMMIT', []);
      } catch (error) {
        await sql.changes('ROLLBACK', []).catch(() => undefined);
        throw error;
      }
      return result;
    });
  }

  /** Runs `work`'s statements one by one (each commits on its own) on one connection. */
  statements<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.db
      .getExecutor()
      .provideConnection((connection) => work(new ConnectionSql(connection, this.statementsOf.compile, false)));
  }
}
