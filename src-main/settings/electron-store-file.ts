import ElectronStore from 'electron-store';
import type { KeyValueFileFactory } from './settings-service';

/** Settings file through electron-store, in the Electron main process. */
export const electronStoreFileFactory: KeyValueFileFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({ cwd, name, clearInvalidConfig: false });
