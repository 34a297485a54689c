import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from '../../src-main/external-links';
import { currentPolicyLocations, nodePolicyIo } from '../../src-main/policy/node-policy-io';
import { confFileFactory } from '../../src-main/settings/conf-file';
import { startSettingsSide } from '../../src-main/settings/settings-side';
import { windowOpenHandler } from '../../src-main/window-guards';

/* The start-up reads a real Linux policy file; its help URL becomes openable in the system browser (https only). */
describe('IT policy help URL at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cns-policy-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(name: string, policy: Record<string, unknown>): Promise<string | null> {
    const policyFile = join(dir, name, 'policy.json');
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(policyFile, JSON.stringify(policy));
    const side = await startSettingsSide({
      settingsDir: join(dir, name, 'user-data'),
      fileFactory: confFileFactory,
      policyLocations: currentPolicyLocations({
        platform: 'linux',
        execPath: join(dir, name, 'app', 'click-n-ship-desktop'),
        linuxPolicyPath: policyFile,
      }),
      policyIo: nodePolicyIo,
      env: {},
      log: () => undefined,
      startEmbeddedServer: () => Promise.resolve('http://127.0.0.1:1'),
    });
    return side.appSettings.view().support.helpUrl;
  }

  it('opens the policy help URL externally, and nothing beside it', async () => {
    const url = 'https://help.policy-links.example/mfa';
    expect(isAllowedExternalLink(url)).toBe(false);
    expect(await start('https', { helpUrl: url, supportPhone: '1-555-010-0199' })).toBe(url);
    const opened: string[] = [];
    const handler = windowOpenHandler((u) => opened.push(u));
    expect(handler({ url })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://help.policy-links.example/mfa-evil' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://help.policy-links.example/other' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([url]);
  });

  it('never adds an http help URL (the policy value is refused)', async () => {
    const url = 'http://help-insecure.policy-links.example/';
    expect(await start('http', { helpUrl: url })).toBeNull();
    expect(isAllowedExternalLink(url)).toBe(false);
  });
});
