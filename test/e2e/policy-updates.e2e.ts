import { EventEmitter } from 'node:events';
import type { UpdaterEvents, UpdaterPort } from '../../src-main/updates/update-controller';
import { expect, test } from './fixtures';

/**
 * Stands in for electron-updater's autoUpdater, which needs the Electron
 * binary: the test plays the update server's part by emitting the events
 * electron-updater would, and sees what the app asks of it.
 */
class ScriptedUpdater extends EventEmitter implements UpdaterPort {
  feed: string | undefined;
  checks = 0;
  installs = 0;
  useGenericFeed(url: string): void {
    this.feed = url;
  }
  configure(): void {}
  override on<E extends keyof UpdaterEvents>(event: E, listener: UpdaterEvents[E]): this {
    return super.on(event, listener);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    this.emit('checking-for-update');
    this.emit('update-available', { version: '0.2.0' });
    this.emit('download-progress', { percent: 40, transferred: 40_000_000, total: 100_000_000 });
    return Promise.resolve(null);
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
}

const updater = new ScriptedUpdater();

test.use({
  appPolicy: { forServer: (serverUrl) => ({ apiUrl: serverUrl, updateUrl: 'https://updates.example.com/cns' }) },
  appUpdater: { port: updater },
});

test('the user sees the download progress and chooses when to restart', async ({ app }) => {
  const { page } = app;
  expect(updater.feed).toBe('https://updates.example.com/cns');
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByText('Click-N-Ship checks for updates when it starts.')).toBeVisible();

  await dialog.getByRole('button', { name: 'Check for updates' }).click();
  await expect(dialog.getByText('Downloading version 0.2.0: 40%')).toBeVisible();
  await expect(dialog.getByRole('progressbar', { name: 'Update download' })).toHaveAttribute('value', '40');
  await app.screenshot('settings-update-downloading');

  // The download goes on while the dialog is open: the screen follows it.
  updater.emit('download-progress', { percent: 87.4, transferred: 87_400_000, total: 100_000_000 });
  await expect(dialog.getByText('Downloading version 0.2.0: 87%')).toBeVisible();
  updater.emit('update-downloaded', { version: '0.2.0' });
  await expect(dialog.getByText(/Version 0\.2\.0 is ready\. Restart Click-N-Ship to finish updating/)).toBeVisible();
  await app.screenshot('settings-update-ready');
  expect(updater.installs).toBe(0);

  await dialog.getByRole('button', { name: 'Restart now' }).click();
  await expect.poll(() => updater.installs).toBe(1);
});
