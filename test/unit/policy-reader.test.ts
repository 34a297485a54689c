import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodePolicyIo } from '../../src-main/policy/node-policy-io';
import {
  APP_ID,
  LINUX_POLICY_PATH,
  POLICY_REGISTRY_KEY,
  type PolicyIo,
  type PolicyLocations,
} from '../../src-main/policy/policy-sources';
import { readPolicy } from '../../src-main/policy/read-policy';
import { parseRegQueryOutput, type RegistryValues } from '../../src-main/policy/registry-reader';

/** In-memory files and registry keys: the same reader code, another computer's contents. */
function fakeIo(
  files: Record<string, string>,
  registry: Partial<Record<'HKLM' | 'HKCU', RegistryValues>> = {},
): PolicyIo & {
  registryCalls: string[];
} {
  const registryCalls: string[] = [];
  return {
    registryCalls,
    readFile: (path) => Promise.resolve(path in files ? Buffer.from(files[path] ?? '', 'utf8') : undefined),
    readRegistry: (hive, key) => {
      registryCalls.push(`${hive}\\${key}`);
      return Promise.resolve(registry[hive]);
    },
    binaryPlistToXml: () => Promise.reject(new Error('no plutil here')),
  };
}

const linux: PolicyLocations = { platform: 'linux', execPath: '/opt/Click-N-Ship/click-n-ship', username: 'pat' };
const mac: PolicyLocations = {
  platform: 'darwin',
  execPath: '/Applications/Click-N-Ship Desktop.app/Contents/MacOS/Click-N-Ship Desktop',
  username: 'pat',
};
const windows: PolicyLocations = {
  platform: 'win32',
  execPath: 'C:\\Program Files\\Click-N-Ship Desktop\\Click-N-Ship Desktop.exe',
  username: 'pat',
};

