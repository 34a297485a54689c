import type { Kysely } from 'kysely';
import type { AuthResponse } from '../../src-shared/api-schemas';
import { maskEmail, maskPhone } from '../../src-shared/mask';
import type { OtpChannel, OtpPurpose, Step } from '../../src-shared/steps';
import type { Database, FlowsTable, OtpCodesTable, UsersTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import { DeliveryError, type EmailSender } from '../mail/delivery';
import { verificationEmail } from '../mail/messages';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import type { EmailLinkService } from './email-links';
import type { FlowStore, FlowUser } from './flows';
import type { PasscodeService, RecordedPasscode } from './passcodes';
import type { SessionService } from './sessions';
import type { SmsCaps } from './sms-caps';
import { CURRENT_TERMS } from './terms';

/** Context a flow keeps between calls (JSON in `flows.data`); never a secret. */
export interface FlowData {
  /** The step last answered, so polling (`GET /v1/auth/flows/:id`) can repeat it. */
  step?: Step;
  /** The sign-in factor (passcode or trusted device) has been passed: modify and cancel are open. */
  mfaDone?: boolean;
  otpPurpose?: OtpPurpose;
  otpChannel?: OtpChannel;
  /** Where the current passcode went (E.164 or email); a new phone is only adopted once its code is verified. */
  otpDestination?: string;
  linkPurpose?: 'enroll' | 'modify';
  linkEmail?: string;
  linkSends?: number;
}

/** A passcode recorded and the answer to give once it is delivered. */
export interface PendingPasscode {
  recorded: RecordedPasscode;
  answer: AuthResponse;
}

/** A live flow with its context and account. */
export interface LoadedFlow {
  flow: FlowsTable & { user_id: string };
  data: FlowData;
  user: FlowUser;
  /** The flow's live passcode (null: none) when the load asked for it; see FlowStore.requireLiveWithUser. */
  liveCode?: OtpCodesTable | null;
}

/** Everything the step machine works with. */
export interface FlowMachineDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: AuthPolicy;
  flows: FlowStore;
  passcodes: PasscodeService;
  sessions: SessionService;
  smsCaps: SmsCaps;
  links: EmailLinkService;
  email: EmailSender;
  /** Base URL the emailed links point at (CNS_PUBLIC_URL, else where the server listens). */
  publicUrl: () => string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** 429 `RESEND_COOLDOWN` while `waitMs` of the last send's cooldown remain. */
function assertCooledDown(what: 'A passcode' | 'A link', waitMs: number): void {
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new HttpError(
    429,
    'RESEND_COOLDOWN',
    `${what} was just sent. You can ask for another in ${seconds} seconds.`,
    seconds,
  );
}

function parseData(raw: string): FlowData {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as FlowData) : {};
  } catch {
    return {};
  }
}

/**
 * The parts every step of sign-in shares: loading a flow in an expected
 * stage, moving it on, sending passcodes and links under the §4 limits, and
 * finishing (terms, then the session). Services for each guide section build
 * on it, so the limits are enforced in exactly one place.
 */
export class FlowMachine {
  /** Units of work in hand-written SQL on the machine's database. */
  readonly units: SqlUnits;

  constructor(readonly deps: FlowMachineDeps) {
    this.units = new SqlUnits(deps.db);
  }

  /** Loads a live flow that is in one of `stages` (inside the caller's unit of work, if given); any other stage is a 409. */
  async load(flowId: string, stages: readonly string[], sql?: Sql, withLiveCode = false): Promise<LoadedFlow> {
    const { flow, user, liveCode } = await this.deps.flows.requireLiveWithUser(flowId, sql, withLiveCode);
    if (!stages.includes(flow.stage)) {
      throw new HttpError(
        409,
        'STEP_OUT_OF_ORDER',
        'That action does not fit this step of the sign-in. Please go on from the current screen.',
      );
    }
    return { flow, data: parseData(flow.data), user, ...(withLiveCode ? { liveCode } : {}) };
  }

  /** Loads a live flow whatever its stage (polling). */
  async loadAny(flowId: string, sql?: Sql): Promise<LoadedFlow> {
    const { flow, user } = await this.deps.flows.requireLiveWithUser(flowId, sql);
    return { flow, data: parseData(flow.data), user };
  }

  /** Reads the account fresh, so every step sees changes made by the others. */
  async user(userId: string, sql?: Sql): Promise<UsersTable> {
    const read = (q: Sql): Promise<UsersTable | undefined> =>
      q.first<UsersTable>('SELECT * FROM users WHERE id = ?', [userId]);
    const user = await (sql ? read(sql) : this.units.statements(read));
    if (!user) throw new HttpError(404, 'FLOW_NOT_FOUND', 'This sign-in was not found. Please log in again.');
    return user;
  }

  /** Moves the flow to `step` (its kind is the stage) and answers it. */
  async moveTo(loaded: LoadedFlow, step: Step, data: FlowData = loaded.data, sql?: Sql): Promise<AuthResponse> {
    const next: FlowData = { ...data, step };
    await this.deps.flows.save(loaded.flow.id, step.kind, next, loaded.flow.stage, sql);
    loaded.data = next;
    loaded.flow.stage = step.kind;
    return { flowId: loaded.flow.id, step };
  }

