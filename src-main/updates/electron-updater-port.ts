import electronUpdater from 'electron-updater';
import type { UpdaterPort } from './update-controller';

/**
 * The thin Electron side of updates: electron-updater's `autoUpdater` seen
 * through {@link UpdaterPort}, always on a generic HTTPS feed.
 */
export function electronUpdaterPort(log: (message: string) => void): UpdaterPort {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = { info: log, warn: log, error: log, debug: () => undefined };
  return {
    useGenericFeed: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
    configure: ({ autoDownload, autoInstallOnAppQuit }) => {
      autoUpdater.autoDownload = autoDownload;
      autoUpdater.autoInstallOnAppQuit = autoInstallOnAppQuit;
    },
    on: (event, listener) => {
      autoUpdater.on(event, listener as never);
    },
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    quitAndInstall: () => autoUpdater.quitAndInstall(false, true),
  };
}
