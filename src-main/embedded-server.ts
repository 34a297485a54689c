import { join } from 'node:path';
import { loadServerConfig } from '../src-server/config';
import { DEMO_PASSWORD } from '../src-server/seed';
import { startServer, type RunningServer } from '../src-server/server';

/**
 * The zero-configuration server `npm start` runs inside the app when no API
 * URL is configured: SQLite under the app's data folder, the dev outbox and
 * the demo accounts, on a free loopback port.
 */
export async function startEmbeddedServer(dataDir: string): Promise<RunningServer> {
  const config = loadServerConfig(process.env, {
    databaseUrl: `sqlite:${join(dataDir, 'embedded-server', 'click-n-ship.db')}`,
    host: '127.0.0.1',
    port: 0,
    devMode: true,
    seedDemo: true,
    logLevel: 'warn',
  });
  const server = await startServer(config);
  process.stdout.write(
    [
      `Embedded Click-N-Ship server at ${server.url}`,
      `Dev mailbox (passcodes and links): ${server.url}/dev/mailbox`,
      `Demo accounts (password ${DEMO_PASSWORD}): demo (MFA by email), newshipper (must enroll), legacy (may opt out)`,
      '',
    ].join('\n'),
  );
  return server;
}
