import { sessionTokensSchema, type AuthResponse, type SessionTokens } from '../../src-shared/api-schemas';
import { deviceProofMessage } from '../../src-shared/device-proof';
import type { AuthView, RememberStatus } from '../../src-shared/ipc-contract';
import type { Step } from '../../src-shared/steps';
import { ApiError } from '../api/api-error';
import type { ApiClient } from '../api/api-client';
import type { DeviceKeys, PendingDeviceKey } from '../device/device-keys';
import { vaultAccount, type SecretVault } from '../vault/secret-vault';

/** Server codes after which the flow is gone and sign-in starts again at the password. */
const FLOW_ENDING_CODES = new Set([
  'FLOW_NOT_FOUND',
  'FLOW_EXPIRED',
  'FLOW_COMPLETED',
  'OTP_USED',
  'SEND_LIMIT_REACHED',
]);

/** Server codes that mean the remembered computer is no longer trusted. */
const DEVICE_GONE_CODES = new Set([
  'DEVICE_REVOKED',
  'DEVICE_EXPIRED',
  'DEVICE_NOT_FOUND',
  'DEVICE_SIGNATURE_INVALID',
  'DEVICE_KEY_INVALID',
]);

const PASSWORD_STEP: Step = { kind: 'password' };

/** The soonest a background session rotation runs after the last one. */
export const MIN_REFRESH_DELAY_MS = 10_000;

/** The words shown when a remembered computer had to be forgotten. */
export const DEVICE_FORGOTTEN_NOTICE =
  'This computer is no longer remembered for your account, so a passcode is needed this time.';

/** The words shown when IT policy forbids remembering and a key from before the policy was deleted. */
export const DEVICE_NOT_ALLOWED_NOTICE =
  'Your organization no longer allows remembering computers, so this computer was forgotten and a passcode is needed.';

/**
 * What IT policy says about remembered computers, asked at each sign-in:
 * whether a device key may be used or made, and the most days a new trust may last.
 */
export type DevicePolicy = () => { allowed: boolean; maxDays?: number | undefined };

/**
 * Drives sign-in from the main process: sends the user's answers to the
 * server, keeps the flow id and tokens (never shown to the renderer), answers
 * the device challenge of a remembered computer, stores the session in the
 * keychain, and answers with the step to draw next. State lives here, so a
 * renderer reload finds the same step.
 */
