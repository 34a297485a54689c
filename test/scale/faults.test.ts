import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, ErrorResponse } from '../../src-shared/api-schemas';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { ApiError } from '../../src-main/api/api-error';
import { openDatabase } from '../../src-server/db/database';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { systemClock } from '../../src-server/services/clock';
import { createScratchDatabase, PG_ADMIN_URL } from '../helpers/postgres';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer } from '../helpers/test-server';
import { clearKeychain, testVault } from '../helpers/test-vault';
import {
  TEST_PASSWORD,
  TestApi,
  confirmLink,
  finishSignIn,
  linkFrom,
  seedUser,
  testClock,
} from '../integration/server-journey';
import { startServerProcess, type ServerProcess } from './helpers/instances';
import { TcpGate } from './helpers/tcp-gate';

async function loginWithCode(
  api: TestApi,
  smtp: SmtpSink,
  username: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ flowId: string; code: string }> {
  const mark = smtp.messages.length;
  const reply = await api.step('/v1/auth/login', { username, password });
  expect(reply.step.kind).toBe('enter-otp');
  return { flowId: reply.flowId, code: await smtp.latestPasscode(email, mark) };
}

describe('SMTP unreachable', () => {
  let sink: SmtpSink;
  let gate: TcpGate;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clock = testClock();

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    gate = await new TcpGate(sink.port).open();
    server = await startTestServer({ dialect: 'sqlite', clock, smtpUrl: `smtp://127.0.0.1:${gate.port}` });
    await seedUser(server.database.db, clock, { username: 'mailfault', mfaMethod: 'email' });
  });
  afterAll(async () => {
    await server?.close();
    await gate?.close();
    await sink?.stop();
  });

  it('answers Resend with a clear retryable error, keeps the flow, and Resend works once SMTP is back', async () => {
    const api = new TestApi(server.url);
    const { flowId, code: firstCode } = await loginWithCode(api, sink, 'mailfault', 'mailfault@example.com');

    await gate.close();
    clock.advance(31_000);
    const failed = await api.post<ErrorResponse>('/v1/auth/otp/resend', { flowId });
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('DELIVERY_FAILED');
    expect(failed.body.error.message).toMatch(/could not be sent/i);
    expect(failed.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(failed.headers.get('retry-after')).toBe(String(failed.body.error.retryAfterSeconds));
    expect(JSON.stringify(failed.body)).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);

    // The flow is intact: still waiting for a passcode.
    const state = await api.get(`/v1/auth/flows/${flowId}`);
    expect(state.status).toBe(200);
    expect(state.body.step.kind).toBe('enter-otp');

    // Nothing was sent, so nothing holds Resend back once SMTP is back: no new cooldown, no lost code.
    await gate.open();
    const mark = sink.messages.length;
    const resent = await api.step('/v1/auth/otp/resend', { flowId });
    expect(resent.step.kind).toBe('enter-otp');
    const code = await sink.latestPasscode('mailfault@example.com', mark);
    // The resent code replaces the first one.
    if (code !== firstCode) {
      expect((await api.fails('/v1/auth/otp/verify', { flowId, code: firstCode })).status).toBe(400);
    }
    const verified = await api.step('/v1/auth/otp/verify', { flowId, code });
    await finishSignIn(api, flowId, verified);
  });

  it('keeps the code already delivered working when a Resend could not be sent', async () => {
    const api = new TestApi(server.url);
    const { flowId, code } = await loginWithCode(api, sink, 'mailfault', 'mailfault@example.com');
    await gate.close();
    clock.advance(31_000);
    expect((await api.fails('/v1/auth/otp/resend', { flowId })).code).toBe('DELIVERY_FAILED');
    await gate.open();
    const verified = await api.step('/v1/auth/otp/verify', { flowId, code });
    await finishSignIn(api, flowId, verified);
  });

  it('answers Log In with the same retryable error while SMTP is down, and signs in once it is back', async () => {
    const api = new TestApi(server.url);
    await gate.close();
    const failed = await api.post<ErrorResponse>('/v1/auth/login', { username: 'mailfault', password: TEST_PASSWORD });
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('DELIVERY_FAILED');
    await gate.open();
    clock.advance(31_000);
    const { flowId, code } = await loginWithCode(api, sink, 'mailfault', 'mailfault@example.com');
    await finishSignIn(api, flowId, await api.step('/v1/auth/otp/verify', { flowId, code }));
  });
});

