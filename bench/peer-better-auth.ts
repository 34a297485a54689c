import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './lib/child-server';
import { BenchClient } from './lib/http-client';
import { printFigure, printHeader } from './lib/machine';
import { betterAuthDriver, cnsDriver, type SignInDriver } from './lib/sign-in-clients';
import { ms, percentile, runFor, runLanes } from './lib/stats';

/**
 * Side by side with a peer, same run, same machine: Better Auth 1.7 (email +
 * password, two-factor plugin with passcodes by email) against our server,
 * both on a SQLite file in WAL mode, both hashing with argon2id at our
 * parameters, both driven by the same client at the same concurrency.
 * Prints sign-ins per second for the whole sign-in and for the passcode step
 * alone (send + verify), and our/their ratio.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WHOLE_SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 1);
const PREPARED_OURS = Number(process.env.BENCH_PREPARED_OURS ?? 6000);
const PREPARED_PEER = Number(process.env.BENCH_PREPARED_PEER ?? 1200);
/** Passcode steps run first on each side and not counted, so neither is measured with a cold JIT. */
const WARM_UP_STEPS = Number(process.env.BENCH_WARM_UP_STEPS ?? 160);
const RESEND_COOLDOWN_MS = 31_000;

interface Side {
  server: ChildServer;
  client: BenchClient;
  driver: SignInDriver;
}

async function start(kind: 'cns' | 'peer', dir: string): Promise<Side> {
  const script = kind === 'cns' ? 'bench/servers/cns-server.ts' : 'bench/servers/better-auth-server.ts';
  const server = await startChildServer(script, {
    BENCH_DB_URL: `sqlite:${join(dir, `${kind}.db`)}`,
    BENCH_DB_FILE: join(dir, `${kind}.db`),
    BENCH_USERS: String(CONCURRENCY),
    BENCH_CHEAP_USERS: String(CONCURRENCY),
  });
  const client = new BenchClient(server.url);
  const driver = kind === 'cns' ? cnsDriver(client, server.inbox) : betterAuthDriver(client, server.inbox);
  return { server, client, driver };
}

/**
 * Whole sign-ins for `seconds`, counted after the first WHOLE_SETTLE_SECONDS
 * (see runFor), as the cost benchmark counts its rounds: before the first
 * sign-ins can finish, neither side runs at its steady rate, and the two take
 * different times to get there (the ratio counted from the start is printed
 * beside it).
 */
async function wholeSignIn(side: Side, seconds: number): Promise<ReturnType<typeof runFor>> {
  const send = side.driver.name !== 'Click-N-Ship';
  return runFor(
    CONCURRENCY,
    seconds,
    async (lane) => {
      const handle = await side.driver.password(lane);
      await side.driver.passcode(lane, handle, send);
      return true;
    },
    WHOLE_SETTLE_SECONDS,
  );
}

/**
 * Prepares `count` password steps, spread over the accounts after the first
 * CONCURRENCY (those have a cheap hash on both sides: the passcode step does
 * not hash, and the password steps are only its preparation), so each lane
 * owns its own account.
 */
async function preparePasswordSteps(side: Side, count: number): Promise<unknown[][]> {
  const perUser: unknown[][] = Array.from({ length: CONCURRENCY }, () => []);
  await runLanes(CONCURRENCY, count, async (i) => {
    const lane = i % CONCURRENCY;
    perUser[lane]?.push(await side.driver.password(CONCURRENCY + lane));
  });
  side.server.inbox.clear();
  return perUser;
}

