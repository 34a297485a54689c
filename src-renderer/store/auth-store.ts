import { create } from 'zustand';
import type { AuthView, RememberStatus } from '../../src-shared/ipc-contract';
import type { AppError, Result } from '../../src-shared/result';
import type { Step } from '../../src-shared/steps';
import { bridge } from '../bridge';
import { takeLaunchAnswer } from '../launch-questions';

/** What the sign-in screens draw: the step from the main process plus form-level status. */
export interface AuthState {
  step: Step | undefined;
  notice: string | undefined;
  error: string | undefined;
  /** The last failure's code and wait, so a screen can show a cooldown. */
  lastError: AppError | undefined;
  remember: RememberStatus | undefined;
  busy: boolean;
  /**
   * Set while the server cannot be reached and the last answer is being sent
   * again by itself (with backoff): what the screens show instead of an error.
   */
  reconnecting: Reconnecting | undefined;
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

/** The reconnecting state: which try comes next and when. */
export interface Reconnecting {
  attempt: number;
  /** Epoch ms of the next try. */
  nextAt: number;
}

/** Failures after which nothing reached the server, so sending the same answer again is safe. */
const RECONNECT_CODES = new Set(['SERVER_UNREACHABLE', 'OFFLINE']);
/** Waits between tries: 1 s, 2 s, 4 s, then 8 s; after this many tries the error is shown instead. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];
const MAX_RECONNECT_ATTEMPTS = 20;

/** An answer to send to the main process. */
type Call = () => Promise<Result<AuthView>>;

/**
 * Sign-in state. It holds no flow logic: every action sends the user's answer
 * to the main process and draws whatever step comes back. After a failure it
 * asks for the current step again, since the main process may have ended the flow.
 */
export const useAuthStore = create<AuthState>((set, get) => {
  // One reconnect loop at a time; any new action by the user replaces it.
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  function show(view: AuthView): void {
    set({ step: view.step, notice: view.notice, remember: view.remember });
  }

  function stopReconnecting(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (get().reconnecting) set({ reconnecting: undefined });
  }

  /**
   * The server could not be reached (refused or no network, so nothing was
   * received): say "Reconnecting…" and send the same answer again with
   * backoff until it arrives, the user does something else, or the tries run out.
   */
  function reconnect(call: Call, quiet: boolean, attempt: number, loop: number): boolean {
    if (attempt > MAX_RECONNECT_ATTEMPTS) return false;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt - 1, RECONNECT_DELAYS_MS.length - 1)] ?? 8_000;
    clearTimeout(retryTimer);
    set({ reconnecting: { attempt, nextAt: Date.now() + delay }, error: undefined, lastError: undefined, busy: false });
    retryTimer = setTimeout(() => {
      if (loop === generation) void run(call, { quiet, retry: true, attempt, loop });
    }, delay);
    return true;
  }

  let loading: Promise<void> | undefined;
  async function run(
    call: Call,
    options: {
      /** A background call (the waiting screen's poll): no busy state, and its failures stay quiet. */
      quiet?: boolean;
      /** May be sent again by itself while the server cannot be reached. */
      retry?: boolean;
      attempt?: number;
      /** Set on a scheduled retry: the reconnect loop it belongs to. */
      loop?: number;
    } = {},
  ): Promise<void> {
    const scheduled = options.loop !== undefined;
    if (!options.quiet && !scheduled) {
      // Whatever the user does now replaces a reconnect loop still running.
      generation += 1;
      stopReconnecting();
      set({ busy: true, error: undefined, lastError: undefined });
    }
    const mine = options.loop ?? generation;
    try {
      const result = await call();
      if (result.ok) {
        if (mine === generation) stopReconnecting();
        show(result.value);
        set({ busy: false });
        return;
      }
      if (options.retry && RECONNECT_CODES.has(result.error.code)) {
        if (mine !== generation) return;
        // A poll while a reconnect loop already runs leaves the trying to the loop.
        if (!scheduled && options.quiet && get().reconnecting) return;
        if (reconnect(call, options.quiet === true, (options.attempt ?? 0) + 1, mine)) return;
        stopReconnecting();
        set({ error: result.error.message, lastError: result.error, busy: false });
        return;
      }
      if (mine === generation) stopReconnecting();
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
    reconnecting: undefined,
    // One question at a time: the app asks before React first draws (main.tsx) and again when it mounts.
    // The first load takes the answer to the question sent at launch (launch-questions.ts).
    load: () =>
      (loading ??= run(() => takeLaunchAnswer('step') ?? bridge().getAuthStep()).finally(() => (loading = undefined))),
    // The waiting screen polls on its own timer; while the server is away, say so and keep trying.
    poll: () => run(() => bridge().pollAuth(), { quiet: true, retry: true }),
    logIn: (username, password) => run(() => bridge().logIn({ username, password })),
    startEnrollment: () => run(() => bridge().startEnrollment()),
    optOut: () => run(() => bridge().optOut()),
    keepEmail: () => run(() => bridge().keepEmail()),
    changeEmail: (email) => run(() => bridge().changeEmail({ email })),
    resendLink: () => run(() => bridge().resendLink()),
    chooseMethod: (method) => run(() => bridge().chooseMethod({ method })),
    submitPhone: (phone) => run(() => bridge().submitPhone({ phone })),
    submitPasscode: (code, rememberDevice) =>
      run(() => bridge().submitPasscode({ code, rememberDevice }), { retry: true }),
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
