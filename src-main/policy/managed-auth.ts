import type { AuthView } from '../../src-shared/ipc-contract';
import type { Result } from '../../src-shared/result';
import type { AppSettings } from '../settings/app-settings';

/** What the user reads when IT has turned "Remember this computer" off. */
export const REMEMBER_NOT_ALLOWED = 'Your organization does not allow remembering computers.';

function isAuthView(value: unknown): value is AuthView {
  return typeof value === 'object' && value !== null && 'step' in value && 'remember' in value;
}

/**
 * Applies IT policy and the user's settings to the sign-in channels without
 * touching the flow itself: when policy forbids remembering computers, every
 * answer says so (the passcode screen disables the box and shows why) and a
 * request to remember is dropped before it reaches the flow; when the user
 * opted in, the user name of a completed sign-in is kept for next time.
 */
export function withManagedSettings<T extends Record<string, (input: unknown) => Promise<Result<unknown>>>>(
  appSettings: AppSettings | undefined,
  table: T,
): T {
  if (!appSettings) return table;
  const wrapped: Record<string, (input: unknown) => Promise<Result<unknown>>> = { ...table };
  for (const [channel, handler] of Object.entries(table)) {
    if (!channel.startsWith('auth:')) continue;
    wrapped[channel] = async (input) => {
      const allowed = appSettings.rememberDevicePolicy().allowed;
      let request = input;
      if (!allowed && channel === 'auth:submit-passcode' && typeof input === 'object' && input !== null) {
        request = { ...input, rememberDevice: false };
      }
      const result = await handler(request);
      if (!result.ok || !isAuthView(result.value)) return result;
      const view = result.value;
      if (view.step.kind === 'signed-in') appSettings.rememberSignedInUser(view.step.username);
      if (allowed) return result;
      return { ok: true, value: { ...view, remember: { available: false, reason: REMEMBER_NOT_ALLOWED } } };
    };
  }
  return wrapped as T;
}
