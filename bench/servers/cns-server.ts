import pino from 'pino';
import { buildApp } from '../../src-server/app';
import { loadServerConfig } from '../../src-server/config';
import { openDatabase } from '../../src-server/db/database';
import { createLogger } from '../../src-server/logger';
import type { EmailMessage, SmsMessage } from '../../src-server/mail/delivery';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { systemClock } from '../../src-server/services/clock';
import { loadOrCreateKey } from '../../src-server/services/server-keys';
import { hashingThreads } from '../../src-server/thread-pool';
import { setUpLoopBatching } from '../../src-server/loop-batching-setup';
import { seedBenchUsers } from '../lib/bench-users';
import { reportCode, reportReady } from '../lib/child-server';

/**
 * Our API server for benchmarks: the same `buildApp` as `startServer`, over the
 * database BENCH_DB_URL names, with an in-process mailer that hands each
 * passcode to the parent over IPC (as the peer's `sendOTP` hook does), instead
 * of SMTP or the dev outbox.
 */
async function main(): Promise<void> {
  // As the CLI server starts: event-loop batching under hash load unless CNS_LOOP_BATCH_MS=0.
  await setUpLoopBatching(loadServerConfig().loopBatchMs, hashingThreads().threads);
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error('BENCH_DB_URL is required');
  const database = await openDatabase(url);
  const users = Number(process.env.BENCH_USERS ?? '0');
  if (users > 0) await seedBenchUsers(database.db, users);
  // BENCH_CHEAP_USERS more accounts after those, with a cheap hash: they only prepare passcode steps.
  const cheap = Number(process.env.BENCH_CHEAP_USERS ?? '0');
  if (cheap > 0) await seedBenchUsers(database.db, cheap, true, users);
  const otpKey = await loadOrCreateKey(database.db, systemClock, 'otp-hmac');
  const capture = {
    async sendEmail(message: EmailMessage) {
      reportCode(message.to, /passcode: (\d{6})/.exec(message.text)?.[1] ?? '');
    },
    async sendSms(message: SmsMessage) {
      reportCode(message.to, /passcode is (\d{6})/.exec(message.text)?.[1] ?? '');
    },
  };
  const app = buildApp({
    db: database.db,
    clock: systemClock,
    policy: defaultAuthPolicy,
    otpKey,
    email: capture,
    sms: capture,
    // BENCH_LOG_LEVEL=info logs as a stand-alone server does by default (CNS_LOG_LEVEL), to BENCH_LOG_FILE
    // (else /dev/null); silent by default, as the peer writes no line per request either.
    logger: createLogger(
      process.env.BENCH_LOG_LEVEL || 'silent',
      process.env.BENCH_LOG_LEVEL ? pino.destination({ dest: process.env.BENCH_LOG_FILE ?? '/dev/null' }) : undefined,
    ),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  reportReady(address);
  const stop = (): void => {
    void app.close().then(() => database.close().then(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${String(error)}\n`);
  process.exit(1);
});
