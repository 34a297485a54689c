import type { Kysely } from 'kysely';
import type { Database, FlowsTable, OtpCodesTable, UsersTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import type { Clock } from './clock';
import { timeOrderedToken } from './ordered-ids';

/** The account columns a sign-in step reads (not the password hash or its counters). */
export type FlowUser = Pick<
  UsersTable,
  | 'id'
  | 'username'
  | 'email'
  | 'email_verified_at'
  | 'phone_e164'
  | 'mfa_method'
  | 'otp_failed_count'
  | 'otp_locked_until'
  | 'terms_version_accepted'
  | 'created_at'
>;

/** A live flow and its account, as one read gives them; with `liveCode` asked for, its current passcode too. */
export interface FlowWithUser {
  flow: FlowsTable & { user_id: string };
  user: FlowUser;
  /** The flow's one code that is not superseded (null: none), when asked for. */
  liveCode?: OtpCodesTable | null;
}

const FLOW_COLUMNS = `f.id AS f_id, f.stage AS f_stage, f.data AS f_data, f.otp_sends AS f_otp_sends,
  f.created_at AS f_created_at, f.expires_at AS f_expires_at, f.completed_at AS f_completed_at,
  u.id, u.username, u.email, u.email_verified_at, u.phone_e164, u.mfa_method, u.otp_failed_count,
  u.otp_locked_until, u.terms_version_accepted, u.created_at`;

/** Flow and account (both have `id` and `created_at`, so the flow's columns come aliased). */
const FLOW_WITH_USER = `SELECT ${FLOW_COLUMNS} FROM flows f JOIN users u ON u.id = f.user_id WHERE f.id = ?`;

/** The same and the live code: a flow has at most one code that is not superseded (issuing supersedes the rest). */
const FLOW_WITH_USER_AND_CODE = `SELECT ${FLOW_COLUMNS}, c.id AS c_id, c.code_hash AS c_code_hash,
  c.channel AS c_channel, c.destination AS c_destination, c.purpose AS c_purpose, c.attempts AS c_attempts,
  c.created_at AS c_created_at, c.expires_at AS c_expires_at, c.consumed_at AS c_consumed_at
  FROM flows f JOIN users u ON u.id = f.user_id
  LEFT JOIN otp_codes c ON c.flow_id = f.id AND c.superseded_at IS NULL WHERE f.id = ?`;

type FlowWithUserRow = FlowUser & {
  f_id: string;
  f_stage: string;
  f_data: string;
  f_otp_sends: number;
  f_created_at: number;
  f_expires_at: number;
  f_completed_at: number | null;
  c_id?: string | null;
  c_code_hash?: string;
  c_channel?: 'sms' | 'email';
  c_destination?: string;
  c_purpose?: string;
  c_attempts?: number;
  c_created_at?: number;
  c_expires_at?: number;
  c_consumed_at?: number | null;
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
      id: timeOrderedToken(now),
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

  /**
   * Loads a live flow with its account in one read (and its live passcode,
   * with `withLiveCode`), or answers 404/410 in words a person understands.
   */
  async requireLiveWithUser(flowId: string, sql?: Sql, withLiveCode = false): Promise<FlowWithUser> {
    const text = withLiveCode ? FLOW_WITH_USER_AND_CODE : FLOW_WITH_USER;
    // In a PostgreSQL transaction the flow's row stays locked until the unit commits, so two
    // requests for one flow (on any instances) take their turns: a Resend cannot slip past the
    // cooldown another one is about to start.
    const row = await this.on(sql, (q) => q.first<FlowWithUserRow>(text + q.lockRows('f'), [flowId]));
    if (!row) throw new HttpError(404, 'FLOW_NOT_FOUND', 'This sign-in was not found. Please log in again.');
    const flow = {
      id: row.f_id,
      user_id: row.id,
      stage: row.f_stage,
      data: row.f_data,
      otp_sends: row.f_otp_sends,
      created_at: row.f_created_at,
      expires_at: row.f_expires_at,
      completed_at: row.f_completed_at,
    };
    this.assertLive(flow);
    const user: FlowUser = {
      id: row.id,
      username: row.username,
      email: row.email,
      email_verified_at: row.email_verified_at,
      phone_e164: row.phone_e164,
      mfa_method: row.mfa_method,
      otp_failed_count: row.otp_failed_count,
      otp_locked_until: row.otp_locked_until,
      terms_version_accepted: row.terms_version_accepted,
      created_at: row.created_at,
    };
    if (!withLiveCode) return { flow, user };
    if (typeof row.c_id !== 'string') return { flow, user, liveCode: null };
    const liveCode: OtpCodesTable = {
      id: row.c_id,
      flow_id: row.f_id,
      code_hash: row.c_code_hash ?? '',
      channel: row.c_channel ?? 'email',
      destination: row.c_destination ?? '',
      purpose: row.c_purpose ?? '',
      attempts: row.c_attempts ?? 0,
      created_at: row.c_created_at ?? 0,
      expires_at: row.c_expires_at ?? 0,
      consumed_at: row.c_consumed_at ?? null,
      superseded_at: null,
    };
    return { flow, user, liveCode };
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
