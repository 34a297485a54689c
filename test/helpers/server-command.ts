import { resolve } from 'node:path';

/** The repository root, where `npm run server` runs. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * `npm run server`'s node arguments, for the tests and benchmarks that start
 * the server as its own process (test/unit/server-thread-pool.test.ts holds
 * package.json to them).
 */
export const SERVER_COMMAND_ARGS = [
  '--require',
  './scripts/server-thread-pool.cjs',
  '--import',
  'tsx',
  'src-server/cli.ts',
] as const;
