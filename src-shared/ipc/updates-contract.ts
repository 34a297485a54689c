import { z } from 'zod';

/**
 * What the settings screen shows about updates. The app downloads a found
 * update by itself and shows progress; only the restart is the user's choice.
 */
export type UpdateStatus =
  | { state: 'disabled'; reason: string; managed: boolean }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; checkedAt: string }
  | { state: 'downloading'; version: string; percent: number; transferredBytes: number; totalBytes: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

/** Request schemas of the update channels. */
export const updatesRequestSchemas = {
  'updates:get-status': z.undefined(),
  'updates:check': z.undefined(),
  'updates:restart': z.undefined(),
};

/** Answer types of the update channels. */
export interface UpdatesResponses {
  'updates:get-status': UpdateStatus;
  'updates:check': UpdateStatus;
  'updates:restart': UpdateStatus;
}