describe('PostgreSQL connections killed mid-flow', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let sink: SmtpSink;
  let server: ServerProcess;

  beforeAll(async () => {
    scratch = await createScratchDatabase('cns_fault');
    sink = await new SmtpSink().start();
    server = await startServerProcess({ CNS_DATABASE_URL: scratch.url, CNS_SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
    await scratch?.drop();
  });

  /** Ends every session on the scratch database (never the cluster, which others use). */
  async function terminateBackends(): Promise<number> {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const name = new URL(scratch.url).pathname.slice(1);
      const result = await admin.query<{ pid: number }>(
        'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      return result.rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  it('the server reconnects and the flow finishes', async () => {
    const api = new TestApi(server.url);
    const { flowId, code } = await loginWithCode(api, sink, 'demo', 'demo@example.com', DEMO_PASSWORD);
    expect(await terminateBackends()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const verified = await api.post('/v1/auth/otp/verify', { flowId, code });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    await finishSignIn(api, flowId, verified.body);
  });

  it('requests in flight when the connections die get a clean try-again answer, the server lives, the flow finishes', async () => {
    const api = new TestApi(server.url);
    const { flowId, code } = await loginWithCode(api, sink, 'demo', 'demo@example.com', DEMO_PASSWORD);
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      fetch(new URL(i % 2 ? '/healthz' : `/v1/auth/flows/${flowId}`, server.url)).then(
        async (reply) => ({ status: reply.status, body: await reply.text() }),
        (error: unknown) => ({ status: 0, body: String(error) }),
      ),
    );
    await terminateBackends();
    const answers = await Promise.all(inFlight);
    expect(server.child.exitCode, `the server died:\n${server.output.join('')}`).toBeNull();
    for (const answer of answers) {
      // 200, or 503 DATABASE_UNAVAILABLE: a failure that says to try again (never a 500, never a trace).
      expect([200, 503], answer.body).toContain(answer.status);
      if (answer.status !== 200) expect(answer.body).toMatch(/"code":"DATABASE_UNAVAILABLE"/);
      expect(answer.body).not.toMatch(/terminat|pg_|at .*:\d+:\d+/i);
    }
    const verified = await api.post('/v1/auth/otp/verify', { flowId, code });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    await finishSignIn(api, flowId, verified.body);
  });
});

describe('PostgreSQL unreachable mid-flow', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let sink: SmtpSink;
  let gate: TcpGate;
  let server: ServerProcess;

  beforeAll(async () => {
    scratch = await createScratchDatabase('cns_dbgate');
    sink = await new SmtpSink().start();
    const url = new URL(scratch.url);
    gate = await new TcpGate(Number(url.port || 5432), url.hostname).open();
    url.port = String(gate.port);
    server = await startServerProcess({ CNS_DATABASE_URL: url.toString(), CNS_SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await server?.stop();
    await gate?.close();
    await sink?.stop();
    await scratch?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE with retry-after while the database is gone, and the same passcode works once it is back', async () => {
    const api = new TestApi(server.url);
    const { flowId, code } = await loginWithCode(api, sink, 'demo', 'demo@example.com', DEMO_PASSWORD);
    await gate.close();
    const refused = await api.post<ErrorResponse>('/v1/auth/otp/verify', { flowId, code });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(refused.body.error.retryAfterSeconds).toBe(5);
    expect(JSON.stringify(refused.body)).not.toMatch(/ECONN|pg_|terminat|at .*:\d+:\d+/i);
    const login = await api.fails('/v1/auth/login', { username: 'demo', password: DEMO_PASSWORD });
    expect(login).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(server.child.exitCode, `the server died:\n${server.output.join('')}`).toBeNull();

    await gate.open();
    const verified = await api.post('/v1/auth/otp/verify', { flowId, code });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    await finishSignIn(api, flowId, verified.body);
  });
});

describe.each(['sqlite', 'postgres'] as const)('server killed (kill -9) and restarted mid-flow on %s', (dialect) => {
  let dir: string;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let sink: SmtpSink;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-restart-'));
    sink = await new SmtpSink().start();
    if (dialect === 'postgres') scratch = await createScratchDatabase('cns_restart');
    env = {
      CNS_DATABASE_URL: scratch ? scratch.url : `sqlite:${join(dir, 'server.db')}`,
      CNS_SMTP_URL: sink.url,
    };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the client sees the server unreachable, keeps its step, and finishes once the server is back', async () => {
    const first = server;
    if (!first) throw new Error('no server');
    const vault = testVault();
    const { authFlow } = createAuthServices({ apiUrl: first.url, vault, timeoutMs: 5_000 });
    try {
      const mark = sink.messages.length;
      const atPasscode = await authFlow.logIn('demo', DEMO_PASSWORD);
      expect(atPasscode.step.kind).toBe('enter-otp');
      const code = await sink.latestPasscode('demo@example.com', mark);

      await first.kill();
      const offline = await authFlow.submitPasscode(code).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(offline).toBeInstanceOf(ApiError);
      expect((offline as ApiError).code).toBe('SERVER_UNREACHABLE');
      expect((await authFlow.view()).step.kind).toBe('enter-otp');

      server = await startServerProcess({ ...env, CNS_PORT: new URL(first.url).port });
      let view = await authFlow.submitPasscode(code);
      expect(view.step.kind).toBe('modify-offer');
      view = await authFlow.modifyCancel();
      if (view.step.kind === 'terms') view = await authFlow.acceptTerms();
      expect(view.step).toEqual({ kind: 'signed-in', username: 'demo' });
    } finally {
      await clearKeychain(vault).catch(() => undefined);
    }
  });
});

