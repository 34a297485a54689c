import { execFile } from 'node:child_process';

/*
 * Windows Group Policy values under HKLM / HKCU\Software\Policies\...
 * The real reader shells out to `reg query` (present on every Windows), so no
 * native module is needed; the parser is plain text and tested on every OS.
 */

/** Registry hive a policy can live in: machine-wide or per user. */
export type RegistryHive = 'HKLM' | 'HKCU';

/** Values of one registry key: REG_DWORD/REG_QWORD become numbers, string types stay strings. */
export type RegistryValues = Record<string, string | number>;

/** Reads the values of one key; `undefined` when the key does not exist. */
export type RegistryReader = (hive: RegistryHive, keyPath: string) => Promise<RegistryValues | undefined>;

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parses the output of `reg query <key>` (values of the key itself; subkeys
 * are ignored). Unknown value types are kept as their text.
 */
export function parseRegQueryOutput(output: string): RegistryValues {
  const values: RegistryValues = {};
  for (const rawLine of output.split(/\r?\n/)) {
    const match = VALUE_LINE.exec(rawLine);
    if (!match) continue;
    const [, name = '', type = '', data = ''] = match;
    if (type === 'REG_DWORD' || type === 'REG_QWORD') {
      const number = Number.parseInt(data.trim(), 16);
      values[name] = Number.isNaN(number) ? data : number;
    } else {
      values[name] = data.trim();
    }
  }
  return values;
}

/** The real reader: `reg query "HKLM\<keyPath>"`; a missing key reads as undefined. */
export const regQueryReader: RegistryReader = (hive, keyPath) =>
  new Promise((resolve, reject) => {
    execFile(
      'reg',
      ['query', `${hive}\\${keyPath}`],
      { windowsHide: true, timeout: 10_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(parseRegQueryOutput(stdout));
          return;
        }
        // Exit code 1 with "unable to find" is the normal case of no policy.
        if (/unable to find/i.test(stderr) || (error as { code?: unknown }).code === 1) {
          resolve(undefined);
          return;
        }
        reject(new Error(`reg query ${hive}\\${keyPath} failed: ${stderr.trim() || error.message}`));
      },
    );
  });
