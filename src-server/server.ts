import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import { openDatabase, type OpenDatabase } from './db/database';
import { createLogger } from './logger';
import { Outbox } from './mail/outbox';
import { SmtpSender } from './mail/smtp-sender';
import { seedDemoAccounts } from './seed';
import { defaultAuthPolicy } from './services/auth-policy';
import { systemClock, type Clock } from './services/clock';
import { loadOrCreateKey } from './services/server-keys';

/** A listening server and how to stop it. */
export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: OpenDatabase;
  seeded: string[];
  close(): Promise<void>;
}

/** Options beside configuration: tests inject the clock, logger or database schema. */
export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  databaseSchema?: string;
}

/**
 * Opens the database, seeds demo accounts in dev mode, wires delivery (SMTP or
 * the dev outbox) and starts listening. Used by the CLI, the app's embedded
 * server and the tests alike.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, { schema: options.databaseSchema });
  const { db } = database;
  const seeded = config.seedDemo ? await seedDemoAccounts(db, clock) : [];
  const otpKey = config.otpKey ?? (await loadOrCreateKey(db, clock, 'otp-hmac'));
  const outbox = new Outbox(db, clock);
  const smtp = config.smtpUrl ? new SmtpSender(config.smtpUrl, config.mailFrom) : undefined;
  const app = buildApp({
    db,
    clock,
    policy: { ...defaultAuthPolicy, enrollmentCutoff: config.enrollmentCutoff },
    otpKey,
    email: smtp ?? outbox,
    sms: outbox,
    devOutbox: config.devMode ? outbox : undefined,
    logger,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    app,
    database,
    seeded,
    async close() {
      await app.close();
      smtp?.close();
      await database.close();
    },
  };
}
