import type { AuthResponse, SessionTokens } from '../../src-shared/api-schemas';
import type { AuthView } from '../../src-shared/ipc-contract';
import type { Step } from '../../src-shared/steps';
import { ApiError } from '../api/api-error';
import type { ApiClient } from '../api/api-client';
import { vaultAccount, type SecretVault } from '../vault/secret-vault';

/** Server codes after which the flow is gone and sign-in starts again at the password. */
const FLOW_ENDING_CODES = new Set(['FLOW_NOT_FOUND', 'FLOW_EXPIRED', 'FLOW_COMPLETED', 'OTP_USED']);

const PASSWORD_STEP: Step = { kind: 'password' };

/**
 * Drives sign-in from the main process: sends the user's answers to the
 * server, keeps the flow id and tokens (never shown to the renderer), stores
 * the session in the keychain, and answers with the step to draw next. State
 * lives here, so a renderer reload finds the same step.
 */
export class AuthFlow {
  private flowId: string | undefined;
  private step: Step = PASSWORD_STEP;
  private username: string | undefined;
  private session: SessionTokens | undefined;
  private notice: string | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly vault: SecretVault,
  ) {}

  /** The step to draw now (after a reload too). */
  view(): AuthView {
    return this.notice ? { step: this.step, notice: this.notice } : { step: this.step };
  }

  /** The signed-in session's access token, for main-process API calls (never sent to the renderer). */
  currentAccessToken(): string | undefined {
    return this.step.kind === 'signed-in' ? this.session?.accessToken : undefined;
  }

  /** Guide step A. */
  async logIn(username: string, password: string): Promise<AuthView> {
    this.reset();
    this.username = username;
    return this.apply(await this.api.login({ username, password }));
  }

  /** Guide steps B7, B8, C2. */
  async submitPasscode(code: string): Promise<AuthView> {
    return this.apply(await this.call(() => this.api.verifyOtp({ flowId: this.requireFlow(), code })));
  }

  /** Forgets the session here and in the keychain; back to the Log In screen. */
  async signOut(): Promise<AuthView> {
    if (this.username) {
      const status = await this.vault.ensureStatus();
      if (status.available) await this.vault.delete(vaultAccount('session', this.api.origin, this.username));
    }
    this.reset();
    return this.view();
  }

  private async apply(response: AuthResponse): Promise<AuthView> {
    this.flowId = response.flowId;
    this.step = response.step;
    this.notice = undefined;
    if (response.session && this.username) {
      this.session = response.session;
      const status = await this.vault.ensureStatus();
      if (status.available) {
        await this.vault.set(vaultAccount('session', this.api.origin, this.username), JSON.stringify(response.session));
      } else {
        this.notice = `You are signed in for this session only. ${status.reason}`;
      }
    }
    return this.view();
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
    this.flowId = undefined;
    this.step = PASSWORD_STEP;
    this.username = undefined;
    this.session = undefined;
    this.notice = undefined;
  }
}
