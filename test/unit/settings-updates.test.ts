import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UpdateController, type UpdaterEvents, type UpdaterPort } from '../../src-main/updates/update-controller';

/**
 * A stand-in for electron-updater's autoUpdater (which needs Electron): it
 * records what the controller asks and lets the test emit the updater's events.
 */
class FakeUpdater extends EventEmitter implements UpdaterPort {
  feed: string | undefined;
  options: { autoDownload: boolean; autoInstallOnAppQuit: boolean } | undefined;
  checks = 0;
  installs = 0;
  failNextCheck: Error | undefined;
  useGenericFeed(url: string): void {
    this.feed = url;
  }
  configure(options: { autoDownload: boolean; autoInstallOnAppQuit: boolean }): void {
    this.options = options;
  }
  override on<E extends keyof UpdaterEvents>(event: E, listener: UpdaterEvents[E]): this {
    return super.on(event, listener);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    if (this.failNextCheck) return Promise.reject(this.failNextCheck);
    this.emit('checking-for-update');
    return Promise.resolve(null);
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
}

const feed = { updateUrl: 'https://updates.example.com/cns' };

describe('updates', () => {
  it('IT can turn updates off: nothing is configured or checked, the status says managed', async () => {
    const updater = new FakeUpdater();
    const controller = new UpdateController(updater, { policy: { ...feed, updatesDisabled: true }, packaged: true });
    expect(await controller.check()).toEqual({
      state: 'disabled',
      managed: true,
      reason: 'Updates are turned off by your organization.',
    });
    expect(updater.feed).toBeUndefined();
    expect(updater.checks).toBe(0);
  });

  it('without an update URL from policy, or in a development build, updates stay off', async () => {
    const none = new UpdateController(new FakeUpdater(), { policy: {}, packaged: true });
    expect((await none.check()).state).toBe('disabled');
    const dev = new UpdateController(new FakeUpdater(), { policy: feed, packaged: false });
    expect(dev.getStatus()).toMatchObject({ state: 'disabled', reason: 'Only the installed app can update itself.' });
  });

  it('uses the generic feed from policy, shows download progress, restarts only when the user asks', async () => {
    const updater = new FakeUpdater();
    const controller = new UpdateController(updater, { policy: feed, packaged: true });
    expect(updater.feed).toBe('https://updates.example.com/cns');
    expect(updater.options).toEqual({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(controller.getStatus()).toEqual({ state: 'idle' });
    expect(controller.restart()).toEqual({ state: 'idle' });
    expect(updater.installs).toBe(0);

    expect(await controller.check()).toEqual({ state: 'checking' });
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('download-progress', { percent: 41.6, transferred: 416, total: 1000 });
    expect(controller.getStatus()).toEqual({
      state: 'downloading',
      version: '0.2.0',
      percent: 42,
      transferredBytes: 416,
      totalBytes: 1000,
    });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.getStatus()).toEqual({ state: 'ready', version: '0.2.0' });
    updater.emit('error', new Error('background check failed'));
    expect(controller.getStatus().state).toBe('ready');
    controller.restart();
    expect(updater.installs).toBe(1);
  });

  it('a failing check becomes a readable status and the app keeps running', async () => {
    const updater = new FakeUpdater();
    const logs: string[] = [];
    const controller = new UpdateController(updater, { policy: feed, packaged: true, log: (m) => logs.push(m) });
    updater.failNextCheck = new Error('getaddrinfo ENOTFOUND updates.example.com');
    expect(await controller.check()).toEqual({
      state: 'error',
      message: 'The app could not reach the update server. It will try again later.',
    });
    expect(logs[0]).toContain('ENOTFOUND');
    updater.failNextCheck = undefined;
    await controller.check();
    updater.emit('update-not-available', { version: '0.1.0' });
    expect(controller.getStatus().state).toBe('up-to-date');
  });
});