describe('embedded SQLite (WAL) killed with -9 during enrollments', () => {
  let dir: string;
  let sink: SmtpSink;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-wal-'));
    sink = await new SmtpSink().start();
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Guide B by email: offer, keep the address, confirm the link, choose email, enter the passcode. */
  async function enroll(api: TestApi, username: string): Promise<void> {
    const email = `${username}@example.com`;
    const { flowId } = await api.step('/v1/auth/login', { username, password: TEST_PASSWORD });
    await api.step('/v1/auth/enroll/start', { flowId });
    const mark = sink.messages.length;
    await api.step('/v1/auth/email/keep', { flowId });
    const { token } = await linkFrom(sink, email, mark);
    if ((await confirmLink(api.baseUrl, token)).status !== 200) throw new Error('link not confirmed');
    const polled = await api.get(`/v1/auth/flows/${flowId}`);
    if (polled.body.step.kind !== 'choose-method') throw new Error(`after the link: ${polled.body.step.kind}`);
    const codeMark = sink.messages.length;
    await api.step('/v1/auth/method', { flowId, method: 'email' });
    const code = await sink.latestPasscode(email, codeMark);
    await api.step('/v1/auth/otp/verify', { flowId, code });
  }

  it('keeps every enrollment the server confirmed before it died', async () => {
    const file = join(dir, 'embedded.db');
    const seeding = await openDatabase(`sqlite:${file}`);
    const users = Array.from({ length: 60 }, (_, i) => `walenroll${i}`);
    for (const username of users) await seedUser(seeding.db, systemClock, { username });
    await seeding.close();

    const running = await startServerProcess({ CNS_DATABASE_URL: `sqlite:${file}`, CNS_SMTP_URL: sink.url });
    server = running;
    const api = new TestApi(running.url);
    const confirmed: string[] = [];
    const queue = [...users];
    let dead = false;
    const lane = async (): Promise<void> => {
      for (let username = queue.shift(); username && !dead; username = queue.shift()) {
        try {
          await enroll(api, username);
          if (!dead) confirmed.push(username);
        } catch {
          if (!dead) throw new Error(`enrollment of ${username} failed before the kill`);
        }
      }
    };
    let settled = false;
    const lanes = Promise.all(Array.from({ length: 4 }, lane)).finally(() => {
      settled = true;
    });
    while (confirmed.length < 8 && !settled) await new Promise((r) => setTimeout(r, 20));
    if (settled) await lanes; // every lane ended before the kill: report why
    // Kill while the other lanes are in the middle of their writes.
    expect(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0).toBe(true);
    dead = true;
    await running.kill();
    await lanes;
    server = undefined;

    const reopened = new SqliteDatabase(file);
    try {
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
      const enrolled = new Set(
        reopened
          .prepare("SELECT username FROM users WHERE mfa_method = 'email' AND mfa_enrolled_at IS NOT NULL")
          .all()
          .map((row) => (row as { username: string }).username),
      );
      const lost = confirmed.filter((username) => !enrolled.has(username));
      expect(lost).toEqual([]);
      expect(confirmed.length).toBeGreaterThanOrEqual(8);
    } finally {
      reopened.close();
    }

    // And the server starts again on the recovered file and signs an enrolled user in.
    const again = await startServerProcess({ CNS_DATABASE_URL: `sqlite:${file}`, CNS_SMTP_URL: sink.url });
    server = again;
    const username = confirmed[0] ?? '';
    const next = new TestApi(again.url);
    const { flowId, code } = await loginWithCode(next, sink, username, `${username}@example.com`);
    const verified: AuthResponse = await next.step('/v1/auth/otp/verify', { flowId, code });
    await finishSignIn(next, flowId, verified);
  });
});
