import { ConfigError, loadServerConfig } from './config';
import { openDatabase } from './db/database';
import { HELP_DESK_COMMANDS, HELP_DESK_USAGE, runHelpDesk } from './help-desk/run';
import { Outbox } from './mail/outbox';
import { SmtpSender } from './mail/smtp-sender';
import { DEMO_PASSWORD } from './seed';
import { startServer } from './server';
import { systemClock } from './services/clock';
import { setUpLoopBatching } from './loop-batching-setup';
import { hashingThreads, hashingThreadsLine } from './thread-pool';

/**
 * `npm run server`: runs the API server from environment configuration and
 * prints where it listens, the demo accounts and the dev mailbox.
 */
async function serve(): Promise<void> {
  const config = loadServerConfig();
  const pool = hashingThreads();
  // Only the stand-alone server batches its loop: the app's embedded one shares a process with the window.
  const batching = await setUpLoopBatching(config.loopBatchMs, pool.threads);
  const server = await startServer(config);
  const lines = [`Click-N-Ship API server listening at ${server.url}`, hashingThreadsLine(pool), batching];
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

/** `npm run server -- <command>`: one help-desk command against the configured database. */
async function helpDesk(argv: string[]): Promise<number> {
  const config = loadServerConfig();
  const database = await openDatabase(config.databaseUrl);
  const smtp = config.smtpUrl ? new SmtpSender(config.smtpUrl, config.mailFrom) : undefined;
  try {
    const result = await runHelpDesk(argv, process.env, {
      db: database.db,
      clock: systemClock,
      email: smtp ?? new Outbox(database.db, systemClock),
    });
    (result.exitCode === 0 ? process.stdout : process.stderr).write(`${result.output}\n`);
    return result.exitCode;
  } finally {
    smtp?.close();
    await database.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0];
  if (command === undefined || command === 'serve') return serve();
  if (command === 'help' || command === '--help') {
    process.stdout.write(`${HELP_DESK_USAGE}\n`);
    return;
  }
  if (!(HELP_DESK_COMMANDS as readonly string[]).includes(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${HELP_DESK_USAGE}\n`);
    process.exit(2);
  }
  process.exit(await helpDesk(argv));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `${process.argv[2] && process.argv[2] !== 'serve' ? 'The command' : 'The server'} failed: ${String(error)}`}\n`,
  );
  process.exit(1);
});
