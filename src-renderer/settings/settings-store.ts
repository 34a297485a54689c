import { create } from 'zustand';
import type { SettingsView, UpdateStatus } from '../../src-shared/ipc-contract';
import { bridge } from '../bridge';
import { takeLaunchAnswer } from '../launch-questions';

/** State of the Settings dialog: open or not, what main says, and form-level status. */
export interface SettingsState {
  open: boolean;
  view: SettingsView | undefined;
  updates: UpdateStatus | undefined;
  busy: boolean;
  error: string | undefined;
  saved: string | undefined;
  show(): void;
  hide(): void;
  load(): Promise<void>;
  save(change: { serverUrl?: string; rememberUsername?: boolean }): Promise<void>;
  refreshUpdates(): Promise<void>;
  checkForUpdates(): Promise<void>;
  restartToUpdate(): Promise<void>;
}

/**
 * The Settings dialog's store. Like the sign-in store it keeps no rules of its
 * own: main answers with the settings as policy allows them, and refuses a
 * change to a managed value.
 */
export const useSettingsStore = create<SettingsState>((set) => {
  async function updatesCall(call: () => ReturnType<ReturnType<typeof bridge>['getUpdateStatus']>): Promise<void> {
    try {
      const result = await call();
      if (result.ok) set({ updates: result.value });
    } catch {
      set({ updates: { state: 'error', message: 'The update status could not be read.' } });
    }
  }
  return {
    open: false,
    view: undefined,
    updates: undefined,
    busy: false,
    error: undefined,
    saved: undefined,
    show: () => set({ open: true, error: undefined, saved: undefined }),
    hide: () => set({ open: false }),
    async load() {
      set({ busy: true, error: undefined });
      try {
        // The first load takes the answers to the questions sent at launch (launch-questions.ts).
        const [view, updates] = await Promise.all([
          takeLaunchAnswer('settings') ?? bridge().getSettings(),
          takeLaunchAnswer('updates') ?? bridge().getUpdateStatus(),
        ]);
        set({
          view: view.ok ? view.value : undefined,
          updates: updates.ok ? updates.value : undefined,
          error: view.ok ? undefined : view.error.message,
          busy: false,
        });
      } catch {
        set({ error: 'The settings could not be read. Please try again.', busy: false });
      }
    },
    async save(change) {
      set({ busy: true, error: undefined, saved: undefined });
      try {
        const result = await bridge().updateSettings(change);
        if (result.ok) {
          set({
            view: result.value,
            busy: false,
            saved: result.value.serverUrl.restartNeeded
              ? 'Saved. Restart Click-N-Ship to connect to the new server.'
              : 'Your settings were saved.',
          });
        } else {
          set({ error: result.error.message, busy: false });
        }
      } catch {
        set({ error: 'The settings could not be saved. Please try again.', busy: false });
      }
    },
    refreshUpdates: () => updatesCall(() => bridge().getUpdateStatus()),
    checkForUpdates: () => updatesCall(() => bridge().checkForUpdates()),
    restartToUpdate: () => updatesCall(() => bridge().restartToUpdate()),
  };
});
