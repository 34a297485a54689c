import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer, type ChildWrapper } from './child-server';
import { BenchClient } from './http-client';
import { cnsDriver, type SignInDriver } from './sign-in-clients';

/** Our server on a fresh SQLite file, with the client and sign-in driver a benchmark drives it with. */
export interface SqliteSignInServer {
  server: ChildServer;
  client: BenchClient;
  driver: SignInDriver;
  /** The temporary folder the database lives in (removed by close). */
  dir: string;
  /** Closes the client, stops the server and removes its database. */
  close(): Promise<void>;
}

/**
 * Starts bench/servers/cns-server.ts over a database in a new temporary
 * folder (`env` seeds its accounts), so the benchmarks that compare sign-ins
 * on SQLite start and clean up their server the same way. `wrapper`, given
 * that folder, names a program for the server's node to run under (valgrind).
 */
export async function startSqliteSignInServer(
  name: string,
  env: Record<string, string>,
  wrapper?: (dir: string) => ChildWrapper,
): Promise<SqliteSignInServer> {
  const dir = mkdtempSync(join(tmpdir(), `cns-bench-${name}-`));
  const server = await startChildServer(
    'bench/servers/cns-server.ts',
    {
      BENCH_DB_URL: `sqlite:${join(dir, 'cns.db')}`,
      ...env,
    },
    wrapper?.(dir),
  );
  const client = new BenchClient(server.url);
  return {
    server,
    client,
    driver: cnsDriver(client, server.inbox),
    dir,
    async close() {
      client.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
