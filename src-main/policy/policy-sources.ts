import { dirname, join } from 'node:path';
import type { RegistryReader } from './registry-reader';

/*
 * Where IT puts managed settings on each operating system, highest priority
 * first. Machine-wide sources win over per-user ones, because only an
 * administrator can write them.
 */

/** The app id (macOS bundle id, Windows AppUserModelID); also the managed-preferences domain. */
export const APP_ID = 'com.clicknship.desktop';
/** Registry key below HKLM / HKCU that Group Policy and Intune write to. */
export const POLICY_REGISTRY_KEY = 'Software\\Policies\\ClickNShip\\ClickNShipDesktop';
/** The Linux machine-wide policy file. */
export const LINUX_POLICY_PATH = '/etc/click-n-ship/policy.json';
/** The macOS folder where MDM profiles land (machine-wide; per user in a subfolder named after the user). */
export const MAC_MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';
/** File name of the policy a package or script can drop beside the executable. */
export const BESIDE_EXECUTABLE_FILE = 'policy.json';

/** What a source looks like before its values are checked. */
export type PolicySourceKind = 'registry' | 'json-file' | 'plist-file';

/** One place a policy may come from. */
export interface PolicySource {
  kind: PolicySourceKind;
  scope: 'machine' | 'user';
  /** Human-readable location, used in logs and notices (e.g. `HKLM\Software\Policies\...`). */
  label: string;
  /** File path, for file sources. */
  path?: string;
  /** Hive and key, for registry sources. */
  registry?: { hive: 'HKLM' | 'HKCU'; key: string };
}

/** The facts about this computer that decide which sources exist. */
export interface PolicyLocations {
  platform: NodeJS.Platform;
  /** `process.execPath`: a `policy.json` beside it applies machine-wide. */
  execPath: string;
  /** The OS user name, for macOS per-user managed preferences. */
  username: string;
  /** Replaces the Linux policy path (end-to-end tests point it at a temp file). */
  linuxPolicyPath?: string;
}

/** The ordered list of sources for this platform, highest priority first. */
export function policySources(where: PolicyLocations): PolicySource[] {
  const beside: PolicySource = {
    kind: 'json-file',
    scope: 'machine',
    path: join(dirname(where.execPath), BESIDE_EXECUTABLE_FILE),
    label: join(dirname(where.execPath), BESIDE_EXECUTABLE_FILE),
  };
  switch (where.platform) {
    case 'win32':
      return [
        {
          kind: 'registry',
          scope: 'machine',
          registry: { hive: 'HKLM', key: POLICY_REGISTRY_KEY },
          label: `HKLM\\${POLICY_REGISTRY_KEY}`,
        },
        { ...beside, path: winJoin(where.execPath), label: winJoin(where.execPath) },
        {
          kind: 'registry',
          scope: 'user',
          registry: { hive: 'HKCU', key: POLICY_REGISTRY_KEY },
          label: `HKCU\\${POLICY_REGISTRY_KEY}`,
        },
      ];
    case 'darwin': {
      const machine = `${MAC_MANAGED_PREFERENCES_DIR}/${APP_ID}.plist`;
      const user = `${MAC_MANAGED_PREFERENCES_DIR}/${where.username}/${APP_ID}.plist`;
      return [
        { kind: 'plist-file', scope: 'machine', path: machine, label: machine },
        beside,
        { kind: 'plist-file', scope: 'user', path: user, label: user },
      ];
    }
    default: {
      const linux = where.linuxPolicyPath ?? LINUX_POLICY_PATH;
      return [{ kind: 'json-file', scope: 'machine', path: linux, label: linux }, beside];
    }
  }
}

/** `dirname` + `policy.json` with Windows separators, whatever OS the test runs on. */
function winJoin(execPath: string): string {
  const cut = Math.max(execPath.lastIndexOf('\\'), execPath.lastIndexOf('/'));
  return `${cut >= 0 ? execPath.slice(0, cut) : '.'}\\${BESIDE_EXECUTABLE_FILE}`;
}

/** I/O the policy reader needs; injected so every OS path is testable anywhere. */
export interface PolicyIo {
  /** File bytes, or undefined when the file does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  readRegistry: RegistryReader;
  /** Converts a binary plist file to XML text (`plutil` on macOS). */
  binaryPlistToXml(path: string): Promise<string>;
}
