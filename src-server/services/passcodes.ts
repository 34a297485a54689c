import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OtpChannel, OtpPurpose } from '../../src-shared/steps';
import type { Database, OtpCodesTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { EmailSender, SmsSender } from '../mail/delivery';
import { passcodeEmail, passcodeSms } from '../mail/messages';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { digestsEqual, generatePasscode, hmacPasscode } from './secrets';

/** What the caller needs to draw the passcode screen; never the code itself. */
export interface IssuedPasscode {
  channel: OtpChannel;
  destination: string;
  expiresAt: number;
  resendAvailableAt: number;
}

/** A wrong passcode; `counted` tells whether this try counted against the code (and the lockout). */
export class OtpFailure extends HttpError {
  constructor(
    statusCode: number,
    code: string,
    message: string,
    readonly counted: boolean,
  ) {
    super(statusCode, code, message);
  }
}

/** Senders for both channels. */
export interface PasscodeDelivery {
  email: EmailSender;
  sms: SmsSender;
}

/**
 * One-time passcodes: issued per flow, stored as HMAC, single use, a limited
 * number of tries each, and delivered by email or SMS.
 */
export class PasscodeService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
    private readonly key: Buffer,
    private readonly delivery: PasscodeDelivery,
  ) {}

  /**
   * Issues a new code for the flow, supersedes any earlier one, and sends it.
   * The caller has already reserved the send ({@link reserveSend}).
   */
  async issue(flowId: string, channel: OtpChannel, destination: string, purpose: OtpPurpose): Promise<IssuedPasscode> {
    const now = this.clock.now();
    const code = generatePasscode();
    const row: OtpCodesTable = {
      id: randomUUID(),
      flow_id: flowId,
      code_hash: hmacPasscode(this.key, flowId, code),
      channel,
      destination,
      purpose,
      attempts: 0,
      created_at: now,
      expires_at: now + this.policy.otpLifetimeMs,
      consumed_at: null,
      superseded_at: null,
    };
    const superseded = await this.db.transaction().execute(async (trx) => {
      const live = await trx
        .updateTable('otp_codes')
        .set({ superseded_at: now })
        .where('flow_id', '=', flowId)
        .where('superseded_at', 'is', null)
        .returning('id')
        .execute();
      await trx.insertInto('otp_codes').values(row).execute();
      return live.map((r) => r.id);
    });
    const minutes = Math.round(this.policy.otpLifetimeMs / 60_000);
    try {
      if (channel === 'email') await this.delivery.email.sendEmail(passcodeEmail(destination, code, minutes));
      else await this.delivery.sms.sendSms(passcodeSms(destination, code, minutes));
    } catch (error) {
      // Nothing reached the user: put the codes back as they were, so the code they already have still
      // works and the Resend cooldown runs from the last code that was actually sent.
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('otp_codes').where('id', '=', row.id).execute();
        if (superseded.length > 0) {
          await trx
            .updateTable('otp_codes')
            .set({ superseded_at: null })
            .where('id', 'in', superseded)
            .where('superseded_at', '=', now)
            .execute();
        }
      });
      throw error;
    }
    return {
      channel,
      destination,
      expiresAt: row.expires_at,
      resendAvailableAt: now + this.policy.otpResendCooldownMs,
    };
  }

  /**
   * The flow's current code, if it can still be tried (sent, unused, tries
   * left, not expired); otherwise the error to show, with no try counted.
   */
  async current(flowId: string): Promise<OtpCodesTable> {
    const now = this.clock.now();
    const current = await this.db
      .selectFrom('otp_codes')
      .selectAll()
      .where('flow_id', '=', flowId)
      .where('superseded_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!current) throw new HttpError(409, 'OTP_NOT_SENT', 'No passcode has been sent for this sign-in yet.');
    if (current.consumed_at !== null) {
      throw new HttpError(410, 'OTP_USED', 'This passcode has already been used. Please log in again.');
    }
    if (current.attempts >= this.policy.otpMaxAttempts) {
      throw new HttpError(
        410,
        'OTP_TOO_MANY_ATTEMPTS',
        'Too many wrong tries for this passcode. Select Resend to get a new one.',
      );
    }
    if (current.expires_at <= now) {
      throw new HttpError(410, 'OTP_EXPIRED', 'This passcode has expired. Select Resend to get a new one.');
    }
    return current;
  }

  /**
   * Whether `code` is this code, in constant time. The answer must not reach
   * the user before {@link spendTry} has counted the try.
   */
  matches(current: OtpCodesTable, code: string): boolean {
    return digestsEqual(current.code_hash, hmacPasscode(this.key, current.flow_id, code));
  }

  /**
   * Counts one try of the code and, when it matched, consumes the code, in one
   * conditional update: a burst of guesses (on several instances) cannot have
   * more of them answered than the code's tries, and of several right answers
   * only one consumes it. Throws the wrong-code answer after counting.
   */
  async spendTry(current: OtpCodesTable, matches: boolean): Promise<OtpCodesTable> {
    const now = this.clock.now();
    const counted = await this.db
      .updateTable('otp_codes')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        ...(matches ? { consumed_at: now } : {}),
      }))
      .where('id', '=', current.id)
      .where('attempts', '<', this.policy.otpMaxAttempts)
      .where('consumed_at', 'is', null)
      .returning('attempts')
      .executeTakeFirst();
    if (!counted) {
      // Another request used the last try or the code meanwhile; tell which, from a fresh read.
      const fresh = await this.db
        .selectFrom('otp_codes')
        .select(['consumed_at', 'attempts'])
        .where('id', '=', current.id)
        .executeTakeFirst();
      if (fresh && fresh.consumed_at !== null && fresh.attempts < this.policy.otpMaxAttempts) {
        throw new OtpFailure(410, 'OTP_USED', 'This passcode has already been used. Please log in again.', false);
      }
      throw new OtpFailure(
        410,
        'OTP_TOO_MANY_ATTEMPTS',
        'Too many wrong tries for this passcode. Select Resend to get a new one.',
        false,
      );
    }
    if (!matches) {
      const left = this.policy.otpMaxAttempts - counted.attempts;
      if (left <= 0) {
        throw new OtpFailure(
          410,
          'OTP_TOO_MANY_ATTEMPTS',
          'Too many wrong tries for this passcode. Select Resend to get a new one.',
          true,
        );
      }
      throw new OtpFailure(
        400,
        'OTP_INCORRECT',
        `That passcode is not correct. You have ${left} ${left === 1 ? 'try' : 'tries'} left.`,
        true,
      );
    }
    return current;
  }

  /** The newest code sent in this flow for this purpose and destination (for the resend cooldown). */
  async latest(flowId: string, purpose: OtpPurpose, destination: string): Promise<OtpCodesTable | undefined> {
    return this.db
      .selectFrom('otp_codes')
      .selectAll()
      .where('flow_id', '=', flowId)
      .where('purpose', '=', purpose)
      .where('destination', '=', destination)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /**
   * Counts one send against the flow's cap in a single conditional update, so
   * parallel requests cannot together exceed it. False when the cap is reached.
   */
  async reserveSend(flowId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('flows')
      .set((eb) => ({ otp_sends: eb('otp_sends', '+', 1) }))
      .where('id', '=', flowId)
      .where('otp_sends', '<', this.policy.otpMaxSendsPerFlow)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives back a reserved send whose message never left (delivery failed), so a retry is not penalised. */
  async releaseSend(flowId: string): Promise<void> {
    await this.db
      .updateTable('flows')
      .set((eb) => ({ otp_sends: eb('otp_sends', '-', 1) }))
      .where('id', '=', flowId)
      .where('otp_sends', '>', 0)
      .execute();
  }
}
