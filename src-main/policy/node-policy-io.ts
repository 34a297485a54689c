import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { PolicyIo, PolicyLocations } from './policy-sources';
import { regQueryReader } from './registry-reader';

/** The real I/O: files from disk, `reg query` on Windows, `plutil` for binary plists on macOS. */
export const nodePolicyIo: PolicyIo = {
  async readFile(path) {
    try {
      return await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  readRegistry: regQueryReader,
  binaryPlistToXml: (path) =>
    new Promise((resolve, reject) => {
      execFile('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', path], { encoding: 'utf8' }, (error, stdout) =>
        error ? reject(new Error(`plutil could not convert ${path}: ${error.message}`)) : resolve(stdout),
      );
    }),
};

/** Where this process runs: platform, executable and OS user. */
export function currentPolicyLocations(overrides: Partial<PolicyLocations> = {}): PolicyLocations {
  let username = '';
  try {
    username = userInfo().username;
  } catch {
    username = process.env.USER ?? process.env.USERNAME ?? '';
  }
  return { platform: process.platform, execPath: process.execPath, username, ...overrides };
}
