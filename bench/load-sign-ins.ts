import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { Kysely } from 'kysely';
import type { AuthResponse } from '../src-shared/api-schemas';
import { openDatabase } from '../src-server/db/database';
import type { Database } from '../src-server/db/schema';
import { createScratchDatabase } from '../test/helpers/postgres';
import { BENCH_PASSWORD, benchUser, seedBenchUsers } from './lib/bench-users';
import { BenchClient } from './lib/http-client';
import { printFigure, printHeader } from './lib/machine';
import { finishSignIn } from './lib/sign-in-clients';
import { ms, percentile } from './lib/stats';
import { SERVER_NODE_ARGS } from './lib/child-server';

/**
 * Load: FLOWS full sign-ins started at the same moment against `npm run
 * server`'s own process (dev mode, so passcodes go to the dev outbox): password,
 * then the passcode read from the outbox, then the session. Counts that every
 * flow ended in exactly one session (none lost, none duplicated) and prints
 * throughput and p99, on SQLite and on PostgreSQL.
 */
const FLOWS = Number(process.env.BENCH_LOAD_FLOWS ?? 500);

async function startCli(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src-server/cli.ts'], {
    env: {
      ...process.env,
      CNS_DATABASE_URL: databaseUrl,
      CNS_HOST: '127.0.0.1',
      CNS_PORT: '0',
      CNS_DEV_MODE: '1',
      CNS_SEED_DEMO: '0',
      CNS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening at (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}: ${seen}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.removeAllListeners('exit');
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The newest passcode in the dev outbox for `email`, waiting for it to arrive. */
async function outboxCode(db: Kysely<Database>, email: string): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    const row = await db
      .selectFrom('outbox')
      .select('body')
      .where('recipient', '=', email)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const code = /passcode: (\d{6})/.exec(row?.body ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no passcode for ${email} in the outbox`);
}

async function run(engine: string, databaseUrl: string): Promise<void> {
  const database = await openDatabase(databaseUrl);
  await seedBenchUsers(database.db, FLOWS);
  const server = await startCli(databaseUrl);
  const client = new BenchClient(server.url);
  const tokens: string[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: FLOWS }, async (_, i) => {
        const { username, email } = benchUser(i);
        const t0 = performance.now();
        try {
          const login = await client.json<AuthResponse>('POST', '/v1/auth/login', {
            username,
            password: BENCH_PASSWORD,
          });
          const code = await outboxCode(database.db, email);
          const verified = await client.json<AuthResponse>('POST', '/v1/auth/otp/verify', {
            flowId: login.flowId,
            code,
          });
          const done = await finishSignIn(client, verified);
          if (!done.session) throw new Error('no session');
          tokens.push(done.session.accessToken);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures.push(`${username}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sessions = await database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.username'])
      .execute();
    const perUser = new Map<string, number>();
    for (const s of sessions) perUser.set(s.username, (perUser.get(s.username) ?? 0) + 1);
    const duplicated = [...perUser.values()].filter((n) => n > 1).length;
    const lost = FLOWS - tokens.length;
    printFigure(
      `${FLOWS} concurrent full sign-ins on ${engine}`,
      `${(FLOWS / seconds).toFixed(1)}/s  p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}`,
    );
    printFigure(
      `  outcome on ${engine}`,
      `${tokens.length} sessions, ${new Set(tokens).size} distinct, ${sessions.length} rows, lost ${lost}, duplicated ${duplicated}`,
    );
    if (failures.length > 0) process.stdout.write(`  failures: ${failures.slice(0, 5).join('; ')}\n`);
    if (lost > 0 || duplicated > 0 || sessions.length !== FLOWS || new Set(tokens).size !== FLOWS) process.exitCode = 1;
  } finally {
    client.close();
    await server.stop();
    await database.close();
  }
}

async function main(): Promise<void> {
  printHeader(`Load: ${FLOWS} concurrent full sign-ins (password -> passcode from the dev outbox -> session)`);
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-load-'));
  try {
    await run('SQLite', `sqlite:${join(dir, 'load.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.BENCH_SKIP_PG === '1') return;
  const pgdb = await createScratchDatabase('cns_bench_load');
  try {
    await run('PostgreSQL', pgdb.url);
  } finally {
    await pgdb.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
