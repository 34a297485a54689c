import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import { openDatabase, type OpenDatabase } from './db/database';
import { createLogger } from './logger';
import { Outbox } from './mail/outbox';
import { SmsGatewaySender } from './mail/sms-gateway';
import { SmtpSender } from './mail/smtp-sender';
import { seedDemoAccounts } from './seed';
import { defaultAuthPolicy, type AuthPolicy } from './services/auth-policy';
import { systemClock, type Clock } from './services/clock';
import { pruneExpired } from './services/housekeeping';
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
  /** Replaces single numbers of the policy (tests of other areas only; the security tests use the defaults). */
  policy?: Partial<AuthPolicy>;
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
  const sms = config.smsGateway ? new SmsGatewaySender(config.smsGateway) : outbox;
  let listenUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const origins = (): string[] => {
    const list = [listenUrl];
    const local = new URL(listenUrl);
    if (local.hostname === '127.0.0.1') list.push(`http://localhost:${local.port}`);
    if (local.hostname === 'localhost') list.push(`http://127.0.0.1:${local.port}`);
    if (config.publicUrl) list.push(config.publicUrl);
    return [...new Set(list.map((u) => new URL(u).origin))];
  };
  const app = buildApp({
    db,
    clock,
    policy: { ...defaultAuthPolicy, enrollmentCutoff: config.enrollmentCutoff, ...options.policy },
    otpKey,
    email: smtp ?? outbox,
    sms,
    devOutbox: config.devMode ? outbox : undefined,
    logger,
    publicUrl: () => config.publicUrl ?? listenUrl,
    origins: () => (config.publicUrl ? [new URL(config.publicUrl).origin, ...origins()] : origins()),
    trustProxy: config.trustProxy,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  listenUrl = url;
  // Housekeeping: expired flows, links, counters; hourly, never keeping the process alive.
  const policy = { ...defaultAuthPolicy, enrollmentCutoff: config.enrollmentCutoff, ...options.policy };
  const prune = (): void => {
    pruneExpired(db, clock, policy).catch(() => logger.warn('housekeeping pass failed; will retry'));
  };
  const housekeeping = setInterval(prune, 3_600_000);
  housekeeping.unref();
  return {
    url,
    app,
    database,
    seeded,
    async close() {
      clearInterval(housekeeping);
      await app.close();
      smtp?.close();
      await database.close();
    },
  };
}
