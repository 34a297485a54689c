import { create } from 'zustand';

/** The pages reachable from the Log In screen's links (no server step is involved). */
export type LoginView = 'login' | 'create-account' | 'forgot-username' | 'forgot-password' | 'reset-password';

/** Which of the Log In screen's pages is open; the password step draws it. */
export const useLoginView = create<{
  view: LoginView;
  message: string | undefined;
  go(view: LoginView, message?: string): void;
}>((set) => ({
  view: 'login',
  message: undefined,
  go: (view, message) => set({ view, message }),
}));
