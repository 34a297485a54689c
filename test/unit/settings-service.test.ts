import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confFileFactory } from '../../src-main/settings/conf-file';
import { resolveApiUrl } from '../../src-main/settings/resolve-api-url';
import { SettingsService, SettingsValidationError } from '../../src-main/settings/settings-service';
import { restorableBounds } from '../../src-main/settings/window-bounds';

/* The real `conf` package on a real temporary folder: what the app writes is what the next start reads. */

let dir: string;
const logs: string[] = [];
const open = () =>
  SettingsService.open(confFileFactory, { dir, log: (m) => logs.push(m), now: () => new Date('2026-01-02T03:04:05Z') });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cns-settings-'));
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsService on disk', () => {
  it('starts with defaults and keeps changes across a restart', () => {
    const first = open();
    expect(first.get()).toEqual({ rememberUsername: false });
    expect(first.notice).toBeUndefined();
    first.update({ serverUrl: 'https://ship.example.com/', rememberUsername: true });
    first.rememberUsername('Pat.Smith');
    first.saveWindow({ x: 10, y: 20, width: 1200, height: 800 }, { width: 1920, height: 1080 });

    const second = open();
    expect(second.path).toBe(join(dir, 'settings.json'));
    expect(second.get()).toEqual({
      serverUrl: 'https://ship.example.com',
      rememberUsername: true,
      rememberedUsername: 'Pat.Smith',
      windowBounds: { x: 10, y: 20, width: 1200, height: 800 },
      lastScreenSize: { width: 1920, height: 1080 },
    });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      rememberedUsername: 'Pat.Smith',
    });
  });

  it('forgets the remembered user name when the user opts out, and remembers none without opt-in', () => {
    const settings = open();
    settings.rememberUsername('pat');
    expect(settings.get().rememberedUsername).toBeUndefined();
    settings.update({ rememberUsername: true });
    settings.rememberUsername('pat');
    settings.update({ rememberUsername: false });
    expect(open().get()).toEqual({ rememberUsername: false });
  });

  it('refuses an invalid change and leaves the file as it was', () => {
    const settings = open();
    settings.update({ serverUrl: 'https://ship.example.com' });
    expect(() => settings.update({ serverUrl: 'http://evil.example.com' })).toThrow(SettingsValidationError);
    expect(() => settings.update({ serverUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(open().get().serverUrl).toBe('https://ship.example.com');
    settings.update({ serverUrl: undefined });
    expect(open().get().serverUrl).toBeUndefined();
  });

  it('backs up a file that is not JSON, resets to defaults and says so', () => {
    writeFileSync(join(dir, 'settings.json'), '{"serverUrl": "https://ship.exa');
    const settings = open();
    expect(settings.get()).toEqual({ rememberUsername: false });
    expect(settings.notice).toBe(
      'Your settings could not be read, so they were reset to the defaults. The damaged file was kept as settings.corrupt-2026-01-02T03-04-05-000Z.json.',
    );
    expect(readFileSync(join(dir, 'settings.corrupt-2026-01-02T03-04-05-000Z.json'), 'utf8')).toBe(
      '{"serverUrl": "https://ship.exa',
    );
    expect(logs[0]).toMatch(/not valid JSON/);
    // The reset file is valid: the next start has no notice.
    expect(open().notice).toBeUndefined();
  });

  it('backs up a file that breaks the schema', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ serverUrl: 'ftp://x', windowBounds: { x: 'left' } }));
    const settings = open();
    expect(settings.notice).toMatch(/reset to the defaults/);
    expect(logs[0]).toMatch(/serverUrl/);
    expect(readdirSync(dir).sort()).toEqual(['settings.corrupt-2026-01-02T03-04-05-000Z.json', 'settings.json']);
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });
});

describe('an unusable settings folder', () => {
  it('keeps settings in memory for the session and says so, instead of stopping the app', () => {
    const notAFolder = join(dir, 'occupied');
    writeFileSync(notAFolder, 'a file where the settings folder should be');
    const settings = SettingsService.open(confFileFactory, { dir: notAFolder, log: (m) => logs.push(m) });
    expect(settings.notice).toBe(
      'Your settings cannot be saved on this computer, so changes last only until the app closes.',
    );
    expect(logs[0]).toMatch(/cannot be used/);
    settings.update({ rememberUsername: true });
    expect(settings.get().rememberUsername).toBe(true);
    expect(readFileSync(notAFolder, 'utf8')).toBe('a file where the settings folder should be');
  });
});

describe('which API server the app uses', () => {
  const settings = { rememberUsername: false, serverUrl: 'https://user-choice.example.com' };
  it('policy wins over the user setting and the environment', () => {
    expect(
      resolveApiUrl({
        policy: { apiUrl: 'https://it.example.com' },
        settings,
        env: { CNS_API_URL: 'http://127.0.0.1:1' },
      }),
    ).toEqual({ url: 'https://it.example.com', source: 'policy' });
  });
  it('then the user setting, then CNS_API_URL, then the embedded server', () => {
    expect(resolveApiUrl({ policy: {}, settings, env: { CNS_API_URL: 'http://127.0.0.1:1' } }).source).toBe('settings');
    expect(
      resolveApiUrl({ policy: {}, settings: { rememberUsername: false }, env: { CNS_API_URL: 'http://127.0.0.1:1' } }),
    ).toEqual({ url: 'http://127.0.0.1:1', source: 'environment' });
    expect(resolveApiUrl({ policy: {}, settings: { rememberUsername: false }, env: {} })).toEqual({
      url: undefined,
      source: 'embedded',
    });
  });
});

describe('restoring the window', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 875 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };
  it('puts the window back where it was while that screen exists', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(restorableBounds(saved, [laptop, monitor])).toEqual(saved);
  });
  it('opens at the default place when the screen it was on is gone', () => {
    expect(restorableBounds({ x: 1600, y: 100, width: 1200, height: 800 }, [laptop])).toBeUndefined();
    expect(restorableBounds(undefined, [laptop])).toBeUndefined();
  });
  it('shrinks a window larger than every remaining screen', () => {
    expect(restorableBounds({ x: 0, y: 0, width: 2400, height: 1400 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
    });
  });
});
