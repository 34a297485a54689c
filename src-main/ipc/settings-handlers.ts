import { fail, ok } from '../../src-shared/result';
import { settingsRequestSchemas, type SettingsResponses } from '../../src-shared/ipc/settings-contract';
import { type AppSettings, SettingsRefusedError } from '../settings/app-settings';
import { SettingsValidationError } from '../settings/settings-service';
import { defineHandler, type IpcHandler } from './define-handler';

/** Answers for channels whose service this process did not set up. */
export function unavailableHandlers<C extends string>(channels: C[]): Record<C, IpcHandler<never>> {
  const handler: IpcHandler<never> = () =>
    Promise.resolve(fail('SETTINGS_UNAVAILABLE', 'Settings are not available in this window.'));
  return Object.fromEntries(channels.map((channel) => [channel, handler])) as Record<C, IpcHandler<never>>;
}

/** Handlers of the settings channels. */
export type SettingsHandlers = { [C in keyof SettingsResponses]: IpcHandler<SettingsResponses[C]> };

/** Settings handlers: read the view; change what the user may change, refusing managed values with a code. */
export function createSettingsHandlers(appSettings: AppSettings | undefined): SettingsHandlers {
  if (!appSettings) return unavailableHandlers(['settings:get', 'settings:update']);
  return {
    'settings:get': defineHandler(settingsRequestSchemas['settings:get'], () => Promise.resolve(appSettings.view())),
    'settings:update': (input) => {
      const parsed = settingsRequestSchemas['settings:update'].safeParse(input);
      if (!parsed.success) {
        return Promise.resolve(fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'That setting is not valid.'));
      }
      try {
        return Promise.resolve(ok(appSettings.update(parsed.data)));
      } catch (error) {
        if (error instanceof SettingsRefusedError) return Promise.resolve(fail(error.code, error.message));
        if (error instanceof SettingsValidationError) return Promise.resolve(fail('INVALID_INPUT', error.message));
        return Promise.resolve(fail('INTERNAL', 'The settings could not be saved. Please try again.'));
      }
    },
  };
}
