import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonResult } from 'autocannon';
import type { AuthResponse } from '../src-shared/api-schemas';
import { openDatabase } from '../src-server/db/database';
import { createScratchDatabase } from '../test/helpers/postgres';
import { BENCH_PASSWORD, benchUser, seedBenchUsers } from './lib/bench-users';
import { startChildServer, type ChildServer } from './lib/child-server';
import { BenchClient } from './lib/http-client';
import { printFigure, printHeader } from './lib/machine';

/**
 * Passcode verification alone: requests per second and p50/p99 latency of
 * `POST /v1/auth/otp/verify` with the correct code at a fixed concurrency, with
 * autocannon, on SQLite (WAL) and on PostgreSQL. Every request verifies a
 * different flow: the flows are prepared first through the login route, for
 * accounts with a deliberately cheap argon2id hash (argon2id is not part of
 * this figure; the sign-in cost benchmark covers it).
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const FLOWS = {
  sqlite: Number(process.env.BENCH_FLOWS_SQLITE ?? 15_000),
  postgres: Number(process.env.BENCH_FLOWS_PG ?? 8_000),
};
const LANES = 16;

interface Prepared {
  flowId: string;
  code: string;
}

/** Logs in `count` times; each lane owns one account, so its codes arrive in the order of its flows. */
async function prepare(server: ChildServer, count: number): Promise<Prepared[]> {
  const client = new BenchClient(server.url);
  const prepared: Prepared[] = [];
  const lane = async (user: number): Promise<void> => {
    const { username, email } = benchUser(user);
    for (let k = 0; k < Math.ceil(count / LANES); k += 1) {
      const reply = await client.json<AuthResponse>('POST', '/v1/auth/login', { username, password: BENCH_PASSWORD });
      prepared.push({ flowId: reply.flowId, code: await server.inbox.next(email) });
    }
  };
  try {
    await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  } finally {
    client.close();
  }
  return prepared;
}

/**
 * One autocannon run over `slice`, each request a different flow. autocannon
 * notices that `amount` is reached only at its next 1-second tick, so its own
 * duration (and a rate taken from it) is rounded up to whole seconds; the
 * run's time here ends at the last response instead.
 */
async function verifyRun(url: string, slice: Prepared[]): Promise<{ result: AutocannonResult; seconds: number }> {
  let next = 0;
  const started = performance.now();
  let lastResponse = started;
  const result = await autocannon({
    url,
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
          return { ...request, body: JSON.stringify(item ?? {}) };
        },
        onResponse: () => {
          lastResponse = performance.now();
        },
      },
    ],
  });
  return { result, seconds: (lastResponse - started) / 1000 };
}

async function measure(engine: 'sqlite' | 'postgres', url: string): Promise<void> {
  const database = await openDatabase(url);
  await seedBenchUsers(database.db, LANES, true);
  await database.close();
  const server = await startChildServer('bench/servers/cns-server.ts', { BENCH_DB_URL: url, BENCH_USERS: '0' });
  try {
    const t0 = performance.now();
    const prepared = await prepare(server, FLOWS[engine]);
    process.stdout.write(
      `prepared ${prepared.length} flows on ${engine} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    // Warm-up on the first 5 %, then measure on the rest.
    const warm = Math.floor(prepared.length * 0.05);
    await verifyRun(server.url, prepared.slice(0, warm));
    const { result, seconds } = await verifyRun(server.url, prepared.slice(warm));
    const ok = result['2xx'];
    printFigure(
      `passcode verify on ${engine}, ${CONNECTIONS} connections`,
      `${(ok / seconds).toFixed(0)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms`,
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
