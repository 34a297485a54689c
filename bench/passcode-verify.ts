import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonResult } from 'autocannon';
import { openDatabase } from '../src-server/db/database';
import type { EmailMessage } from '../src-server/mail/delivery';
import { defaultAuthPolicy } from '../src-server/services/auth-policy';
import { systemClock } from '../src-server/services/clock';
import { FlowStore } from '../src-server/services/flows';
import { PasscodeService } from '../src-server/services/passcodes';
import { loadOrCreateKey } from '../src-server/services/server-keys';
import { createScratchDatabase } from '../test/helpers/postgres';
import { benchUser, seedBenchUsers } from './lib/bench-users';
import { startChildServer } from './lib/child-server';
import { printFigure, printHeader } from './lib/machine';
import { runLanes } from './lib/stats';

/**
 * Passcode verification alone: requests per second and p50/p99 latency of
 * successful `POST /v1/auth/otp/verify` calls (each opens a session) at a fixed
 * concurrency, with autocannon, on SQLite (WAL) and on PostgreSQL. Every
 * request verifies a different flow's correct code: the flows are prepared
 * first with the server's own services, so argon2id is not part of this figure.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const FLOWS = {
  sqlite: Number(process.env.BENCH_FLOWS_SQLITE ?? 15_000),
  postgres: Number(process.env.BENCH_FLOWS_PG ?? 8_000),
};

async function prepare(url: string, count: number): Promise<Array<{ flowId: string; code: string }>> {
  const database = await openDatabase(url);
  try {
    await seedBenchUsers(database.db, 1);
    const user = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', benchUser(0).username)
      .executeTakeFirstOrThrow();
    const key = await loadOrCreateKey(database.db, systemClock, 'otp-hmac');
    let lastCode = '';
    const capture = {
      async sendEmail(message: EmailMessage) {
        lastCode = /passcode: (\d{6})/.exec(message.text)?.[1] ?? '';
      },
      async sendSms() {},
    };
    const flows = new FlowStore(database.db, systemClock, defaultAuthPolicy.flowLifetimeMs);
    const passcodes = new PasscodeService(database.db, systemClock, defaultAuthPolicy, key, {
      email: capture,
      sms: capture,
    });
    const prepared: Array<{ flowId: string; code: string }> = [];
    // One lane: the capture keeps only the last code, and issue() awaits the send before returning.
    await runLanes(1, count, async () => {
      const flow = await flows.create(user.id, 'enter-otp');
      await passcodes.issue(flow.id, 'email', benchUser(0).email, 'sign-in');
      prepared.push({ flowId: flow.id, code: lastCode });
    });
    return prepared;
  } finally {
    await database.close();
  }
}

async function measure(engine: 'sqlite' | 'postgres', url: string): Promise<void> {
  const t0 = performance.now();
  const prepared = await prepare(url, FLOWS[engine]);
  process.stdout.write(
    `prepared ${prepared.length} flows on ${engine} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const server = await startChildServer('bench/servers/cns-server.ts', { BENCH_DB_URL: url, BENCH_USERS: '0' });
  try {
    // Warm-up on the first 5 %, then measure on the rest.
    const warm = Math.floor(prepared.length * 0.05);
    const run = async (slice: Array<{ flowId: string; code: string }>): Promise<AutocannonResult> => {
      let next = 0;
      return autocannon({
        url: server.url,
        connections: CONNECTIONS,
        amount: slice.length,
        requests: [
          {
            method: 'POST',
            path: '/v1/auth/otp/verify',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => {
              const item = slice[next];
              next += 1;
              return { ...request, body: JSON.stringify(item ?? { flowId: 'x', code: '000000' }) };
            },
          },
        ],
      });
    };
    await run(prepared.slice(0, warm));
    const result = await run(prepared.slice(warm));
    const ok = result['2xx'];
    const rps = ok / result.duration;
    printFigure(
      `passcode verify on ${engine}, ${CONNECTIONS} connections`,
      `${rps.toFixed(0)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms`,
    );
    printFigure(`  answers on ${engine}`, `${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors`);
    if (engine === 'sqlite') printFigure('  target on SQLite', '>= 3000 req/s at p99 <= 20 ms');
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  printHeader('Passcode verification (autocannon)');
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-verify-'));
  try {
    await measure('sqlite', `sqlite:${join(dir, 'cns.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.BENCH_SKIP_PG === '1') return;
  const pgdb = await createScratchDatabase('cns_bench');
  try {
    await measure('postgres', pgdb.url);
  } finally {
    await pgdb.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
