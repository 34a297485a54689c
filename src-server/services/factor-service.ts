import type { AuthResponse } from '../../src-shared/api-schemas';
import { maskEmail, maskPhone } from '../../src-shared/mask';
import type { EmailLinksTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { EmailLinkService } from './email-links';
import type { FlowMachine } from './flow-machine';
import type { Notices } from './notices';

/** What confirming an emailed link did, for the page the browser shows. */
export type LinkOutcome = 'enroll' | 'modify' | 'account-verify';

/**
 * Setting up and changing factors (guide B1-B6, C3-C8): enrollment offer,
 * recovery email by link, the method, the phone, and the modify offer. Every
 * passcode and link goes through {@link FlowMachine}, so the limits hold here
 * too.
 */
export class FactorService {
  constructor(
    private readonly machine: FlowMachine,
    private readonly links: EmailLinkService,
    private readonly notices: Notices,
  ) {}

  /** B1 "Enroll in MFA" → verify the recovery email. */
  async startEnrollment(flowId: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['enroll-offer']);
    return this.machine.moveTo(loaded, { kind: 'verify-email', accountEmail: maskEmail(loaded.user.email) });
  }

  /** B2 "Yes": a link to the account's own email. */
  async keepEmail(flowId: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['verify-email']);
    return this.machine.sendLink(loaded, loaded.user.email, 'enroll');
  }

  /** B2 "No, I'd like to change my email" and C6: a link to the new address; nothing changes until it is confirmed. */
  async changeEmail(flowId: string, email: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['verify-email', 'enter-email', 'check-email']);
    const purpose =
      loaded.flow.stage === 'verify-email'
        ? 'enroll'
        : loaded.flow.stage === 'enter-email'
          ? loaded.data.step?.kind === 'enter-email'
            ? loaded.data.step.purpose
            : 'modify'
          : (loaded.data.linkPurpose ?? 'enroll');
    return this.machine.sendLink(loaded, email, purpose);
  }

  /** "Resend link" on the check-email screen. */
  async resendLink(flowId: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['check-email']);
    const { linkEmail, linkPurpose } = loaded.data;
    if (!linkEmail || !linkPurpose) throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'No link has been sent yet.');
    return this.machine.sendLink(loaded, linkEmail, linkPurpose);
  }

  /** B5: SMS asks for the phone; Email sends a passcode to the verified address. */
  async chooseMethod(flowId: string, method: 'sms' | 'email'): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['choose-method']);
    if (method === 'sms') return this.machine.moveTo(loaded, { kind: 'enter-phone', purpose: 'enroll' });
    return this.machine.sendPasscode(loaded, 'email', loaded.user.email, 'enroll');
  }

  /** B6, C4, C5: a passcode to the phone; a different number may be entered again from the passcode screen. */
  async submitPhone(flowId: string, phoneE164: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['enter-phone', 'enter-otp']);
    let purpose: 'enroll' | 'modify';
    if (loaded.data.step?.kind === 'enter-phone') purpose = loaded.data.step.purpose;
    else if (
      loaded.data.otpChannel === 'sms' &&
      (loaded.data.otpPurpose === 'enroll' || loaded.data.otpPurpose === 'modify')
    ) {
      purpose = loaded.data.otpPurpose;
    } else {
      throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'This sign-in is not asking for a phone number.');
    }
    return this.machine.sendPasscode(loaded, 'sms', phoneE164, purpose);
  }

  /** C1 "Modify MFA options". */
  async continueModify(flowId: string): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['modify-offer']);
    const { user } = loaded;
    return this.machine.moveTo(loaded, {
      kind: 'modify-choose',
      currentEmail: maskEmail(user.email),
      ...(user.phone_e164 ? { currentPhone: maskPhone(user.phone_e164) } : {}),
    });
  }

  /** C3 note: "Selecting Cancel will log you in" — from anywhere in the modify path. */
  async cancelModify(flowId: string): Promise<AuthResponse> {
    // One transaction from the load to the session: the account read with the flow is fresh.
    return this.machine.units.transaction(async (sql) => {
      const loaded = await this.machine.load(
        flowId,
        ['modify-offer', 'modify-choose', 'enter-phone', 'enter-email', 'enter-otp', 'check-email'],
        sql,
      );
      if (!loaded.data.mfaDone) {
        throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'Finish verifying your passcode before you continue.');
      }
      return this.machine.finish(loaded, {}, sql, { userIsFresh: true });
    });
  }

  /** C3: Phone → new number by passcode; Email → new address by link. */
  async chooseFactor(flowId: string, factor: 'phone' | 'email'): Promise<AuthResponse> {
    const loaded = await this.machine.load(flowId, ['modify-choose']);
    return this.machine.moveTo(
      loaded,
      factor === 'phone' ? { kind: 'enter-phone', purpose: 'modify' } : { kind: 'enter-email', purpose: 'modify' },
    );
  }

  /**
   * The Confirm button of an emailed link (POST; the GET page changes
   * nothing). Adopts the address, tells the old one, and moves the waiting
   * flow on: enrollment to the method choice, a modification to sign-in.
   */
  async confirmLink(token: string): Promise<LinkOutcome> {
    const { db, clock, flows } = this.machine.deps;
    const peeked = await this.links.peek(token, ['enroll', 'modify', 'account-verify']);
    if (peeked.purpose === 'account-verify') {
      const link = await this.links.consume(token, ['account-verify']);
      await db
        .updateTable('users')
        .set({ email_verified_at: clock.now() })
        .where('id', '=', link.user_id)
        .where('email', '=', link.email)
        .execute();
      return 'account-verify';
    }
    const loaded = await this.machine.load(peeked.flow_id ?? '', ['check-email']).catch((error: unknown) => {
      if (error instanceof HttpError && error.statusCode < 500) {
        throw new HttpError(410, 'LINK_INVALID', 'The log-in this link belongs to has ended. Please log in again.');
      }
      throw error;
    });
    const link: EmailLinksTable = await this.links.consume(token, ['enroll', 'modify']);
    const oldEmail = loaded.user.email;
    await db
      .updateTable('users')
      .set({
        email: link.email,
        email_verified_at: clock.now(),
        ...(link.purpose === 'modify' ? { mfa_method: 'email' as const } : {}),
      })
      .where('id', '=', loaded.user.id)
      .execute();
    if (oldEmail !== link.email) await this.notices.emailChanged(oldEmail, link.email);
    if (link.purpose === 'enroll') {
      loaded.user = await this.machine.user(loaded.user.id);
      await this.machine.moveTo(loaded, { kind: 'choose-method', methods: ['sms', 'email'] });
      return 'enroll';
    }
    await flows.save(loaded.flow.id, 'ready', loaded.data, loaded.flow.stage);
    return 'modify';
  }
}
