import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXmlPlist } from '../../src-main/policy/plist';
import { APP_ID } from '../../src-main/policy/policy-sources';

/*
 * electron-builder cannot package on this machine (it downloads Electron), so
 * the configuration is checked the way electron-builder itself would: loaded
 * and merged by its own loader, then validated against its own JSON schema.
 */

const root = resolve(import.meta.dirname, '../..');

/** The loaded YAML, read loosely: the schema check is what vouches for its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped YAML, validated by the schema below
type BuilderConfig = Record<string, any>;
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: object): boolean };
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);

/** The merged configuration, as `electron-builder --config <file>` sees it. */
export async function loadBuilderConfig(file: string): Promise<BuilderConfig> {
  return getConfig(root, file);
}

function schemaErrors(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', async () => {
  const config = await loadBuilderConfig('electron-builder.yml');
  const testConfig = await loadBuilderConfig('electron-builder.test.yml');

  it('matches electron-builder’s JSON schema (ajv), and electron-builder’s own validator accepts it', async () => {
    expect(schemaErrors(config)).toEqual([]);
    expect(schemaErrors(testConfig)).toEqual([]);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined });
    await validateConfiguration(testConfig, { isEnabled: false, add: () => undefined });
  });

  it('the schema check catches a misspelt option', async () => {
    const broken = { ...config, nsis: { ...config.nsis, perMachines: true } };
    expect(schemaErrors(broken).join('\n')).toMatch(/\/nsis must NOT have additional properties/);
    await expect(validateConfiguration(broken, { isEnabled: false, add: () => undefined })).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('builds the targets IT asks for on each OS', () => {
    const targets = (os: 'win' | 'mac' | 'linux') =>
      (config[os].target as Array<{ target: string; arch: string[] }>).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
  });

  it('NSIS installs per user or per machine (silent /currentuser or /allusers); MSI per machine with a stable upgrade code', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.msi).toMatchObject({ perMachine: true, upgradeCode: 'FB506DB5-0568-4306-B452-56187B38F7CE' });
  });

  it('names the product and app id the policy reader uses (macOS managed-preferences domain)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Click-N-Ship Desktop');
  });

  it('ships only the built app and unpacks the native modules from the asar', () => {
    expect((config.files as Array<{ filter: string[] }>).flatMap((f) => f.filter)).toEqual(['out/**', '!out/**/*.map']);
    const unpacked = (file: string) => (config.asarUnpack as string[]).some((p) => minimatch(file, p, { dot: true }));
    expect(unpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('out/main/main.js')).toBe(false);
  });

  it('puts version and architecture in every artifact name', () => {
    for (const name of [config.artifactName, config.nsis.artifactName]) {
      expect(name).toContain('${version}');
      expect(name).toContain('${arch}');
    }
  });

  it('registers the clicknship:// protocol', () => {
    expect(config.protocols).toEqual([{ name: 'Click-N-Ship sign-in link', schemes: ['clicknship'] }]);
    expect(config.linux.mimeTypes).toContain('x-scheme-handler/clicknship');
  });

  it('signs macOS with the hardened runtime and the entitlements in assets/, which relax only JIT', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'assets/entitlements.mac.plist' });
    const entitlements = parseXmlPlist(readFileSync(join(root, config.mac.entitlements as string), 'utf8'));
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('has an icon for every target, generated from assets/icon.svg', () => {
    expect(existsSync(join(root, 'assets/icon.svg'))).toBe(true);
    const ico = readFileSync(join(root, config.win.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(icoSizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const firstIco = ico.readUInt32LE(6 + 12);
    expect(pngSize(ico.subarray(firstIco))).toEqual({ width: 16, height: 16 });

    const icns = readFileSync(join(root, config.mac.icon as string));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.subarray(at, at + 4).toString('latin1'));
      if (icns.subarray(at, at + 4).toString('latin1') === 'ic10') {
        expect(pngSize(icns.subarray(at + 8))).toEqual({ width: 1024, height: 1024 });
      }
    }
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));

    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(readFileSync(join(root, config.linux.icon as string, `${size}x${size}.png`)))).toEqual({
        width: size,
        height: size,
      });
    }
  });

  it('publishes update metadata for a generic HTTPS feed', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^https:\/\//) as unknown }]);
  });

  it('the test build extends the shipped one and differs only by its name, output folder and the inspect fuse', () => {
    const strip = ({ productName, directories, electronFuses, extends: parent, ...rest }: BuilderConfig) => {
      void [productName, directories, electronFuses, parent];
      return rest;
    };
    expect(testConfig.extends).toBe('./electron-builder.yml');
    expect(strip(testConfig)).toEqual(strip(config));
  });

  it('npm run dist stays the documented command', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --config electron-builder.yml');
  });
});
