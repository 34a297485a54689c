import { ConfigError, loadServerConfig } from './config';
import { DEMO_PASSWORD } from './seed';
import { startServer } from './server';

/**
 * `npm run server`: runs the API server from environment configuration and
 * prints where it listens, the demo accounts and the dev mailbox.
 */
async function main(): Promise<void> {
  const config = loadServerConfig();
  const server = await startServer(config);
  const lines = [`Click-N-Ship API server listening at ${server.url}`];
  if (config.devMode) lines.push(`Dev mailbox (email and SMS): ${server.url}/dev/mailbox`);
  if (config.seedDemo)
    lines.push(
      `Demo accounts (password ${DEMO_PASSWORD}): demo (MFA by email), newshipper (must enroll), legacy (may opt out)`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Server failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
