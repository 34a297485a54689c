import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { ARGON2ID_PARAMS } from '../src-server/services/passwords';
import { startChildServer } from './lib/child-server';
import { BenchClient } from './lib/http-client';
import { printFigure, printHeader } from './lib/machine';
import { cnsDriver } from './lib/sign-in-clients';
import { ms, percentile, runFor } from './lib/stats';

/**
 * Sign-in cost: whole password sign-ins per second through our server
 * (password -> emailed passcode -> session, over HTTP) against raw argon2id
 * hashes per second with the same parameters, in the same run. The hash is
 * the physical floor of a sign-in, so the ratio is our overhead.
 * Raw hashing is measured before and after the server run and averaged.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function rawArgon2(seconds: number): Promise<number> {
  let n = 0;
  const result = await runFor(CONCURRENCY, seconds, async () => {
    await hash(`password-${(n += 1)}`, ARGON2ID_PARAMS);
    return true;
  });
  return result.perSecond;
}

async function main(): Promise<void> {
  printHeader(
    `Sign-in cost: whole sign-ins vs raw argon2id (m=${ARGON2ID_PARAMS.memoryCost} KiB, t=${ARGON2ID_PARAMS.timeCost}, p=${ARGON2ID_PARAMS.parallelism}), ${CONCURRENCY} concurrent`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-cost-'));
  const server = await startChildServer('bench/servers/cns-server.ts', {
    BENCH_DB_URL: `sqlite:${join(dir, 'cns.db')}`,
    BENCH_USERS: String(CONCURRENCY),
  });
  const client = new BenchClient(server.url, CONCURRENCY * 2);
  const driver = cnsDriver(client, server.inbox);
  const signIn = (seconds: number): ReturnType<typeof runFor> =>
    runFor(CONCURRENCY, seconds, async (lane) => {
      await driver.passcode(lane, await driver.password(lane), false);
      return true;
    });
  try {
    await rawArgon2(1);
    await signIn(1.5);
    const before = await rawArgon2(SECONDS / 2);
    printFigure('raw argon2id hashes (before)', `${before.toFixed(1)}/s`);
    const whole = await signIn(SECONDS);
    printFigure(
      'whole sign-ins through the server (SQLite WAL)',
      `${whole.perSecond.toFixed(1)}/s  p50 ${ms(percentile(whole.latencies, 50))}  p99 ${ms(percentile(whole.latencies, 99))}`,
    );
    const after = await rawArgon2(SECONDS / 2);
    printFigure('raw argon2id hashes (after)', `${after.toFixed(1)}/s`);
    const raw = (before + after) / 2;
    printFigure('ratio sign-ins / raw hashes, target >= 0.90', `${(whole.perSecond / raw).toFixed(2)}`);
  } finally {
    client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
