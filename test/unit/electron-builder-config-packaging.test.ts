import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as AsarModule from '@electron/asar';
import type * as FusesModule from '@electron/fuses';

/*
 * The real electron-builder CLI packs the real build (out/) with
 * electron-builder.yml, offline: instead of downloading Electron it is given
 * a stand-in Electron folder (`electronDist`) whose binary carries only
 * Electron's fuse wire, and native modules are not rebuilt for Electron (that
 * needs Electron's headers). Everything else is the real packaging: file
 * selection, asar, unpacked native modules, fuses, update metadata.
 */

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as typeof AsarModule;
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as typeof FusesModule;
const { SENTINEL } = require('@electron/fuses/dist/constants') as { SENTINEL: string };
const run = promisify(execFile);

const work = mkdtempSync(join(tmpdir(), 'cns-pack-'));
const electronDist = join(work, 'electron');
const output = join(work, 'release');
const appDir = join(output, 'linux-unpacked');
let files: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/main.js'))) throw new Error('The app is not built: run `npm run build` first.');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, 8]), Buffer.from('10110001', 'latin1')]);
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.alloc(2048), wire, Buffer.alloc(2048)]));
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
  writeFileSync(join(electronDist, 'version'), '45.5.0');
  await run(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--config',
      'electron-builder.yml',
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    { cwd: root, timeout: 240_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: 'false' } },
  );
  files = asar.listPackage(join(appDir, 'resources/app.asar'), { isPack: false });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaging with electron-builder.yml', () => {
  it('the archive holds the built app and production modules only', () => {
    const ownFiles = files.filter((f) => !f.startsWith('/node_modules'));
    expect(ownFiles).toEqual(
      expect.arrayContaining([
        '/out/main/main.js',
        '/out/preload/preload.cjs',
        '/out/renderer/index.html',
        '/package.json',
      ]),
    );
    expect(ownFiles.every((f) => f === '/package.json' || f === '/out' || f.startsWith('/out/'))).toBe(true);
    expect(ownFiles.some((f) => f.endsWith('.map'))).toBe(false);
    for (const dev of ['vitest', 'typescript', '@playwright/test', 'electron', 'electron-builder', 'eslint']) {
      expect(files, dev).not.toContain(`/node_modules/${dev}`);
    }
    for (const prod of ['electron-store', 'electron-updater', 'keytar', 'better-sqlite3', 'fastify']) {
      expect(files, prod).toContain(`/node_modules/${prod}`);
    }
    const pkg = JSON.parse(asar.extractFile(join(appDir, 'resources/app.asar'), 'package.json').toString()) as {
      main: string;
      scripts?: unknown;
    };
    expect(pkg.main).toBe('out/main/main.js');
    expect(pkg.scripts).toBeUndefined();
  });

  it('keytar and better-sqlite3 load from real files beside the archive', () => {
    const unpacked = join(appDir, 'resources/app.asar.unpacked/node_modules');
    expect(existsSync(join(unpacked, 'keytar/build/Release/keytar.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('the packaged binary has its fuses flipped', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'click-n-ship-desktop'));
    const state = (fuse: number) => String.fromCharCode(wire[fuse as keyof typeof wire] as number);
    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspect: state(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      fileProtocol: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: '0',
      cookieEncryption: '1',
      nodeOptions: '0',
      inspect: '0',
      asarIntegrity: '1',
      onlyAsar: '1',
      fileProtocol: '0',
    });
  });

  it('writes the generic update metadata electron-updater reads', () => {
    const appUpdate = readFileSync(join(appDir, 'resources/app-update.yml'), 'utf8');
    expect(appUpdate).toContain('provider: generic');
  });
});
