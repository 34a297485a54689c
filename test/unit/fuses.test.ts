import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as FusesModule from '@electron/fuses';

/*
 * The fuses electron-builder flips at packaging. No Electron binary exists
 * here, so the test writes a stand-in: random bytes around Electron's fuse
 * wire (sentinel, version 1, length, one byte per fuse, set as Electron 45
 * ships them). Then electron-builder's own code turns the YAML into a fuse
 * config, @electron/fuses flips the wire, and the test reads it back.
 */

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string): Promise<{ electronFuses?: unknown }>;
};
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};
const fuses = require('@electron/fuses') as typeof FusesModule;
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants') as {
  SENTINEL: string;
  FuseState: { DISABLE: number; ENABLE: number };
};
const { FuseV1Options, flipFuses, getCurrentFuseWire } = fuses;

const dir = mkdtempSync(join(tmpdir(), 'cns-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Electron's shipped defaults: every fuse in its least safe state except cookie encryption off. */
const SHIPPED = ['1', '0', '1', '1', '0', '0', '0', '1'];

function fakeElectronBinary(name: string): string {
  const wire = Buffer.concat([
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, SHIPPED.length]),
    Buffer.from(SHIPPED.join(''), 'latin1'),
  ]);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([randomBytes(4096), wire, randomBytes(4096)]));
  return file;
}

async function packagedFuses(configFile: string): Promise<Record<string, string>> {
  const config = await getConfig(root, configFile);
  const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call(undefined, config.electronFuses);
  const binary = fakeElectronBinary(configFile.replace(/\W/g, '-'));
  await flipFuses(binary, fuseConfig as Parameters<typeof flipFuses>[1]);
  const wire = await getCurrentFuseWire(binary);
  const named: Record<string, string> = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    const label = FuseV1Options[Number(index)] ?? index;
    named[label] = state === FuseState.ENABLE ? 'on' : state === FuseState.DISABLE ? 'off' : String(state);
  }
  return named;
}

describe('fuses at packaging', () => {
  it('the shipped app: no Node mode, no NODE_OPTIONS, no inspector, asar-only with integrity, encrypted cookies, no file:// privileges', async () => {
    expect(await packagedFuses('electron-builder.yml')).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
    });
  });

  it('the Playwright test build turns on only the inspect arguments Playwright _electron needs', async () => {
    const shipped = await packagedFuses('electron-builder.yml');
    const test = await packagedFuses('electron-builder.test.yml');
    expect(test).toEqual({ ...shipped, EnableNodeCliInspectArguments: 'on' });
  });

  it('every fuse of the wire is set explicitly (none left to Electron’s default)', async () => {
    const config = await getConfig(root, 'electron-builder.yml');
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call(undefined, config.electronFuses);
    const indexes = Object.keys(fuseConfig)
      .filter((k) => /^\d+$/.test(k))
      .map(Number);
    expect(indexes.sort()).toEqual(
      Object.values(FuseV1Options)
        .filter((v) => typeof v === 'number')
        .sort(),
    );
  });
});
