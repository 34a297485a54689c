import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash, verify } from '@node-rs/argon2';
import SqliteDatabase from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import { twoFactor } from 'better-auth/plugins';
import { ARGON2ID_PARAMS } from '../../src-server/services/passwords';
import { BENCH_PASSWORD, CHEAP_ARGON2ID, benchUser } from '../lib/bench-users';
import { reportCode, reportReady } from '../lib/child-server';

/** The parameters new hashes get: the real ones, but for the accounts that only prepare passcode steps. */
let hashParams: typeof ARGON2ID_PARAMS | typeof CHEAP_ARGON2ID = ARGON2ID_PARAMS;

/**
 * The peer for the side-by-side benchmark: Better Auth with email + password
 * (argon2id with our exact parameters through its hash/verify hooks) and its
 * two-factor plugin sending passcodes by "email" (an in-process hook that
 * hands the code to the parent over IPC, as our benchmark server does), on a
 * SQLite file (better-sqlite3) in WAL mode with the same pragmas as ours.
 */
async function main(): Promise<void> {
  const file = process.env.BENCH_DB_FILE;
  if (!file) throw new Error('BENCH_DB_FILE is required');
  const sqlite = new SqliteDatabase(file);
  // The same pragmas as src-server/db/database.ts.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const options = {
    appName: 'bench-peer',
    baseURL,
    secret: 'bench-only-secret-bench-only-secret-0123456789',
    database: sqlite,
    telemetry: { enabled: false },
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      password: {
        hash: (password: string) => hash(password, hashParams),
        verify: ({ hash: stored, password }: { hash: string; password: string }) => verify(stored, password),
      },
    },
    plugins: [
      twoFactor({
        otpOptions: {
          sendOTP: ({ user, otp }) => {
            reportCode(user.email, otp);
          },
        },
      }),
    ],
  };
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  const auth = betterAuth(options);

  const signUp = async (i: number): Promise<void> => {
    const { email, username } = benchUser(i);
    const answer = await auth.api.signUpEmail({
      body: { email, password: BENCH_PASSWORD, name: username },
      returnHeaders: true,
    });
    const cookie = (answer.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(';')[0])
      .filter(Boolean)
      .join('; ');
    await auth.api.enableTwoFactor({
      body: { password: BENCH_PASSWORD, method: 'otp' },
      headers: new Headers({ cookie, origin: baseURL }),
    });
  };
  const users = Number(process.env.BENCH_USERS ?? '0');
  for (let i = 0; i < users; i += 1) await signUp(i);

  // BENCH_CHEAP_USERS more accounts after those, with a cheap hash (verify reads the parameters from
  // the stored hash): they only prepare passcode steps, exactly as on our side.
  const cheap = Number(process.env.BENCH_CHEAP_USERS ?? '0');
  hashParams = CHEAP_ARGON2ID;
  for (let i = users; i < users + cheap; i += 1) await signUp(i);
  hashParams = ARGON2ID_PARAMS;

  server.on('request', toNodeHandler(auth));
  reportReady(baseURL);
  const stop = (): void => {
    server.close(() => {
      sqlite.close();
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`peer server failed: ${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
