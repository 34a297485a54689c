import { DEFAULT_LOOP_BATCH_MS } from '../src-server/loop-batching';
import { compareServerVariants, planFromEnv } from './lib/alternating-servers';
import { printHeader } from './lib/machine';

/**
 * What the stand-alone server's event-loop batching under hash load
 * (src-server/loop-batching.ts, CNS_LOOP_BATCH_MS) is worth: whole sign-ins
 * per second and CPU per sign-in on two copies of our server, one as it
 * starts by default and one with batching off, in alternating short rounds
 * (lib/alternating-servers.ts). BENCH_LOOP_BATCH_MS compares another longest pause.
 */
async function main(): Promise<void> {
  const longest = process.env.BENCH_LOOP_BATCH_MS ?? String(DEFAULT_LOOP_BATCH_MS);
  printHeader(`Event-loop batching under hash load: pauses of up to ${longest} ms vs none`);
  await compareServerVariants(
    [
      { label: `batching up to ${longest} ms`, env: { CNS_LOOP_BATCH_MS: longest } },
      { label: 'no batching', env: { CNS_LOOP_BATCH_MS: '0' } },
    ],
    planFromEnv({ concurrency: 16, rounds: 6, seconds: 5, warmupSeconds: 15 }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
