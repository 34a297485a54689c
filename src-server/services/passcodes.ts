import type { Kysely } from 'kysely';
import type { OtpChannel, OtpPurpose } from '../../src-shared/steps';
import type { Database, OtpCodesTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import type { EmailSender, SmsSender } from '../mail/delivery';
import { passcodeEmail, passcodeSms } from '../mail/messages';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { timeOrderedUuid } from './ordered-ids';
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

/** A code recorded for a flow but not yet delivered: what {@link PasscodeService.deliver} and {@link PasscodeService.undo} need. */
export interface RecordedPasscode {
  code: string;
  row: OtpCodesTable;
  /** The codes this one superseded, to be put back if it never reaches the user. */
  superseded: string[];
}

/**
 * One-time passcodes: issued per flow, stored as HMAC, single use, a limited
 * number of tries each, and delivered by email or SMS. Every database method
 * takes the unit of work it belongs to (`sql`), or runs on its own.
 */
export class PasscodeService {
  private readonly units: SqlUnits;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
    private readonly key: Buffer,
    private readonly delivery: PasscodeDelivery,
  ) {
    this.units = new SqlUnits(db);
  }

  /**
   * Records a new code for the flow and supersedes any earlier one; nothing
   * is sent yet. The caller has counted the send against the flow's cap and
   * delivers the code after its unit of work commits ({@link deliver}).
   */
  async record(
    flowId: string,
    channel: OtpChannel,
    destination: string,
    purpose: OtpPurpose,
    sql: Sql,
    options: { firstOfFlow?: boolean } = {},
  ): Promise<RecordedPasscode> {
    const now = this.clock.now();
    const code = generatePasscode();
    const row: OtpCodesTable = {
      id: timeOrderedUuid(now),
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
    // A flow created in this same unit has no code to supersede.
    const superseded = options.firstOfFlow
      ? []
      : (
          await sql.rows<{ id: string }>(
            'UPDATE otp_codes SET superseded_at = ? WHERE flow_id = ? AND superseded_at IS NULL RETURNING id',
            [now, flowId],
          )
        ).map((r) => r.id);
    await sql.changes(
      `INSERT INTO otp_codes (id, flow_id, code_hash, channel, destination, purpose, attempts, created_at, expires_at,
        consumed_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, NULL)`,
      [row.id, flowId, row.code_hash, channel, destination, purpose, now, row.expires_at],
    );
    return { code, row, superseded };
  }

  /** Sends a recorded code by its channel; throws the delivery error when it could not be handed over. */
  async deliver(recorded: RecordedPasscode): Promise<IssuedPasscode> {
    const { row, code } = recorded;
    const minutes = Math.round(this.policy.otpLifetimeMs / 60_000);
    if (row.channel === 'email') await this.delivery.email.sendEmail(passcodeEmail(row.destination, code, minutes));
    else await this.delivery.sms.sendSms(passcodeSms(row.destination, code, minutes));
    return {
      channel: row.channel,
      destination: row.destination,
      expiresAt: row.expires_at,
      resendAvailableAt: row.created_at + this.policy.otpResendCooldownMs,
    };
  }

  /**
   * A recorded code that never reached the user: it is removed and the codes
   * it superseded are put back, so the code the user already has still works
   * and the Resend cooldown runs from the last code that was actually sent.
   */
  async undo(recorded: RecordedPasscode, sql: Sql): Promise<void> {
    await sql.changes('DELETE FROM otp_codes WHERE id = ?', [recorded.row.id]);
    for (const id of recorded.superseded) {
      await sql.changes('UPDATE otp_codes SET superseded_at = NULL WHERE id = ? AND superseded_at = ?', [
        id,
        recorded.row.created_at,
      ]);
    }
  }

  /**
   * The flow's live code (as read with the flow), if it can still be tried
   * (sent, unused, tries left, not expired); otherwise the error to show, with
   * no try counted.
   */
  usable(current: OtpCodesTable | null): OtpCodesTable {
    const now = this.clock.now();
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
  async spendTry(current: OtpCodesTable, matches: boolean, sql?: Sql): Promise<OtpCodesTable> {
    const now = this.clock.now();
    const counted = await this.on(sql, (q) =>
      q.first<{ attempts: number }>(
        `UPDATE otp_codes SET attempts = attempts + 1${matches ? ', consumed_at = ?' : ''}
          WHERE id = ? AND attempts < ? AND consumed_at IS NULL RETURNING attempts`,
        matches ? [now, current.id, this.policy.otpMaxAttempts] : [current.id, this.policy.otpMaxAttempts],
      ),
    );
    if (!counted) {
      // Another request used the last try or the code meanwhile; tell which, from a fresh read.
      const fresh = await this.on(sql, (q) =>
        q.first<{ consumed_at: number | null; attempts: number }>(
          'SELECT consumed_at, attempts FROM otp_codes WHERE id = ?',
          [current.id],
        ),
      );
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
  async latest(
    flowId: string,
    purpose: OtpPurpose,
    destination: string,
    sql?: Sql,
  ): Promise<OtpCodesTable | undefined> {
    return this.on(sql, (q) =>
      q.first<OtpCodesTable>(
        'SELECT * FROM otp_codes WHERE flow_id = ? AND purpose = ? AND destination = ? ORDER BY created_at DESC LIMIT 1',
        [flowId, purpose, destination],
      ),
    );
  }

  private on<T>(sql: Sql | undefined, work: (q: Sql) => Promise<T>): Promise<T> {
    return sql ? work(sql) : this.units.statements(work);
  }
}
