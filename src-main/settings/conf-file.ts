import Conf from 'conf';
import type { KeyValueFileFactory } from './settings-service';

/**
 * Settings file through `conf`, for plain Node (tests, the Chromium bridge):
 * electron-store is conf plus Electron's paths, and imports `electron`.
 */
export const confFileFactory: KeyValueFileFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({ cwd, configName: name, clearInvalidConfig: false });
