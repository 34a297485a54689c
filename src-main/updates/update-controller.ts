import type { Policy } from '../../src-shared/policy';
import type { UpdateStatus } from '../../src-shared/ipc/updates-contract';

/** Download progress as electron-updater reports it. */
export interface UpdateProgress {
  percent: number;
  transferred: number;
  total: number;
}

/** Events the controller listens to (a subset of electron-updater's). */
export interface UpdaterEvents {
  'checking-for-update': () => void;
  'update-available': (info: { version: string }) => void;
  'update-not-available': (info: { version: string }) => void;
  'download-progress': (progress: UpdateProgress) => void;
  'update-downloaded': (info: { version: string }) => void;
  error: (error: Error) => void;
}

/**
 * The part of electron-updater's `autoUpdater` the app uses. The Electron
 * adapter passes the real one; the controller's logic runs in plain Node.
 */
export interface UpdaterPort {
  /** Points the updater at a generic HTTPS feed (latest.yml and friends). */
  useGenericFeed(url: string): void;
  configure(options: { autoDownload: boolean; autoInstallOnAppQuit: boolean }): void;
  on<E extends keyof UpdaterEvents>(event: E, listener: UpdaterEvents[E]): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
}

/** Options of {@link UpdateController}. */
export interface UpdateControllerOptions {
  policy: Policy;
  /** Only an installed (packaged) app can update itself. */
  packaged: boolean;
  log?: (message: string) => void;
  now?: () => Date;
}

/**
 * Decides whether updates run (IT may turn them off or point them at their
 * own feed), drives one check, follows the download, and restarts only when
 * the user asks. Network errors become a status the user can read, never a crash.
 */
export class UpdateController {
  private status: UpdateStatus;
  private readonly enabled: boolean;
  private version = '';

  constructor(
    private readonly updater: UpdaterPort | undefined,
    private readonly options: UpdateControllerOptions,
  ) {
    const { policy, packaged } = options;
    if (policy.updatesDisabled) {
      this.status = { state: 'disabled', managed: true, reason: 'Updates are turned off by your organization.' };
    } else if (!policy.updateUrl) {
      this.status = {
        state: 'disabled',
        managed: false,
        reason: 'No update server is set for this computer. Your IT department can set one (policy key updateUrl).',
      };
    } else if (!packaged || !updater) {
      this.status = { state: 'disabled', managed: false, reason: 'Only the installed app can update itself.' };
    } else {
      this.status = { state: 'idle' };
    }
    this.enabled = this.status.state === 'idle';
    if (this.enabled && updater && policy.updateUrl) this.wire(updater, policy.updateUrl);
  }

  private wire(updater: UpdaterPort, feedUrl: string): void {
    updater.useGenericFeed(feedUrl);
    updater.configure({ autoDownload: true, autoInstallOnAppQuit: true });
    updater.on('checking-for-update', () => this.set({ state: 'checking' }));
    updater.on('update-not-available', () =>
      this.set({ state: 'up-to-date', checkedAt: (this.options.now ?? (() => new Date()))().toISOString() }),
    );
    updater.on('update-available', (info) => {
      this.version = info.version;
      this.set({ state: 'downloading', version: info.version, percent: 0, transferredBytes: 0, totalBytes: 0 });
    });
    updater.on('download-progress', (progress) =>
      this.set({
        state: 'downloading',
        version: this.version,
        percent: Math.max(0, Math.min(100, Math.round(progress.percent))),
        transferredBytes: progress.transferred,
        totalBytes: progress.total,
      }),
    );
    updater.on('update-downloaded', (info) => this.set({ state: 'ready', version: info.version }));
    updater.on('error', (error) => {
      this.options.log?.(`Update failed: ${error.message}`);
      this.set({
        state: 'error',
        message: 'The app could not check for or download an update. It will try again later.',
      });
    });
  }

  private set(status: UpdateStatus): void {
    // A downloaded update stays ready even if a later background check fails.
    if (this.status.state === 'ready' && status.state !== 'ready') return;
    this.status = status;
  }

  /** What the settings screen shows now. */
  getStatus(): UpdateStatus {
    return structuredClone(this.status);
  }

  /** Looks for an update (at start, and when the user asks); never throws. */
  async check(): Promise<UpdateStatus> {
    if (!this.enabled || !this.updater) return this.getStatus();
    if (this.status.state === 'checking' || this.status.state === 'downloading' || this.status.state === 'ready') {
      return this.getStatus();
    }
    this.set({ state: 'checking' });
    try {
      await this.updater.checkForUpdates();
    } catch (error) {
      this.options.log?.(`Update check failed: ${error instanceof Error ? error.message : String(error)}`);
      this.set({ state: 'error', message: 'The app could not reach the update server. It will try again later.' });
    }
    return this.getStatus();
  }

  /** Restarts into the downloaded update; only when one is ready. */
  restart(): UpdateStatus {
    if (this.status.state === 'ready' && this.updater) this.updater.quitAndInstall();
    return this.getStatus();
  }
}
