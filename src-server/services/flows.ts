import type { Kysely } from 'kysely';
import type { Database, FlowsTable, UsersTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import type { Clock } from './clock';
import { randomToken } from './secrets';

/** A live flow and its account, as one read gives them. */
export interface FlowWithUser {
  flow: FlowsTable & { user_id: string };
  user: UsersTable;
}

/** The account columns (all of `users`); the flow's own come aliased, since both tables have `id` and `created_at`. */
const FLOW_WITH_USER = `SELECT f.id AS f_id, f.stage AS f_stage, f.data AS f_data, f.otp_sends AS f_otp_sends,
  f.created_at AS f_created_at, f.expires_at AS f_expires_at, f.completed_at AS f_completed_at, u.*
  FROM flows f JOIN users u ON u.id = f.user_id WHERE f.id = ?`;

type FlowWithUserRow = UsersTable & {
  f_id: string;
  f_stage: string;
  f_data: string;
  f_otp_sends: number;
  f_created_at: number;
  f_expires_at: number;
  f_completed_at: number | null;
};

/**
 * Server-side sign-in flows: an opaque id that binds every step and code of
 * one sign-in, and dies after its lifetime. Every method takes the unit of
 * work it belongs to (`sql`), or runs on its own.
 */
export class FlowStore {
  private readonly units: SqlUnits;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
  ) {
    this.units = new SqlUnits(db);
  }

  /**
   * Starts a flow for a user who has just proven their password, already at
   * its first stage (with its context and sends counted, when the caller
   * knows them), so a new flow is one write.
   */
  async create(
    userId: string,
    stage: string,
    sql?: Sql,
    init: { data?: object; otpSends?: number } = {},
  ): Promise<FlowsTable> {
    const now = this.clock.now();
    const flow: FlowsTable = {
      id: randomToken(),
      user_id: userId,
      stage,
      data: JSON.stringify(init.data ?? {}),
      otp_sends: init.otpSends ?? 0,
      created_at: now,
      expires_at: now + this.lifetimeMs,
      completed_at: null,
    };
    await this.on(sql, (q) =>
      q.changes(
        'INSERT INTO flows (id, user_id, stage, data, otp_sends, created_at, expires_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
        [flow.id, userId, stage, flow.data, flow.otp_sends, now, flow.expires_at],
      ),
    );
    return flow;
  }

  /** Loads a live flow with its account in one read, or answers 404/410 in words a person understands. */
  async requireLiveWithUser(flowId: string, sql?: Sql): Promise<FlowWithUser> {
    const row = await this.on(sql, (q) => q.first<FlowWithUserRow>(FLOW_WITH_USER, [flowId]));
    if (!row) throw new HttpError(404, 'FLOW_NOT_FOUND', 'This sign-in was not found. Please log in again.');
    const { f_id, f_stage, f_data, f_otp_sends, f_created_at, f_expires_at, f_completed_at, ...user } = row;
    const flow = {
      id: f_id,
      user_id: user.id,
      stage: f_stage,
      data: f_data,
      otp_sends: f_otp_sends,
      created_at: f_created_at,
      expires_at: f_expires_at,
      completed_at: f_completed_at,
    };
    this.assertLive(flow);
    return { flow, user };
  }

  /** Loads a live flow or answers 404/410 in words a person understands. */
  async requireLive(flowId: string, sql?: Sql): Promise<FlowsTable & { user_id: string }> {
    const flow = await this.on(sql, (q) => q.first<FlowsTable>('SELECT * FROM flows WHERE id = ?', [flowId]));
    if (!flow || flow.user_id === null) {
      throw new HttpError(404, 'FLOW_NOT_FOUND', 'This sign-in was not found. Please log in again.');
    }
    const live = { ...flow, user_id: flow.user_id };
    this.assertLive(live);
    return live;
  }

  /** Moves a flow to its next stage. */
  async setStage(flowId: string, stage: string, sql?: Sql): Promise<void> {
    await this.on(sql, (q) => q.changes('UPDATE flows SET stage = ? WHERE id = ?', [stage, flowId]));
  }

  /**
   * Ends a flow so none of its codes or steps can be used again. True only
   * for the one call that ended it, so two racing requests cannot both finish.
   */
  async complete(flowId: string, sql?: Sql): Promise<boolean> {
    const changed = await this.on(sql, (q) =>
      q.changes("UPDATE flows SET completed_at = ?, stage = 'done' WHERE id = ? AND completed_at IS NULL", [
        this.clock.now(),
        flowId,
      ]),
    );
    return changed === 1;
  }

  /**
   * Records the stage and context a flow moved to, in one write; with
   * `expectedStage`, only if no other request moved the flow meanwhile (409
   * otherwise). `countSend` also counts one passcode send against the flow's
   * cap `maxSends` in the same conditional write (false when the cap is reached).
   */
  async save(
    flowId: string,
    stage: string,
    data: object,
    expectedStage?: string,
    sql?: Sql,
    countSend?: { maxSends: number },
  ): Promise<boolean> {
    let text = 'UPDATE flows SET stage = ?, data = ?';
    const params: unknown[] = [stage, JSON.stringify(data)];
    if (countSend) text += ', otp_sends = otp_sends + 1';
    text += ' WHERE id = ? AND completed_at IS NULL';
    params.push(flowId);
    if (expectedStage !== undefined) {
      text += ' AND stage = ?';
      params.push(expectedStage);
    }
    if (countSend) {
      text += ' AND otp_sends < ?';
      params.push(countSend.maxSends);
    }
    const changed = await this.on(sql, (q) => q.changes(text, params));
    if (changed === 1) return true;
    if (countSend) {
      // Tell a reached cap from a flow that moved on.
      const flow = await this.on(sql, (q) => q.first<FlowsTable>('SELECT * FROM flows WHERE id = ?', [flowId]));
      if (flow && flow.completed_at === null && (expectedStage === undefined || flow.stage === expectedStage)) {
        return false;
      }
    }
    throw new HttpError(
      409,
      'STEP_OUT_OF_ORDER',
      'This sign-in moved on in another window or request. Please go on from the current screen.',
    );
  }

  /** Gives back a counted send whose message never left (delivery failed), so a retry is not penalised. */
  async releaseSend(flowId: string, sql?: Sql): Promise<void> {
    await this.on(sql, (q) =>
      q.changes('UPDATE flows SET otp_sends = otp_sends - 1 WHERE id = ? AND otp_sends > 0', [flowId]),
    );
  }

  private assertLive(flow: FlowsTable): void {
    if (flow.completed_at !== null) {
      throw new HttpError(410, 'FLOW_COMPLETED', 'This sign-in is already finished. Please log in again.');
    }
    if (flow.expires_at <= this.clock.now()) {
      throw new HttpError(410, 'FLOW_EXPIRED', 'This sign-in has expired. Please log in again.');
    }
  }

  private on<T>(sql: Sql | undefined, work: (q: Sql) => Promise<T>): Promise<T> {
    return sql ? work(sql) : this.units.statements(work);
  }
}
