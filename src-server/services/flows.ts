import type { Kysely } from 'kysely';
import type { Database, FlowsTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { Clock } from './clock';
import { randomToken } from './secrets';

/**
 * Server-side sign-in flows: an opaque id that binds every step and code of
 * one sign-in, and dies after its lifetime.
 */
export class FlowStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
  ) {}

  /** Starts a flow for a user who has just proven their password. */
  async create(userId: string, stage: string): Promise<FlowsTable> {
    const now = this.clock.now();
    const flow: FlowsTable = {
      id: randomToken(),
      user_id: userId,
      stage,
      data: '{}',
      otp_sends: 0,
      created_at: now,
      expires_at: now + this.lifetimeMs,
      completed_at: null,
    };
    await this.db.insertInto('flows').values(flow).execute();
    return flow;
  }

  /** Loads a live flow or answers 404/410 in words a person understands. */
  async requireLive(flowId: string): Promise<FlowsTable & { user_id: string }> {
    const flow = await this.db.selectFrom('flows').selectAll().where('id', '=', flowId).executeTakeFirst();
    if (!flow || flow.user_id === null) {
      throw new HttpError(404, 'FLOW_NOT_FOUND', 'This sign-in was not found. Please log in again.');
    }
    if (flow.completed_at !== null) {
      throw new HttpError(410, 'FLOW_COMPLETED', 'This sign-in is already finished. Please log in again.');
    }
    if (flow.expires_at <= this.clock.now()) {
      throw new HttpError(410, 'FLOW_EXPIRED', 'This sign-in has expired. Please log in again.');
    }
    return { ...flow, user_id: flow.user_id };
  }

  /** Moves a flow to its next stage. */
  async setStage(flowId: string, stage: string): Promise<void> {
    await this.db.updateTable('flows').set({ stage }).where('id', '=', flowId).execute();
  }

  /**
   * Ends a flow so none of its codes or steps can be used again. True only
   * for the one call that ended it, so two racing requests cannot both finish.
   */
  async complete(flowId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('flows')
      .set({ completed_at: this.clock.now(), stage: 'done' })
      .where('id', '=', flowId)
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records the stage and context a flow moved to, in one write; with
   * `expectedStage`, only if no other request moved the flow meanwhile (409 otherwise).
   */
  async save(flowId: string, stage: string, data: object, expectedStage?: string): Promise<void> {
    let update = this.db
      .updateTable('flows')
      .set({ stage, data: JSON.stringify(data) })
      .where('id', '=', flowId)
      .where('completed_at', 'is', null);
    if (expectedStage !== undefined) update = update.where('stage', '=', expectedStage);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new HttpError(
        409,
        'STEP_OUT_OF_ORDER',
        'This sign-in moved on in another window or request. Please go on from the current screen.',
      );
    }
  }
}