/** The passcode step on every prepared password step, `CONCURRENCY` at a time; the first `warmUp` are not counted. */
async function passcodeStep(
  side: Side,
  prepared: unknown[][],
  toSession = true,
  warmUp = WARM_UP_STEPS,
): Promise<ReturnType<typeof runFor>> {
  const step = (lane: number, handle: unknown): Promise<void> =>
    side.driver.passcode(CONCURRENCY + lane, handle, true, toSession);
  // Each lane on its own account: codes are read per recipient, in order.
  await Promise.all(
    prepared.map(async (handles, lane) => {
      for (let k = 0; k < warmUp / CONCURRENCY; k += 1) {
        const handle = handles.pop();
        if (handle !== undefined) await step(lane, handle);
      }
    }),
  );
  return runFor(CONCURRENCY, 600, async (lane) => {
    const handle = prepared[lane]?.pop();
    if (handle === undefined) return false;
    await step(lane, handle);
    return true;
  });
}

function report(label: string, result: Awaited<ReturnType<typeof runFor>>): void {
  printFigure(
    label,
    `${result.settledPerSecond.toFixed(1)}/s  p50 ${ms(percentile(result.latencies, 50))}  p99 ${ms(percentile(result.latencies, 99))}`,
  );
}

async function main(): Promise<void> {
  printHeader(`Peer side by side: Better Auth vs Click-N-Ship (SQLite WAL, argon2id, ${CONCURRENCY} concurrent)`);
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-peer-'));
  const ours = await start('cns', dir);
  const peer = await start('peer', dir);
  try {
    for (const side of [ours, peer]) await wholeSignIn(side, 1.5); // warm-up

    // Whole sign-in, two alternating rounds so drifting load hits both sides alike.
    const whole: Record<string, number[]> = { ours: [], peer: [] };
    const fromStart: Record<string, number[]> = { ours: [], peer: [] };
    for (let round = 1; round <= 2; round += 1) {
      for (const [key, side] of [
        ['ours', ours],
        ['peer', peer],
      ] as const) {
        const result = await wholeSignIn(side, SECONDS / 2);
        whole[key]?.push(result.settledPerSecond);
        fromStart[key]?.push(result.perSecond);
        report(`whole sign-in, ${side.driver.name}, round ${round}`, result);
      }
    }
    const mean = (xs: number[] = []): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const wholeRatio = mean(whole.ours) / mean(whole.peer);
    printFigure('whole sign-in ratio (ours / Better Auth)', `${wholeRatio.toFixed(2)}×`);
    printFigure(
      "  the same counted from each round's start",
      `${(mean(fromStart.ours) / mean(fromStart.peer)).toFixed(2)}×`,
    );

    // Passcode step alone: prepare every password step first (each challenge verifies once).
    // Ours twice over: once measured to the verified passcode (send + verify, the step the target
    // names), once on to the session (our verify answers the modify offer of guide C1, whose Cancel
    // opens the session; Better Auth's verification answers with the session).
    const oursPrepared = await preparePasswordSteps(ours, PREPARED_OURS + WARM_UP_STEPS);
    const oursPreparedToSession = await preparePasswordSteps(ours, PREPARED_OURS + WARM_UP_STEPS);
    const preparedAt = Date.now();
    const peerPrepared = await preparePasswordSteps(peer, PREPARED_PEER + WARM_UP_STEPS);
    const peerStep = await passcodeStep(peer, peerPrepared);
    report('passcode step (send + verify), Better Auth', peerStep);
    // Our policy makes Resend wait 30 s after the last send; wait it out rather than change the policy.
    const wait = preparedAt + RESEND_COOLDOWN_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const oursStep = await passcodeStep(ours, oursPrepared, false);
    report('passcode step (resend + verify), Click-N-Ship', oursStep);
    const oursToSession = await passcodeStep(ours, oursPreparedToSession, true);
    report('  the same on to the session (+ Cancel, guide C3)', oursToSession);
    printFigure(
      'passcode step ratio (ours / Better Auth), target >= 10×',
      `${(oursStep.perSecond / peerStep.perSecond).toFixed(2)}×`,
    );
    printFigure(
      '  ratio on to the session (ours with Cancel / Better Auth)',
      `${(oursToSession.perSecond / peerStep.perSecond).toFixed(2)}×`,
    );
  } finally {
    ours.client.close();
    peer.client.close();
    await Promise.all([ours.server.stop(), peer.server.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
