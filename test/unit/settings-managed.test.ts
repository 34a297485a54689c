import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsHandlers } from '../../src-main/ipc/settings-handlers';
import { AppSettings } from '../../src-main/settings/app-settings';
import { confFileFactory } from '../../src-main/settings/conf-file';
import { SettingsService } from '../../src-main/settings/settings-service';
import type { PolicyIssue } from '../../src-main/policy/read-policy';
import type { Policy } from '../../src-shared/policy';

/* The settings channels over the real settings file, with and without IT policy. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cns-managed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function handlers(policy: Policy, issues: PolicyIssue[] = []) {
  const settings = SettingsService.open(confFileFactory, { dir });
  const apiInUse = policy.apiUrl
    ? { url: policy.apiUrl, source: 'policy' as const }
    : { url: 'http://127.0.0.1:4000', source: 'embedded' as const };
  return {
    settings,
    table: createSettingsHandlers(new AppSettings(settings, { policy, origin: {}, issues }, apiInUse)),
  };
}

describe('settings channels', () => {
  it('an unmanaged server URL can be changed; it applies at the next start', async () => {
    const { table, settings } = handlers({});
    const before = await table['settings:get'](undefined);
    expect(before).toMatchObject({
      ok: true,
      value: {
        serverUrl: {
          value: '',
          managed: false,
          inUse: 'http://127.0.0.1:4000',
          inUseSource: 'embedded',
          restartNeeded: false,
        },
        rememberDevice: { allowed: true, managed: false, maxDays: null },
        managedKeys: [],
        notices: [],
      },
    });
    const after = await table['settings:update']({ serverUrl: 'https://ship.example.com', rememberUsername: true });
    expect(after).toMatchObject({
      ok: true,
      value: { serverUrl: { value: 'https://ship.example.com', restartNeeded: true } },
    });
    expect(settings.get()).toMatchObject({ serverUrl: 'https://ship.example.com', rememberUsername: true });
  });

  it('a managed server URL is shown as managed and cannot be changed', async () => {
    const { table, settings } = handlers({
      apiUrl: 'https://it.example.com',
      allowRememberDevice: false,
      supportPhone: '555-0100',
    });
    settings.update({ serverUrl: 'https://user.example.com' });
    const view = await table['settings:get'](undefined);
    expect(view).toMatchObject({
      ok: true,
      value: {
        serverUrl: {
          value: 'https://it.example.com',
          managed: true,
          inUse: 'https://it.example.com',
          inUseSource: 'policy',
        },
        rememberDevice: { allowed: false, managed: true },
        support: { phone: '555-0100', helpUrl: null },
        managedKeys: ['apiUrl', 'allowRememberDevice', 'supportPhone'],
      },
    });
    expect(await table['settings:update']({ serverUrl: 'https://other.example.com' })).toEqual({
      ok: false,
      error: {
        code: 'MANAGED_BY_POLICY',
        message: 'The server address is managed by your organization and cannot be changed here.',
      },
    });
    expect(settings.get().serverUrl).toBe('https://user.example.com');
  });

  it('refuses bad input with a message a person understands', async () => {
    const { table } = handlers({});
    expect(await table['settings:update']({ serverUrl: 'http://ship.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('https://') as unknown },
    });
    expect(await table['settings:update']({ theme: 'dark' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await table['settings:update']('nonsense')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('policy problems reach the settings screen as notices', async () => {
    const settings = SettingsService.open(confFileFactory, { dir });
    const app = new AppSettings(
      settings,
      {
        policy: {},
        origin: {},
        issues: [
          { source: '/etc/click-n-ship/policy.json', key: 'apiUrl', message: 'apiUrl: bad. The value was ignored.' },
        ],
      },
      { url: 'http://127.0.0.1:4000', source: 'embedded' },
    );
    expect(app.view().notices).toEqual([
      'Managed settings in /etc/click-n-ship/policy.json: apiUrl: bad. The value was ignored.',
    ]);
  });
});
