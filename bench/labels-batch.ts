/**
 * Labels per second for a 100-row batch: a real server (SQLite file, `local`
 * provider) over HTTP, as the app uses it. Measures the batch purchase (check,
 * price, debit, make each label) and the one-PDF render of all its labels, for
 * a few rounds, and prints the figures. Run with `npm run bench:labels`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadServerConfig } from '../src-server/config';
import { startServer } from '../src-server/server';
import { defaultAuthPolicy } from '../src-server/services/auth-policy';
import { systemClock } from '../src-server/services/clock';
import { SessionService } from '../src-server/services/sessions';
import { batchCsv } from '../test/helpers/shipping-batch-file';

const ROWS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-labels-'));
  const server = await startServer(
    loadServerConfig(
      {},
      {
        databaseUrl: `sqlite:${join(dir, 'bench.db')}`,
        host: '127.0.0.1',
        port: 0,
        devMode: true,
        seedDemo: true,
        logLevel: 'silent',
      },
    ),
  );
  try {
    const user = await server.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'demo')
      .executeTakeFirstOrThrow();
    const { accessToken } = await new SessionService(server.database.db, systemClock, defaultAuthPolicy).create(
      user.id,
    );
    const call = async (method: string, path: string, body?: string, type = 'application/json') => {
      const response = await fetch(new URL(path, server.url), {
        method,
        headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': type }) },
        body,
      });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    const from = (await (
      await call(
        'POST',
        '/v1/shipping/addresses',
        JSON.stringify({
          name: 'Bench Shop',
          street1: '1 Main St',
          city: 'Albany',
          state: 'NY',
          zip: '12207',
          isDefaultReturn: true,
        }),
      )
    ).json()) as { id: string };
    const csv = batchCsv(ROWS, false);

    console.log(
      `labels-batch: ${ROWS}-row batch, local provider, SQLite, ${ROUNDS} rounds, ${cpus().length} CPUs, Node ${process.version}`,
    );
    const results: Array<{ buy: number; pdf: number; bytes: number }> = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (let i = 0; i < 4; i += 1)
        await call('POST', '/v1/shipping/account/top-up', JSON.stringify({ amountCents: 100_000 }));
      const t0 = performance.now();
      const bought = (await (
        await call(
          'POST',
          `/v1/shipping/batches?fromAddressId=${from.id}&idempotencyKey=bench-round-${round}-${Date.now()}`,
          csv,
          'text/csv',
        )
      ).json()) as { batchId: string; labels: unknown[]; failed: unknown[] };
      const t1 = performance.now();
      const pdf = await (await call('GET', `/v1/shipping/batches/${bought.batchId}/file?format=pdf-4x6`)).arrayBuffer();
      const t2 = performance.now();
      if (bought.labels.length !== ROWS) throw new Error(`expected ${ROWS} labels, got ${bought.labels.length}`);
      results.push({ buy: t1 - t0, pdf: t2 - t1, bytes: pdf.byteLength });
      const total = t2 - t0;
      console.log(
        `  round ${round}: buy ${(t1 - t0).toFixed(0)} ms (${((ROWS * 1000) / (t1 - t0)).toFixed(1)} labels/s), ` +
          `one PDF of ${ROWS} labels ${(t2 - t1).toFixed(0)} ms (${((ROWS * 1000) / (t2 - t1)).toFixed(1)} labels/s, ${(pdf.byteLength / 1024).toFixed(0)} KB), ` +
          `end to end ${((ROWS * 1000) / total).toFixed(1)} labels/s`,
      );
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const buy = median(results.map((r) => r.buy));
    const pdf = median(results.map((r) => r.pdf));
    console.log(
      `median: buy ${((ROWS * 1000) / buy).toFixed(1)} labels/s, PDF ${((ROWS * 1000) / pdf).toFixed(1)} labels/s, ` +
        `buy + PDF ${((ROWS * 1000) / (buy + pdf)).toFixed(1)} labels/s for a ${ROWS}-row batch`,
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
