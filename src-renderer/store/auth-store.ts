import { create } from 'zustand';
import type { AuthView, RememberStatus } from '../../src-shared/ipc-contract';
import type { AppError, Result } from '../../src-shared/result';
import type { Step } from '../../src-shared/steps';
import { bridge } from '../bridge';

/** What the sign-in screens draw: the step from the main process plus form-level status. */
export interface AuthState {
  step: Step | undefined;
  notice: string | undefined;
  error: string | undefined;
  /** The last failure's code and wait, so a screen can show a cooldown. */
  lastError: AppError | undefined;
  remember: RememberStatus | undefined;
  busy: boolean;
  load(): Promise<void>;
  poll(): Promise<void>;
  logIn(username: string, password: string): Promise<void>;
  startEnrollment(): Promise<void>;
  optOut(): Promise<void>;
  keepEmail(): Promise<void>;
  changeEmail(email: string): Promise<void>;
  resendLink(): Promise<void>;
  chooseMethod(method: 'sms' | 'email'): Promise<void>;
  submitPhone(phone: string): Promise<void>;
  submitPasscode(code: string, rememberDevice: boolean): Promise<void>;
  resendPasscode(): Promise<void>;
  switchMethod(): Promise<void>;
  modifyContinue(): Promise<void>;
  modifyCancel(): Promise<void>;
  modifyChoose(factor: 'phone' | 'email'): Promise<void>;
  acceptTerms(): Promise<void>;
  declineTerms(): Promise<void>;
  restart(): Promise<void>;
  signOut(): Promise<void>;
  clearError(): void;
  /** Shows a message of the renderer's own (a form check before anything is sent). */
  showError(message: string): void;
}

/**
 * Sign-in state. It holds no flow logic: every action sends the user's answer
 * to the main process and draws whatever step comes back. After a failure it
 * asks for the current step again, since the main process may have ended the flow.
 */
export const useAuthStore = create<AuthState>((set, get) => {
  function show(view: AuthView): void {
    set({ step: view.step, notice: view.notice, remember: view.remember });
  }
  async function run(call: () => Promise<Result<AuthView>>, options: { quiet?: boolean } = {}): Promise<void> {
    if (!options.quiet) set({ busy: true, error: undefined, lastError: undefined });
    try {
      const result = await call();
      if (result.ok) {
        show(result.value);
        set({ busy: false });
        return;
      }
      const current = await bridge().getAuthStep();
      // A quiet poll stays quiet unless the flow ended under it (then say why, on the new screen).
      if (options.quiet && (!current.ok || current.value.step.kind === get().step?.kind)) return;
      set({ error: result.error.message, lastError: result.error, busy: false });
      if (current.ok) set({ step: current.value.step, remember: current.value.remember });
    } catch {
      if (!options.quiet) set({ error: 'The app could not complete that action. Please try again.', busy: false });
    }
  }
  return {
    step: undefined,
    notice: undefined,
    error: undefined,
    lastError: undefined,
    remember: undefined,
    busy: false,
    load: () => run(() => bridge().getAuthStep()),
    poll: () => run(() => bridge().pollAuth(), { quiet: true }),
    logIn: (username, password) => run(() => bridge().logIn({ username, password })),
    startEnrollment: () => run(() => bridge().startEnrollment()),
    optOut: () => run(() => bridge().optOut()),
    keepEmail: () => run(() => bridge().keepEmail()),
    changeEmail: (email) => run(() => bridge().changeEmail({ email })),
    resendLink: () => run(() => bridge().resendLink()),
    chooseMethod: (method) => run(() => bridge().chooseMethod({ method })),
    submitPhone: (phone) => run(() => bridge().submitPhone({ phone })),
    submitPasscode: (code, rememberDevice) => run(() => bridge().submitPasscode({ code, rememberDevice })),
    resendPasscode: () => run(() => bridge().resendPasscode()),
    switchMethod: () => run(() => bridge().switchMethod()),
    modifyContinue: () => run(() => bridge().modifyContinue()),
    modifyCancel: () => run(() => bridge().modifyCancel()),
    modifyChoose: (factor) => run(() => bridge().modifyChoose({ factor })),
    acceptTerms: () => run(() => bridge().acceptTerms()),
    declineTerms: () => run(() => bridge().declineTerms()),
    restart: () => run(() => bridge().restartSignIn()),
    signOut: () => run(() => bridge().signOut()),
    clearError: () => set({ error: undefined, lastError: undefined }),
    showError: (message) => set({ error: message, lastError: undefined }),
  };
});
