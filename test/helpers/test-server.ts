import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig, type ServerConfig } from '../../src-server/config';
import type { Logger } from 'pino';
import type { AuthPolicy } from '../../src-server/services/auth-policy';
import type { Clock } from '../../src-server/services/clock';
import { startServer, type RunningServer } from '../../src-server/server';
import { createScratchSchema } from './postgres';

/** Which database engine a test server runs on. */
export type TestDialect = 'sqlite' | 'postgres';

/** Options for {@link startTestServer}. */
export interface TestServerOptions {
  dialect: TestDialect;
  /** PostgreSQL database of this run (from the integration global setup or the e2e fixture). */
  pgUrl?: string;
  clock?: Clock;
  smtpUrl?: string;
  /** A Twilio-style SMS gateway (test/helpers/sms-sink.ts); absent → texts go to the dev outbox. */
  smsGateway?: ServerConfig['smsGateway'];
  /** Capture logs (the no-secrets test). */
  logger?: Logger;
  /** Only for tests outside the security area; the security tests run the defaults. */
  policy?: Partial<AuthPolicy>;
  config?: Partial<ServerConfig>;
}

/**
 * A real API server on a free loopback port over a database of its own: a
 * temporary SQLite file, or a fresh schema in this run's PostgreSQL database.
 */
export async function startTestServer(options: TestServerOptions): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-server-'));
  let databaseUrl = `sqlite:${join(dataDir, 'server.db')}`;
  let databaseSchema: string | undefined;
  if (options.dialect === 'postgres') {
    if (!options.pgUrl) throw new Error('A PostgreSQL test server needs pgUrl');
    databaseUrl = options.pgUrl;
    databaseSchema = await createScratchSchema(options.pgUrl);
  }
  const config = loadServerConfig(
    {},
    {
      databaseUrl,
      host: '127.0.0.1',
      port: 0,
      devMode: true,
      seedDemo: true,
      logLevel: 'silent',
      smtpUrl: options.smtpUrl,
      smsGateway: options.smsGateway,
      ...options.config,
    },
  );
  const server = await startServer(config, {
    clock: options.clock,
    databaseSchema,
    logger: options.logger,
    policy: options.policy,
  });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