export class AuthFlow {
  private flowId: string | undefined;
  private step: Step = PASSWORD_STEP;
  private username: string | undefined;
  private session: SessionTokens | undefined;
  private notice: string | undefined;
  private polling: Promise<AuthView> | undefined;
  private rotating: Promise<SessionTokens> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles when a launch-time session resume is over; views and logins wait for it. */
  private ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: ApiClient,
    private readonly vault: SecretVault,
    private readonly deviceKeys?: DeviceKeys,
    private readonly devicePolicy: DevicePolicy = () => ({ allowed: true }),
  ) {}

  /** The step to draw now (after a reload too), with whether this computer can be remembered. */
  async view(): Promise<AuthView> {
    await this.ready;
    const status = await this.vault.ensureStatus();
    const remember: RememberStatus = status.available
      ? { available: true }
      : { available: false, reason: status.reason };
    return this.notice ? { step: this.step, notice: this.notice, remember } : { step: this.step, remember };
  }

  /**
   * At launch: if the keychain holds the session of exactly one user of this
   * server (the app was closed while signed in), rotate it once, which proves
   * it is still valid, and continue signed in. A session the server refuses
   * is deleted; when the server cannot be reached the entry is kept and the
   * app starts at Log In.
   */
  resume(): Promise<void> {
    this.ready = this.resumeNow().catch(() => undefined);
    return this.ready;
  }

  private async resumeNow(): Promise<void> {
    if (this.step.kind !== 'password' || this.flowId) return;
    const status = await this.vault.ensureStatus();
    if (!status.available) return;
    const prefix = vaultAccount('session', this.api.origin, '');
    const accounts = (await this.vault.accounts()).filter((a) => a.startsWith(prefix));
    const account = accounts.length === 1 ? accounts[0] : undefined;
    if (!account) return;
    const username = account.slice(prefix.length);
    const parsed = sessionTokensSchema.safeParse(safeJson(await this.vault.get(account)));
    try {
      if (!parsed.success) throw new ApiError('SESSION_INVALID', 'The kept session is damaged.', 401);
      const rotated = await this.api.refresh(parsed.data.refreshToken);
      const me = await this.api.me(rotated.accessToken);
      if (me.username !== username) throw new ApiError('SESSION_INVALID', 'The kept session is not this user’s.', 401);
      this.username = username;
      this.step = { kind: 'signed-in', username };
      await this.keepSession(rotated);
    } catch (error) {
      if (error instanceof ApiError && error.status !== undefined && error.status < 500) {
        await this.vault.delete(account).catch(() => undefined);
      }
      throw error;
    }
  }

  /** The signed-in user's name, for main-process services (never a secret). */
  currentUsername(): string | undefined {
    return this.step.kind === 'signed-in' ? this.username : undefined;
  }

  /** The signed-in session's access token, for main-process API calls (never sent to the renderer). */
  currentAccessToken(): string | undefined {
    return this.step.kind === 'signed-in' ? this.session?.accessToken : undefined;
  }

  /**
   * Runs an authenticated call; if the access token has expired, rotates the
   * session once with the refresh token and tries again.
   */
  async withSession<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const session = this.step.kind === 'signed-in' ? this.session : undefined;
    if (!session) throw new ApiError('NOT_SIGNED_IN', 'Please log in first.');
    try {
      return await call(session.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const rotated = await this.rotate(session);
      return call(rotated.accessToken);
    }
  }

  /**
   * One refresh at a time: calls that failed with the same expired token share
   * it, and a call that finds the session already rotated just uses the new
   * one. Refreshing twice with one token would look like theft to the server
   * (reuse revokes the whole session family).
   */
  private rotate(used: SessionTokens): Promise<SessionTokens> {
    if (this.session && this.session !== used && !this.rotating) return Promise.resolve(this.session);
    this.rotating ??= (async () => {
      try {
        const rotated = await this.api.refresh(used.refreshToken);
        await this.keepSession(rotated);
        return rotated;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          await this.signOutLocally('Your session has ended. Please log in again.');
        }
        throw error;
      }
    })().finally(() => {
      this.rotating = undefined;
    });
    return this.rotating;
  }

  /**
   * Guide step A. A remembered computer answers the server's challenge
   * instead of a passcode; if the server no longer trusts it (revoked,
   * expired, key not accepted), the local key is deleted and sign-in goes on
   * with a passcode, saying why.
   */
  async logIn(username: string, password: string): Promise<AuthView> {
    await this.ready;
    this.reset();
    this.username = username;
    const origin = this.api.origin;
    const keys = this.deviceKeys;
    const deviceId = await keys?.deviceId(origin, username).catch(() => undefined);
    if (keys && deviceId && !this.devicePolicy().allowed) {
      // A key remembered before IT forbade it is neither used nor kept.
      await keys.forget(origin, username).catch(() => undefined);
      await this.apply(await this.api.login({ username, password }));
      this.notice = DEVICE_NOT_ALLOWED_NOTICE;
      return this.view();
    }
    if (!keys || !deviceId) return this.apply(await this.api.login({ username, password }));
    try {
      const first = await this.api.login({ username, password, deviceId });
      if (!first.deviceChallenge) return await this.apply(first);
      const message = deviceProofMessage({ origin, flowId: first.flowId, nonce: first.deviceChallenge.nonce });
      const signature = await keys.sign(origin, username, message);
      if (!signature) throw new ApiError('DEVICE_NOT_FOUND', DEVICE_FORGOTTEN_NOTICE);
      return await this.apply(
        await this.api.verifyDevice({ flowId: first.flowId, deviceId: first.deviceChallenge.deviceId, signature }),
      );
    } catch (error) {
      if (!(error instanceof ApiError) || !DEVICE_GONE_CODES.has(error.code)) throw error;
      await keys.forget(origin, username).catch(() => undefined);
      this.reset();
      this.username = username;
      await this.apply(await this.api.login({ username, password }));
      this.notice = DEVICE_FORGOTTEN_NOTICE;
      return this.view();
    }
  }

  /** Guide B1: Enroll in MFA, then Continue. */
  startEnrollment(): Promise<AuthView> {
    return this.advance((flowId) => this.api.startEnrollment(flowId));
  }

  /** Guide note to B: accounts from before the cut-off may decline MFA. */
  optOut(): Promise<AuthView> {
    return this.advance((flowId) => this.api.optOut(flowId));
  }

  /** Guide B2 "Yes": use the account email. */
  keepEmail(): Promise<AuthView> {
    return this.advance((flowId) => this.api.keepEmail(flowId));
  }

  /** Guide B2 "No, I'd like to change my email" then Send Email Link; also C6 (new email). */
  changeEmail(email: string): Promise<AuthView> {
    return this.advance((flowId) => this.api.changeEmail(flowId, email));
  }

  /** The waiting screen's "Resend link". */
  resendLink(): Promise<AuthView> {
    return this.advance((flowId) => this.api.resendLink(flowId));
  }

  /**
   * Asks the server whether the emailed link was confirmed; only while the
   * check-email step is shown (the renderer polls, and so does the
   * clicknship:// protocol handler). Concurrent polls share one request.
   */
  poll(): Promise<AuthView> {
    if (this.step.kind !== 'check-email' || !this.flowId) return this.view();
    const flowId = this.flowId;
    this.polling ??= this.advance(() => this.api.flow(flowId)).finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Guide B5: SMS or Email. */
  chooseMethod(method: 'sms' | 'email'): Promise<AuthView> {
    return this.advance((flowId) => this.api.chooseMethod(flowId, method));
  }

  /** Guide B6 and C4: the phone number for passcodes. */
  submitPhone(phone: string): Promise<AuthView> {
    return this.advance((flowId) => this.api.submitPhone(flowId, phone));
  }

  /** Guide B7, B8, C2, C5: the passcode, and whether to remember this computer. */
  async submitPasscode(code: string, rememberDevice = false): Promise<AuthView> {
    let pending: PendingDeviceKey | undefined;
    const policy = this.devicePolicy();
    if (
      rememberDevice &&
      policy.allowed &&
      this.deviceKeys &&
      this.step.kind === 'enter-otp' &&
      this.step.canRememberDevice
    ) {
      const status = await this.vault.ensureStatus();
      if (status.available) pending = this.deviceKeys.create();
    }
    const flowId = this.requireFlow();
    const response = await this.call(() =>
      this.api.verifyOtp(
        pending
          ? {
              flowId,
              code,
              rememberDevice: {
                publicKey: pending.publicKey,
                name: pending.name,
                ...(policy.maxDays === undefined ? {} : { maxDays: policy.maxDays }),
              },
            }
          : { flowId, code },
      ),
    );
    if (pending && response.deviceId && this.username && this.deviceKeys) {
      await this.deviceKeys.save(this.api.origin, this.username, response.deviceId, pending);
    }
    return this.apply(response);
  }

  /** "Resend": a new passcode replaces the old one (cooldown enforced by the server). */
  resendPasscode(): Promise<AuthView> {
    return this.advance((flowId) => this.api.resendOtp(flowId));
  }

  /** Send the passcode to the other verified method instead. */
  switchMethod(): Promise<AuthView> {
    return this.advance((flowId) => this.api.switchOtp(flowId));
  }

  /** Guide C1/C3: Continue to Modify MFA options. */
  modifyContinue(): Promise<AuthView> {
    return this.advance((flowId) => this.api.modifyContinue(flowId));
  }

  /** Guide C3 note: Cancel logs you in. */
  modifyCancel(): Promise<AuthView> {
    return this.advance((flowId) => this.api.modifyCancel(flowId));
  }

  /** Guide C3: which factor to add or modify. */
  modifyChoose(factor: 'phone' | 'email'): Promise<AuthView> {
    return this.advance((flowId) => this.api.modifyChoose(flowId, factor));
  }

  /** Guide C9: I Agree. */
  acceptTerms(): Promise<AuthView> {
    const version = this.step.kind === 'terms' ? this.step.version : '';
    return this.advance((flowId) => this.api.acceptTerms(flowId, version));
  }

  /** Declining the terms ends the sign-in. */
  async declineTerms(): Promise<AuthView> {
    const view = await this.advance((flowId) => this.api.declineTerms(flowId));
    if (view.step.kind === 'password') {
      this.reset();
      this.notice = 'You declined the Terms and Conditions, so you were not signed in.';
    }
    return this.view();
  }

  /** Ends the session on the server (best effort), forgets it here and in the keychain. */
  async signOut(): Promise<AuthView> {
    const token = this.currentAccessToken();
    if (token) await this.api.logout(token).catch(() => undefined);
    await this.signOutLocally(undefined);
    return this.view();
  }

  /** Leaves the flow and goes back to Log In (a "Back to Log In" link on any step). */
  async restart(): Promise<AuthView> {
    if (this.step.kind === 'signed-in') return this.signOut();
    this.reset();
    return this.view();
  }

  private async signOutLocally(notice: string | undefined): Promise<void> {
    if (this.username) {
      const status = await this.vault.ensureStatus();
      if (status.available)
        await this.vault.delete(vaultAccount('session', this.api.origin, this.username)).catch(() => undefined);
    }
    this.reset();
    this.notice = notice;
  }

  private async advance(fn: (flowId: string) => Promise<AuthResponse>): Promise<AuthView> {
    const flowId = this.requireFlow();
    return this.apply(await this.call(() => fn(flowId)));
  }

  private async apply(response: AuthResponse): Promise<AuthView> {
    this.flowId = response.flowId;
    this.step = response.step;
    this.notice = undefined;
    if (response.step.kind === 'password') this.reset();
    if (response.session && this.username) await this.keepSession(response.session);
    return this.view();
  }

  private async keepSession(session: SessionTokens): Promise<void> {
    if (!this.username) return;
    this.session = session;
    this.scheduleRefresh(session);
    const status = await this.vault.ensureStatus();
    if (status.available) {
      await this.vault.set(vaultAccount('session', this.api.origin, this.username), JSON.stringify(session));
    } else {
      this.notice = `You are signed in for this session only. ${status.reason}`;
    }
  }

  /**
   * Rotates the session shortly before the access token expires, so services
   * that only read {@link currentAccessToken} (shipping) keep working while
   * the app stays open. Never sooner than {@link MIN_REFRESH_DELAY_MS}.
   */
  private scheduleRefresh(session: SessionTokens): void {
    clearTimeout(this.refreshTimer);
    const remaining = Date.parse(session.accessExpiresAt) - Date.now();
    if (!Number.isFinite(remaining)) return;
    const delay = Math.max(MIN_REFRESH_DELAY_MS, remaining - Math.min(60_000, remaining * 0.2));
    this.refreshTimer = setTimeout(() => {
      if (this.session === session && this.step.kind === 'signed-in') this.rotate(session).catch(() => undefined);
    }, delay);
    this.refreshTimer.unref?.();
  }

  /** Runs a call within the flow; if the server says the flow is over, start again cleanly. */
  private async call(fn: () => Promise<AuthResponse>): Promise<AuthResponse> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ApiError && FLOW_ENDING_CODES.has(error.code)) {
        this.reset();
        this.notice = error.message;
      }
      throw error;
    }
  }

  private requireFlow(): string {
    if (!this.flowId) throw new ApiError('NO_SIGN_IN', 'Please log in first.');
    return this.flowId;
  }

  private reset(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.flowId = undefined;
    this.step = PASSWORD_STEP;
    this.username = undefined;
    this.session = undefined;
    this.notice = undefined;
  }
}

function safeJson(text: string | null): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
