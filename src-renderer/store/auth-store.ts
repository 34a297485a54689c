import { create } from 'zustand';
import type { AuthView } from '../../src-shared/ipc-contract';
import type { Result } from '../../src-shared/result';
import type { Step } from '../../src-shared/steps';
import { bridge } from '../bridge';

/** What the sign-in screens draw: the step from the main process plus form-level status. */
export interface AuthState {
  step: Step | undefined;
  notice: string | undefined;
  error: string | undefined;
  busy: boolean;
  load(): Promise<void>;
  logIn(username: string, password: string): Promise<void>;
  submitPasscode(code: string): Promise<void>;
  signOut(): Promise<void>;
  clearError(): void;
}

/**
 * Sign-in state. It holds no flow logic: every action sends the user's answer
 * to the main process and draws whatever step comes back.
 */
export const useAuthStore = create<AuthState>((set) => {
  async function run(call: () => Promise<Result<AuthView>>): Promise<void> {
    set({ busy: true, error: undefined });
    try {
      const result = await call();
      if (result.ok) set({ step: result.value.step, notice: result.value.notice, busy: false });
      else set({ error: result.error.message, busy: false });
    } catch {
      set({ error: 'The app could not complete that action. Please try again.', busy: false });
    }
  }
  return {
    step: undefined,
    notice: undefined,
    error: undefined,
    busy: false,
    load: () => run(() => bridge().getAuthStep()),
    logIn: (username, password) => run(() => bridge().logIn({ username, password })),
    submitPasscode: (code) => run(() => bridge().submitPasscode({ code })),
    signOut: () => run(() => bridge().signOut()),
    clearError: () => set({ error: undefined }),
  };
});
