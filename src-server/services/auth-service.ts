import type { Kysely } from 'kysely';
import type { AuthResponse, LoginRequest, RememberDevice } from '../../src-shared/api-schemas';
import { maskPhone } from '../../src-shared/mask';
import type { OtpChannel } from '../../src-shared/steps';
import type { Database, UsersTable } from '../db/schema';
import type { Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import type { DeviceService } from './devices';
import type { FlowMachine, LoadedFlow } from './flow-machine';
import type { FlowUser } from './flows';
import type { Notices } from './notices';
import { OtpFailure } from './passcodes';
import type { PasswordThrottle } from './password-throttle';
import { verifyPassword } from './passwords';
import { CURRENT_TERMS } from './terms';

/** Everything the sign-in service works with. */
export interface AuthServiceDeps {
  machine: FlowMachine;
  throttle: PasswordThrottle;
  devices: DeviceService;
  notices: Notices;
  /** The origins this server answers at; a device proof must name one of them. */
  origins: () => readonly string[];
}

/** What the verification transaction decided: a refusal to throw after commit, a final answer, or the rest to do. */
type VerifyOutcome = { refused: unknown } | { answer: AuthResponse } | { loaded: LoadedFlow };

const INVALID_CREDENTIALS = new HttpError(401, 'INVALID_CREDENTIALS', 'The user name or password is not correct.');

/**
 * The sign-in step machine (guide A, B1, B7-B9, C1-C2, C9): password, trusted
 * device or passcode, the modify offer, the terms, the session. Each call
 * checks what the flow allows, does it, and answers with the next step; the
 * client never decides what comes next.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  private get db(): Kysely<Database> {
    return this.deps.machine.deps.db;
  }

  /**
   * Guide step A. Unknown user and wrong password answer alike (same code,
   * same message, same argon2 cost, same back-off by user name).
   */
  async login(request: LoginRequest): Promise<AuthResponse> {
    const { machine, throttle, devices } = this.deps;
    const { units } = machine;
    // The attempt is counted before the password is checked; argon2id then runs with no connection held.
    const user = await units.transaction(async (sql) => {
      await throttle.begin(request.username, sql);
      return sql.first<UsersTable>('SELECT * FROM users WHERE username = ?', [request.username]);
    });
    const valid = await verifyPassword(user?.password_hash, request.password);
    if (!user || !valid) throw INVALID_CREDENTIALS;

    if (user.mfa_method === null) {
      return units.transaction(async (sql) => {
        await throttle.reset(request.username, sql);
        const flow = await machine.deps.flows.create(user.id, 'enroll-offer', sql);
        return machine.moveTo(
          { flow: { ...flow, user_id: user.id }, data: {}, user },
          { kind: 'enroll-offer', optOutAllowed: this.mayOptOut(user) },
          {},
          sql,
        );
      });
    }
    if (request.deviceId) {
      await throttle.reset(request.username);
      const device = await devices.requireUsable(user.id, request.deviceId);
      const flow = await machine.deps.flows.create(user.id, 'device-check');
      const loaded: LoadedFlow = { flow: { ...flow, user_id: user.id }, data: {}, user };
      const challenge = await devices.challenge(flow.id, device.id, flow.expires_at);
      const answer = await machine.moveTo(loaded, { kind: 'device-check' });
      return {
        ...answer,
        deviceChallenge: {
          deviceId: device.id,
          nonce: challenge.nonce,
          expiresAt: new Date(challenge.expires_at).toISOString(),
        },
      };
    }
    const [channel, destination] =
      user.mfa_method === 'sms' && user.phone_e164
        ? (['sms', user.phone_e164] as const)
        : (['email', user.email] as const);
    try {
      return await this.sendSignInCode(user, request.username, channel, destination);
    } catch (error) {
      // The SMS caps say "Please use Email instead"; at sign-in there is no screen yet to choose it on,
      // so the code goes to the account's verified email (the passcode screen names the address, and
      // still offers the text).
      const capped = error instanceof HttpError && error.code === 'SMS_LIMIT_REACHED';
      if (channel !== 'sms' || !capped || user.email_verified_at === null) throw error;
      return this.sendSignInCode(user, request.username, 'email', user.email);
    }
  }

  /**
   * The usual sign-in: one transaction clears the count, starts the flow with
   * its first send counted, and records the passcode; the message leaves after
   * it commits (if it cannot, the flow ends and the error is the answer).
   */
  private async sendSignInCode(
    user: UsersTable,
    username: string,
    channel: OtpChannel,
    destination: string,
  ): Promise<AuthResponse> {
    const { machine, throttle } = this.deps;
    const { units } = machine;
    let loaded: LoadedFlow | undefined;
    const pending = await units.transaction(async (sql) => {
      await throttle.reset(username, sql);
      machine.assertOtpUnlocked(user);
      const flow = await machine.deps.flows.create(user.id, 'enter-otp', sql, { otpSends: 1 });
      loaded = { flow: { ...flow, user_id: user.id }, data: {}, user };
      const recorded = await machine.recordPasscode(loaded, channel, destination, 'sign-in', sql, {}, true);
      await machine.deps.flows.save(flow.id, 'enter-otp', loaded.data, undefined, sql);
      return recorded;
    });
    return machine.deliverPasscode(loaded as LoadedFlow, pending, 'end-flow');
  }

  /**
   * A trusted device answers the nonce instead of a passcode. Any failure
   * ends the flow: the client forgets a revoked or expired key and logs in
   * again without `deviceId`, which sends a passcode.
   */
  async verifyDevice(flowId: string, deviceId: string, signature: string): Promise<AuthResponse> {
    const { machine, devices } = this.deps;
    const loaded = await machine.load(flowId, ['device-check']);
    try {
      await devices.verifyProof({
        userId: loaded.user.id,
        flowId: loaded.flow.id,
        deviceId,
        signature,
        origins: this.deps.origins(),
      });
    } catch (error) {
      await machine.deps.flows.complete(loaded.flow.id);
      throw error;
    }
    return machine.moveTo(loaded, { kind: 'modify-offer' }, { ...loaded.data, mfaDone: true });
  }

  /**
   * Guide B7, B8, C2, C5: checks the passcode, then moves on by what it was
   * for. The check, both counted tries and (for a sign-in) the move to the
   * modify offer are one transaction; a wrong code's counts are committed
   * before the answer is given.
   */
  async verifyOtp(flowId: string, code: string, remember?: RememberDevice): Promise<AuthResponse> {
    const { machine, devices, notices } = this.deps;
    const outcome = await machine.units.transaction(async (sql): Promise<VerifyOutcome> => {
      const loaded = await machine.load(flowId, ['enter-otp'], sql, true);
      machine.assertOtpUnlocked(loaded.user);
      const { passcodes } = machine.deps;
      const current = passcodes.usable(loaded.liveCode ?? null);
      const matches = passcodes.matches(current, code);
      // Nothing of the comparison reaches the user before both tries are counted (account, then code).
      const tries = await this.reserveOtpTry(loaded.user, matches, sql);
      try {
        await passcodes.spendTry(current, matches, sql);
      } catch (error) {
        if (!(error instanceof OtpFailure)) throw error;
        try {
          if (error.counted) await this.lockIfExhausted(loaded.user, tries, sql);
          else if (!matches) await this.releaseOtpTry(loaded.user, sql);
        } catch (lockError) {
          return { refused: lockError };
        }
        return { refused: error };
      }
      if ((loaded.data.otpPurpose ?? 'sign-in') === 'sign-in' && !remember) {
        return {
          answer: await machine.moveTo(loaded, { kind: 'modify-offer' }, { ...loaded.data, mfaDone: true }, sql),
        };
      }
      return { loaded };
    });
    if ('refused' in outcome) throw outcome.refused;
    if ('answer' in outcome) return outcome.answer;
    const { loaded } = outcome;

    const purpose = loaded.data.otpPurpose ?? 'sign-in';
    const channel = loaded.data.otpChannel ?? 'email';
    const destination = loaded.data.otpDestination ?? loaded.user.email;
    let deviceId: string | undefined;
    if (remember && purpose !== 'modify') {
      const device = await devices.register(loaded.user.id, remember.publicKey, remember.name, remember.maxDays);
      deviceId = device.id;
      await notices.deviceTrusted(loaded.user.email, device.name);
    }
    const extra = deviceId ? { deviceId } : {};
    const now = machine.deps.clock.now();

    if (purpose === 'sign-in') {
      const answer = await machine.moveTo(loaded, { kind: 'modify-offer' }, { ...loaded.data, mfaDone: true });
      return { ...answer, ...extra };
    }
    if (purpose === 'enroll') {
      await this.db
        .updateTable('users')
        .set({
          mfa_method: channel,
          mfa_enrolled_at: now,
          mfa_opted_out_at: null,
          ...(channel === 'sms' ? { phone_e164: destination } : {}),
        })
        .where('id', '=', loaded.user.id)
        .execute();
      await notices.mfaEnrolled(loaded.user.email, channel === 'sms' ? 'text message' : 'email');
      if (channel === 'sms' && destination !== loaded.user.phone_e164) {
        await notices.phoneChanged(loaded.user.email, maskPhone(destination));
      }
      return machine.finish({ ...loaded, data: { ...loaded.data, mfaDone: true } }, extra);
    }
    // purpose 'modify': only a phone is verified by passcode (a new email goes by link).
    await this.db
      .updateTable('users')
      .set({ phone_e164: destination, mfa_method: 'sms' })
      .where('id', '=', loaded.user.id)
      .execute();
    await notices.phoneChanged(loaded.user.email, maskPhone(destination));
    return machine.finish(loaded, extra);
  }

  /** "Resend": a new code to the same place; the failure count is not reset; cooldown and cap apply. */
  async resendOtp(flowId: string): Promise<AuthResponse> {
    return this.deps.machine.sendFromFlow(flowId, ['enter-otp'], (loaded) => {
      const { otpChannel, otpDestination, otpPurpose } = loaded.data;
      if (!otpChannel || !otpDestination || !otpPurpose) {
        throw new HttpError(409, 'OTP_NOT_SENT', 'No passcode has been sent for this sign-in yet.');
      }
      return { channel: otpChannel, destination: otpDestination, purpose: otpPurpose };
    });
  }

  /** "Send it by the other method": only at sign-in, only to another verified factor. */
  async switchOtp(flowId: string): Promise<AuthResponse> {
    const { machine } = this.deps;
    return machine.sendFromFlow(flowId, ['enter-otp'], (loaded) => {
      const current = loaded.data.otpChannel ?? 'email';
      const other = loaded.data.otpPurpose === 'sign-in' ? machine.alternateChannel(loaded.user, current) : undefined;
      if (!other) {
        throw new HttpError(
          409,
          'NO_ALTERNATE_METHOD',
          'Your account has no other verified method to send a passcode to.',
        );
      }
      const destination = other === 'sms' ? loaded.user.phone_e164 : loaded.user.email;
      return { channel: other, destination: destination ?? loaded.user.email, purpose: 'sign-in' };
    });
  }

  /** Guide B note: accounts created before the cut-off may decline; they are asked again next time. */
  async optOut(flowId: string): Promise<AuthResponse> {
    const { machine } = this.deps;
    const loaded = await machine.load(flowId, ['enroll-offer']);
    if (!this.mayOptOut(loaded.user)) {
      throw new HttpError(
        403,
        'OPT_OUT_NOT_ALLOWED',
        'Accounts created on or after March 6, 2025 must set up multifactor authentication.',
      );
    }
    await this.db
      .updateTable('users')
      .set({ mfa_opted_out_at: machine.deps.clock.now() })
      .where('id', '=', loaded.user.id)
      .execute();
    return machine.finish(loaded);
  }

  /** Guide C9 "I Agree": stores the version read, then signs in. */
  async acceptTerms(flowId: string, version: string): Promise<AuthResponse> {
    const { machine } = this.deps;
    const loaded = await machine.load(flowId, ['terms']);
    if (version !== CURRENT_TERMS.version) {
      throw new HttpError(
        409,
        'TERMS_VERSION_MISMATCH',
        'The Terms and Conditions were updated while you were reading. Please read the current version.',
      );
    }
    await this.db
      .updateTable('users')
      .set({ terms_version_accepted: version, terms_accepted_at: machine.deps.clock.now() })
      .where('id', '=', loaded.user.id)
      .execute();
    return machine.finish(loaded);
  }

  /** Declining the terms ends the sign-in; the client goes back to Log In. */
  async declineTerms(flowId: string): Promise<AuthResponse> {
    const { machine } = this.deps;
    const loaded = await machine.load(flowId, ['terms']);
    await machine.deps.flows.complete(loaded.flow.id);
    return { flowId: loaded.flow.id, step: { kind: 'password' } };
  }

  /** The flow's current step, for polling while the user opens the emailed link. */
  async current(flowId: string): Promise<AuthResponse> {
    const { machine } = this.deps;
    const loaded = await machine.loadAny(flowId);
    if (loaded.flow.stage === 'ready') return machine.finish(loaded);
    if (!loaded.data.step) throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'This sign-in has no step to show yet.');
    return { flowId: loaded.flow.id, step: loaded.data.step };
  }

  private mayOptOut(user: FlowUser): boolean {
    return user.created_at < this.deps.machine.deps.policy.enrollmentCutoff;
  }

  /**
   * Takes one of the account's consecutive passcode tries (10 failures lock
   * passcodes for 15 minutes) before the answer is given, in one conditional
   * update, so guesses sent together on several flows or instances cannot all
   * be answered before the lock lands. A matching code takes its try the same
   * way and resets the count in that update (it can only be the user's own
   * code); a wrong one adds one. Returns the count after this try.
   */
  private async reserveOtpTry(user: FlowUser, matches: boolean, sql: Sql): Promise<number> {
    const { clock, policy } = this.deps.machine.deps;
    const now = clock.now();
    // `user` was read in this same unit; where no other unit can run in between, a right code on an
    // account with no failures and no lock has nothing to reset, and the read already decided.
    if (sql.serialized && matches && user.otp_failed_count === 0 && (user.otp_locked_until ?? 0) <= now) return 0;
    const row = await sql.first<{ otp_failed_count: number }>(
      `UPDATE users SET otp_failed_count = ${matches ? '0' : 'otp_failed_count + 1'}
        WHERE id = ? AND otp_failed_count < ? AND (otp_locked_until IS NULL OR otp_locked_until <= ?)
        RETURNING otp_failed_count`,
      [user.id, policy.otpLockoutThreshold, now],
    );
    if (row) return row.otp_failed_count;
    this.deps.machine.assertOtpUnlocked(await this.deps.machine.user(user.id, sql));
    // At the threshold while another request is still deciding: no try is left right now.
    throw new HttpError(
      429,
      'OTP_LOCKED',
      'Too many passcode attempts at once. Please wait a moment and try again.',
      1,
    );
  }

  /** A try that was not compared (expired, used, already dead code) gives its place back. */
  private async releaseOtpTry(user: FlowUser, sql: Sql): Promise<void> {
    await sql.changes(
      'UPDATE users SET otp_failed_count = otp_failed_count - 1 WHERE id = ? AND otp_failed_count > 0',
      [user.id],
    );
  }

  /** After a wrong passcode: the 10th consecutive one locks passcodes for 15 minutes (429 `OTP_LOCKED`). */
  private async lockIfExhausted(user: FlowUser, tries: number, sql: Sql): Promise<void> {
    const { clock, policy } = this.deps.machine.deps;
    if (tries >= policy.otpLockoutThreshold) {
      const until = clock.now() + policy.otpLockoutMs;
      await sql.changes('UPDATE users SET otp_failed_count = 0, otp_locked_until = ? WHERE id = ?', [until, user.id]);
      this.deps.machine.assertOtpUnlocked({ ...user, otp_locked_until: until });
    }
  }
}
