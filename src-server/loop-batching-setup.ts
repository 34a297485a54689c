import { loopBatchingLine, setLoopBatching } from './loop-batching';
import { timePasswordHash } from './services/passwords';

/**
 * Turns on the stand-alone server's event-loop batching as configured
 * (CNS_LOOP_BATCH_MS): times a hash on the idle pool first, since that bounds
 * every pause. Shared by the CLI and the benchmarks' server, so both start
 * alike; returns the start-up line.
 */
export async function setUpLoopBatching(longestMs: number, threads: number): Promise<string> {
  const hashMs = longestMs > 0 ? await timePasswordHash() : 0;
  setLoopBatching({ threads, longestMs, hashMs });
  return loopBatchingLine(longestMs, hashMs);
}