function plist(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
${body}
</dict>
</plist>`;
}

describe('policy on Linux', () => {
  it('reads /etc/click-n-ship/policy.json with every key', async () => {
    const io = fakeIo({
      [LINUX_POLICY_PATH]: JSON.stringify({
        apiUrl: 'https://ship.example.com/',
        allowRememberDevice: false,
        trustedDeviceMaxDays: 30,
        updateUrl: 'https://updates.example.com/cns',
        updatesDisabled: true,
        supportPhone: '+1 (555) 010-2000',
        helpUrl: 'https://intranet.example.com/help',
      }),
    });
    const result = await readPolicy(linux, io);
    expect(result.issues).toEqual([]);
    expect(result.policy).toEqual({
      apiUrl: 'https://ship.example.com',
      allowRememberDevice: false,
      trustedDeviceMaxDays: 30,
      updateUrl: 'https://updates.example.com/cns',
      updatesDisabled: true,
      supportPhone: '+1 (555) 010-2000',
      helpUrl: 'https://intranet.example.com/help',
    });
    expect(result.origin.apiUrl).toBe(LINUX_POLICY_PATH);
    expect(io.registryCalls).toEqual([]);
  });

  it('no policy anywhere is an empty policy without issues', async () => {
    expect(await readPolicy(linux, fakeIo({}))).toEqual({ policy: {}, origin: {}, issues: [] });
  });

  it('the /etc file wins over policy.json beside the executable, key by key', async () => {
    const io = fakeIo({
      [LINUX_POLICY_PATH]: JSON.stringify({ apiUrl: 'https://etc.example.com' }),
      '/opt/Click-N-Ship/policy.json': JSON.stringify({
        apiUrl: 'https://beside.example.com',
        supportPhone: '555-0100',
      }),
    });
    const result = await readPolicy(linux, io);
    expect(result.policy).toEqual({ apiUrl: 'https://etc.example.com', supportPhone: '555-0100' });
    expect(result.origin).toEqual({ apiUrl: LINUX_POLICY_PATH, supportPhone: '/opt/Click-N-Ship/policy.json' });
  });

  it('an invalid value is reported and ignored; the other keys of the file still apply', async () => {
    const io = fakeIo({
      [LINUX_POLICY_PATH]: JSON.stringify({
        apiUrl: 'http://ship.example.com',
        trustedDeviceMaxDays: 9999,
        updatesDisabled: 'sometimes',
        helpUrl: 'https://intranet.example.com/help',
        colour: 'blue',
      }),
      '/opt/Click-N-Ship/policy.json': JSON.stringify({ apiUrl: 'https://fallback.example.com' }),
    });
    const result = await readPolicy(linux, io);
    // The bad apiUrl of the higher source does not block a valid one from a lower source.
    expect(result.policy).toEqual({
      helpUrl: 'https://intranet.example.com/help',
      apiUrl: 'https://fallback.example.com',
    });
    expect(result.issues.map((i) => i.key)).toEqual(['apiUrl', 'trustedDeviceMaxDays', 'updatesDisabled', 'colour']);
    expect(result.issues[0]?.message).toContain('https://');
    expect(result.issues[1]?.message).toContain('at most 365');
    expect(result.issues[3]?.message).toContain('not a Click-N-Ship policy key');
    expect(result.issues.every((i) => i.source === LINUX_POLICY_PATH)).toBe(true);
  });

  it('a file that is not JSON is reported and skipped without throwing', async () => {
    const io = fakeIo({
      [LINUX_POLICY_PATH]: '{ apiUrl: https://oops',
      '/opt/Click-N-Ship/policy.json': '["not", "an", "object"]',
    });
    const result = await readPolicy(linux, io);
    expect(result.policy).toEqual({});
    expect(result.issues).toHaveLength(2);
    expect(result.issues[0]?.message).toMatch(/not valid JSON/);
    expect(result.issues[1]?.message).toMatch(/one JSON object/);
  });

  it('the end-to-end override replaces the /etc path', async () => {
    const io = fakeIo({ '/tmp/e2e/policy.json': JSON.stringify({ apiUrl: 'http://127.0.0.1:4100' }) });
    const result = await readPolicy({ ...linux, linuxPolicyPath: '/tmp/e2e/policy.json' }, io);
    expect(result.policy.apiUrl).toBe('http://127.0.0.1:4100');
  });
});

describe('policy on macOS', () => {
  const machinePlist = `/Library/Managed Preferences/${APP_ID}.plist`;
  const userPlist = `/Library/Managed Preferences/pat/${APP_ID}.plist`;

  it('reads the managed preferences plist (XML), machine over user', async () => {
    const io = fakeIo({
      [machinePlist]: plist(`
  <key>apiUrl</key><string>https://ship.example.com</string>
  <key>allowRememberDevice</key><false/>
  <key>trustedDeviceMaxDays</key><integer>14</integer>
  <key>PayloadUUID</key><string>added by the MDM tool: skipped silently</string>
  <key>updateChannel</key><string>beta</string>`),
      [userPlist]: plist(`
  <key>apiUrl</key><string>https://user.example.com</string>
  <key>updatesDisabled</key><true/>
  <key>supportPhone</key><string>555 0100 x12</string>`),
    });
    const result = await readPolicy(mac, io);
    expect(result.policy).toEqual({
      apiUrl: 'https://ship.example.com',
      allowRememberDevice: false,
      trustedDeviceMaxDays: 14,
      updatesDisabled: true,
      supportPhone: '555 0100 x12',
    });
    expect(result.origin.apiUrl).toBe(machinePlist);
    expect(result.origin.updatesDisabled).toBe(userPlist);
    // A misspelt or unknown key is reported; the MDM's own metadata is not.
    expect(result.issues.map((i) => i.key)).toEqual(['updateChannel']);
  });

  it('policy.json beside the executable sits between machine and user preferences', async () => {
    const io = fakeIo({
      '/Applications/Click-N-Ship Desktop.app/Contents/MacOS/policy.json': JSON.stringify({
        helpUrl: 'https://b.example.com',
      }),
      [userPlist]: plist('<key>helpUrl</key><string>https://user.example.com</string>'),
    });
    expect((await readPolicy(mac, io)).policy.helpUrl).toBe('https://b.example.com');
  });

  it('a malformed plist is reported and skipped', async () => {
    const io = fakeIo({ [machinePlist]: plist('<key>apiUrl</key><integer>abc</integer>') });
    const result = await readPolicy(mac, io);
    expect(result.policy).toEqual({});
    expect(result.issues[0]?.source).toBe(machinePlist);
    expect(result.issues[0]?.message).toMatch(/not a whole number/);
  });

  it('a binary plist is converted before parsing', async () => {
    const io: PolicyIo = {
      ...fakeIo({}),
      readFile: (path) => Promise.resolve(path === machinePlist ? Buffer.from('bplist00\u0000\u0001') : undefined),
      binaryPlistToXml: (path) =>
        Promise.resolve(path === machinePlist ? plist('<key>updatesDisabled</key><integer>1</integer>') : ''),
    };
    expect((await readPolicy(mac, io)).policy).toEqual({ updatesDisabled: true });
  });
});

describe('policy on Windows', () => {
  it('reads HKLM and HKCU under Software\\Policies; machine wins; DWORDs become booleans and numbers', async () => {
    const io = fakeIo(
      {},
      {
        HKLM: { ApiUrl: 'https://ship.example.com', AllowRememberDevice: 0, TrustedDeviceMaxDays: 30 },
        HKCU: { ApiUrl: 'https://user.example.com', UpdatesDisabled: 1, HelpUrl: 'https://help.example.com' },
      },
    );
    const result = await readPolicy(windows, io);
    expect(io.registryCalls).toEqual([`HKLM\\${POLICY_REGISTRY_KEY}`, `HKCU\\${POLICY_REGISTRY_KEY}`]);
    expect(result.policy).toEqual({
      apiUrl: 'https://ship.example.com',
      allowRememberDevice: false,
      trustedDeviceMaxDays: 30,
      updatesDisabled: true,
      helpUrl: 'https://help.example.com',
    });
    expect(result.origin.apiUrl).toBe(`HKLM\\${POLICY_REGISTRY_KEY}`);
    expect(result.origin.updatesDisabled).toBe(`HKCU\\${POLICY_REGISTRY_KEY}`);
  });

  it('policy.json beside the .exe applies between HKLM and HKCU', async () => {
    const io = fakeIo(
      { 'C:\\Program Files\\Click-N-Ship Desktop\\policy.json': JSON.stringify({ supportPhone: '555-0199' }) },
      { HKCU: { SupportPhone: '555-0111' } },
    );
    const result = await readPolicy(windows, io);
    expect(result.policy.supportPhone).toBe('555-0199');
  });

  it('a registry read failure is reported and the other sources still apply', async () => {
    const io: PolicyIo = {
      ...fakeIo({}),
      readRegistry: (hive) =>
        hive === 'HKLM' ? Promise.reject(new Error('Access is denied.')) : Promise.resolve({ UpdatesDisabled: 1 }),
    };
    const result = await readPolicy(windows, io);
    expect(result.policy).toEqual({ updatesDisabled: true });
    expect(result.issues[0]?.message).toContain('Access is denied.');
  });

  it('parses `reg query` output, including empty strings and DWORD/QWORD values', () => {
    const output = [
      '',
      `HKEY_LOCAL_MACHINE\\${POLICY_REGISTRY_KEY}`,
      '    ApiUrl    REG_SZ    https://ship.example.com',
      '    UpdatesDisabled    REG_DWORD    0x1',
      '    TrustedDeviceMaxDays    REG_QWORD    0x1e',
      '    Support Phone Label    REG_SZ    Call IT    on 555',
      '    HelpUrl    REG_SZ    ',
      '',
      `HKEY_LOCAL_MACHINE\\${POLICY_REGISTRY_KEY}\\Sub`,
      '',
    ].join('\r\n');
    expect(parseRegQueryOutput(output)).toEqual({
      ApiUrl: 'https://ship.example.com',
      UpdatesDisabled: 1,
      TrustedDeviceMaxDays: 30,
      'Support Phone Label': 'Call IT    on 555',
      HelpUrl: '',
    });
  });
});

describe('the real file reader', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a policy file from disk and treats a missing one as no policy', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, '\uFEFF{"apiUrl": "https://ship.example.com", "updatesDisabled": true}');
    const result = await readPolicy(
      { ...linux, execPath: join(dir, 'missing', 'app'), linuxPolicyPath: file },
      nodePolicyIo,
    );
    expect(result).toEqual({
      policy: { apiUrl: 'https://ship.example.com', updatesDisabled: true },
      origin: { apiUrl: file, updatesDisabled: file },
      issues: [],
    });
  });
});
