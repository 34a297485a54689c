import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { settingsFileSchema, type Settings, type WindowBounds } from './settings-schema';

/**
 * The part of `conf` / `electron-store` the service uses. electron-store is a
 * subclass of conf, so the same service runs in Electron and in plain Node.
 */
export interface KeyValueFile {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Opens the JSON file `<cwd>/<name>.json`; throws (SyntaxError) when it is not valid JSON. */
export type KeyValueFileFactory = (location: { cwd: string; name: string }) => KeyValueFile;

/** Settings held in memory when no file can be used. */
class MemoryFile implements KeyValueFile {
  constructor(
    readonly path: string,
    public store: Record<string, unknown>,
  ) {}
}

/** Raised when a change breaks a settings rule; the message says which one. */
export class SettingsValidationError extends Error {
  override name = 'SettingsValidationError';
}

/** Options of {@link SettingsService.open}. */
export interface OpenSettingsOptions {
  /** Folder of the file (the app's userData folder in Electron). */
  dir: string;
  /** File name without `.json`. */
  name?: string;
  /** Where to report a reset (never receives secrets: the file holds none). */
  log?: (message: string) => void;
  /** Clock for the backup's name; injected by tests. */
  now?: () => Date;
}

/**
 * The user's settings: server URL, opt-in remembered user name, window
 * bounds, last screen size. Reads are validated with the schema; a file that
 * is not JSON or breaks the schema is renamed to a backup and replaced by the
 * defaults, and `notice` tells the user so.
 */
export class SettingsService {
  private constructor(
    private readonly file: KeyValueFile,
    private current: Settings,
    /** A message for the user after a reset, or undefined. */
    readonly notice: string | undefined,
  ) {}

  /** Opens (or creates) the settings file, recovering from a damaged one. */
  static open(factory: KeyValueFileFactory, options: OpenSettingsOptions): SettingsService {
    try {
      return SettingsService.openOrReset(factory, options);
    } catch (error) {
      // Not a damaged file but an unusable place (no permission, a file where the folder should be…):
      // the app still starts, with settings that last for this session.
      const path = join(options.dir, `${options.name ?? 'settings'}.json`);
      options.log?.(
        `Settings file ${path} cannot be used (${error instanceof Error ? error.message : String(error)}); settings are kept in memory for this session.`,
      );
      const defaults = settingsFileSchema.parse({});
      return new SettingsService(
        new MemoryFile(path, { ...defaults }),
        defaults,
        'Your settings cannot be saved on this computer, so changes last only until the app closes.',
      );
    }
  }

  private static openOrReset(factory: KeyValueFileFactory, options: OpenSettingsOptions): SettingsService {
    const name = options.name ?? 'settings';
    const path = join(options.dir, `${name}.json`);
    let file: KeyValueFile | undefined;
    let problem: string | undefined;
    try {
      file = factory({ cwd: options.dir, name });
      const parsed = settingsFileSchema.safeParse(file.store);
      if (parsed.success) return new SettingsService(file, parsed.data, undefined);
      const issue = parsed.error.issues[0];
      problem = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      problem = 'not valid JSON';
    }
    const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
    const backupName = `${name}.corrupt-${stamp}.json`;
    if (existsSync(path)) renameSync(path, join(options.dir, backupName));
    options.log?.(`Settings file ${path} was damaged (${problem}); it was moved to ${backupName} and reset.`);
    const fresh = factory({ cwd: options.dir, name });
    const defaults = settingsFileSchema.parse({});
    fresh.store = { ...defaults };
    return new SettingsService(
      fresh,
      defaults,
      `Your settings could not be read, so they were reset to the defaults. The damaged file was kept as ${backupName}.`,
    );
  }

  /** Full path of the settings file (for the IT guide and support). */
  get path(): string {
    return this.file.path;
  }

  /** The current settings (a copy). */
  get(): Settings {
    return structuredClone(this.current);
  }

  /**
   * Applies a change; `undefined` clears a field. The result is validated as a
   * whole and written atomically, or nothing changes.
   */
  update(patch: Partial<{ [K in keyof Settings]: Settings[K] | undefined }>): Settings {
    const merged: Record<string, unknown> = { ...this.current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    if (merged.rememberUsername === false) delete merged.rememberedUsername;
    const parsed = settingsFileSchema.safeParse(merged);
    if (!parsed.success) {
      throw new SettingsValidationError(parsed.error.issues[0]?.message ?? 'That setting is not valid.');
    }
    this.file.store = { ...parsed.data };
    this.current = parsed.data;
    return this.get();
  }

  /** Keeps the user name for the next sign-in, only if the user opted in. */
  rememberUsername(username: string): void {
    if (this.current.rememberUsername) this.update({ rememberedUsername: username });
  }

  /** Saves where the window is, and on which size of screen. */
  saveWindow(bounds: WindowBounds, screenSize: { width: number; height: number }): void {
    try {
      this.update({ windowBounds: bounds, lastScreenSize: screenSize });
    } catch {
      // An odd size (e.g. a minimised window) is not worth an error on quit.
    }
  }
}