  /** 429 `OTP_LOCKED` while the account's passcodes are locked (10 failures → 15 min). */
  assertOtpUnlocked(user: Pick<FlowUser, 'otp_locked_until'>): void {
    const waitMs = (user.otp_locked_until ?? 0) - this.deps.clock.now();
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      throw new HttpError(
        429,
        'OTP_LOCKED',
        `Too many wrong passcodes. For your security, passcodes are locked for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
        Math.ceil(waitMs / 1000),
      );
    }
  }

  /**
   * Sends a passcode within the limits (lockout, sends per flow, cooldown for
   * the same destination, SMS caps) and answers the passcode step. Without
   * `sql` the checks and the new code are one transaction of their own;
   * either way the message leaves only after that unit commits (see
   * {@link deliverPasscode}), so no database lock is held while a mail or
   * SMS server answers.
   */
  async sendPasscode(
    loaded: LoadedFlow,
    channel: OtpChannel,
    destination: string,
    purpose: OtpPurpose,
    extra: Partial<FlowData> = {},
  ): Promise<AuthResponse> {
    const before = { stage: loaded.flow.stage, data: loaded.data };
    const pending = await this.units.transaction((sql) =>
      this.recordPasscode(loaded, channel, destination, purpose, sql, extra),
    );
    return this.deliverPasscode(loaded, pending, before);
  }

  /**
   * Loads the flow and records a passcode in one transaction, then delivers
   * it: Resend and "send it by the other method" in as few statements as a
   * send needs. `pick` says where the code goes, from the loaded flow.
   */
  async sendFromFlow(
    flowId: string,
    stages: readonly string[],
    pick: (loaded: LoadedFlow) => { channel: OtpChannel; destination: string; purpose: OtpPurpose },
  ): Promise<AuthResponse> {
    let loaded: LoadedFlow | undefined;
    let before: { stage: string; data: FlowData } | undefined;
    const pending = await this.units.transaction(async (sql) => {
      loaded = await this.load(flowId, stages, sql, true);
      before = { stage: loaded.flow.stage, data: loaded.data };
      const { channel, destination, purpose } = pick(loaded);
      return this.recordPasscode(loaded, channel, destination, purpose, sql);
    });
    return this.deliverPasscode(loaded as LoadedFlow, pending, before as { stage: string; data: FlowData });
  }

  /**
   * The database half of {@link sendPasscode}, inside the caller's unit of
   * work: checks the limits, records the code, counts the send and moves the
   * flow to the passcode step in one conditional write. `firstOfFlow` is for a
   * flow created in this same unit with the send already counted: it has no
   * earlier code, cooldown or cap to check.
   */
  async recordPasscode(
    loaded: LoadedFlow,
    channel: OtpChannel,
    destination: string,
    purpose: OtpPurpose,
    sql: Sql,
    extra: Partial<FlowData> = {},
    firstOfFlow = false,
  ): Promise<PendingPasscode> {
    const { clock, policy, passcodes, flows } = this.deps;
    const now = clock.now();
    this.assertOtpUnlocked(loaded.user);
    if (!firstOfFlow) {
      // The live code is the newest one: when it went to this destination for this purpose, it is the
      // one the cooldown runs from; otherwise (another channel in between, or not read) ask the database.
      const live = loaded.liveCode;
      const previous =
        live === null || (live && live.purpose === purpose && live.destination === destination)
          ? live
          : await passcodes.latest(loaded.flow.id, purpose, destination, sql);
      if (previous) assertCooledDown('A passcode', previous.created_at + policy.otpResendCooldownMs - now);
    }
    const recorded = await passcodes.record(loaded.flow.id, channel, destination, purpose, sql, { firstOfFlow });
    const alternate = purpose === 'sign-in' ? this.alternateChannel(loaded.user, channel) : undefined;
    const step: Step = {
      kind: 'enter-otp',
      channel,
      sentTo: channel === 'email' ? maskEmail(destination) : maskPhone(destination),
      purpose,
      expiresAt: iso(recorded.row.expires_at),
      resendAvailableAt: iso(recorded.row.created_at + policy.otpResendCooldownMs),
      canRememberDevice: purpose !== 'modify',
      ...(alternate ? { alternateChannel: alternate } : {}),
      ...(channel === 'sms' && purpose !== 'sign-in' ? { canChangePhone: true } : {}),
    };
    const data: FlowData = {
      ...loaded.data,
      ...extra,
      otpPurpose: purpose,
      otpChannel: channel,
      otpDestination: destination,
      step,
    };
    if (!firstOfFlow) {
      const counted = await flows.save(loaded.flow.id, step.kind, data, loaded.flow.stage, sql, {
        maxSends: policy.otpMaxSendsPerFlow,
      });
      if (!counted) {
        throw new HttpError(
          429,
          'SEND_LIMIT_REACHED',
          `No more passcodes can be sent for this log-in (at most ${policy.otpMaxSendsPerFlow}). Please log in again.`,
        );
      }
    }
    loaded.data = data;
    loaded.flow.stage = step.kind;
    return { recorded, answer: { flowId: loaded.flow.id, step } };
  }

  /**
   * The delivery half of {@link sendPasscode}, after the unit that recorded
   * the code committed: takes the SMS caps, sends, and when the message
   * could not be handed over puts everything back as it was (the earlier
   * code works again, the flow shows its earlier step; the send and the caps
   * are given back when the message certainly did not leave).
   */
  async deliverPasscode(
    loaded: LoadedFlow,
    pending: PendingPasscode,
    before: { stage: string; data: FlowData } | 'end-flow',
  ): Promise<AuthResponse> {
    const { passcodes, smsCaps, flows } = this.deps;
    const { recorded } = pending;
    let smsReservation: Awaited<ReturnType<SmsCaps['reserve']>> | undefined;
    try {
      if (recorded.row.channel === 'sms') {
        smsReservation = await smsCaps.reserve(loaded.user.id, recorded.row.destination);
      }
      await passcodes.deliver(recorded);
      return pending.answer;
    } catch (error) {
      const notSent = !(error instanceof DeliveryError) || error.certainlyNotSent;
      await this.units.transaction(async (sql) => {
        await passcodes.undo(recorded, sql);
        if (before === 'end-flow') await flows.complete(loaded.flow.id, sql);
        else {
          await flows.save(loaded.flow.id, before.stage, before.data, pending.answer.step.kind, sql).catch(() => false);
          if (notSent) await flows.releaseSend(loaded.flow.id, sql);
        }
      });
      if (notSent && smsReservation) await smsCaps.release(smsReservation);
      loaded.flow.stage = before === 'end-flow' ? 'done' : before.stage;
      if (before !== 'end-flow') loaded.data = before.data;
      throw error;
    }
  }

  /** The other verified method of an enrolled account, if it has one. */
  alternateChannel(user: FlowUser, current: OtpChannel): OtpChannel | undefined {
    if (current === 'email') return user.phone_e164 ? 'sms' : undefined;
    return user.email_verified_at !== null ? 'email' : undefined;
  }

  /** Emails a verification link for this flow (cooldown and per-flow cap apply) and answers `check-email`. */
  async sendLink(loaded: LoadedFlow, email: string, purpose: 'enroll' | 'modify'): Promise<AuthResponse> {
    const { clock, policy, links } = this.deps;
    const now = clock.now();
    const sends = loaded.data.linkSends ?? 0;
    if (sends >= policy.linkMaxSendsPerFlow) {
      throw new HttpError(
        429,
        'SEND_LIMIT_REACHED',
        `No more links can be sent for this log-in (at most ${policy.linkMaxSendsPerFlow}). Please log in again.`,
      );
    }
    const previous = await links.latestForFlow(loaded.flow.id);
    if (previous) assertCooledDown('A link', previous.created_at + policy.linkResendCooldownMs - now);
    const { token, row } = await links.issue({ userId: loaded.user.id, flowId: loaded.flow.id, purpose, email });
    const minutes = Math.round(policy.linkLifetimeMs / 60_000);
    await this.deps.email.sendEmail(verificationEmail(email, this.linkUrl(token), minutes));
    return this.moveTo(
      loaded,
      {
        kind: 'check-email',
        sentTo: maskEmail(email),
        // The link outlives the flow; the screen shows when this sign-in can still use it.
        expiresAt: iso(Math.min(row.expires_at, loaded.flow.expires_at)),
        purpose,
        resendAvailableAt: iso(now + policy.linkResendCooldownMs),
      },
      { ...loaded.data, linkPurpose: purpose, linkEmail: email, linkSends: sends + 1 },
    );
  }

  /** Where an emailed link points: the page with the Confirm button. */
  linkUrl(token: string): string {
    return `${this.deps.publicUrl().replace(/\/+$/, '')}/v1/email-links/${token}`;
  }

  /**
   * The end of every path: the terms if this account has not accepted the
   * current version, else the session and the signed-in step.
   */
  async finish(
    loaded: LoadedFlow,
    extra: Pick<AuthResponse, 'deviceId'> = {},
    sql?: Sql,
    options: { userIsFresh?: boolean } = {},
  ): Promise<AuthResponse> {
    if (!sql) return this.units.transaction((q) => this.finish(loaded, extra, q, options));
    const user = options.userIsFresh ? loaded.user : await this.user(loaded.user.id, sql);
    if (user.terms_version_accepted !== CURRENT_TERMS.version) {
      const answer = await this.moveTo(
        loaded,
        { kind: 'terms', version: CURRENT_TERMS.version, text: CURRENT_TERMS.text },
        loaded.data,
        sql,
      );
      return { ...answer, ...extra };
    }
    if (!(await this.deps.flows.complete(loaded.flow.id, sql))) {
      throw new HttpError(410, 'FLOW_COMPLETED', 'This sign-in is already finished. Please log in again.');
    }
    const session = await this.deps.sessions.create(user.id, undefined, sql);
    return { flowId: loaded.flow.id, step: { kind: 'signed-in', username: user.username }, session, ...extra };
  }
}
