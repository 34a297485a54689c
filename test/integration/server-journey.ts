import type { Kysely } from 'kysely';
import { expect, inject } from 'vitest';
import type { AuthResponse, ErrorResponse } from '../../src-shared/api-schemas';
import type { Database } from '../../src-server/db/schema';
import { ManualClock } from '../../src-server/services/clock';
import { createUser, type NewUser } from '../../src-server/services/users';
import { getJson, postJson, type JsonReply } from '../helpers/http';
import { SmsSink } from '../helpers/sms-sink';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';

/** A password long enough for the new-password rule, used by every test account. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Calls the API as the desktop client would; answers are typed as the shared schemas say. */
export class TestApi {
  constructor(readonly baseUrl: string) {}

  post<T = AuthResponse>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
    return postJson<T>(this.baseUrl, path, body, headers);
  }

  get<T = AuthResponse>(path: string, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
    return getJson<T>(this.baseUrl, path, headers);
  }

  /** POSTs a flow call and insists it succeeded. */
  async step(path: string, body: Record<string, unknown>): Promise<AuthResponse> {
    const reply = await this.post(path, body);
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** POSTs and expects an error; returns its status and code. */
  async fails(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; code: string; retryAfterSeconds?: number }> {
    const reply = await this.post<ErrorResponse>(path, body, headers);
    return {
      status: reply.status,
      code: reply.body.error?.code,
      retryAfterSeconds: reply.body.error?.retryAfterSeconds,
    };
  }
}

/** Creates an account straight in the database (for back-dated or pre-enrolled accounts). */
export async function seedUser(
  db: Kysely<Database>,
  clock: { now(): number },
  user: Partial<NewUser> & { username: string },
): Promise<void> {
  await createUser(db, clock, {
    password: TEST_PASSWORD,
    email: `${user.username.toLowerCase()}@example.com`,
    emailVerified: true,
    ...user,
  });
}

/** The link in the newest mail to `to` received after `after` messages. */
export async function linkFrom(smtp: SmtpSink, to: string, after: number): Promise<{ url: string; token: string }> {
  const mail = await smtp.waitFor(
    to,
    (m) => smtp.messages.indexOf(m) >= after && /\/v1\/(email-links|password-reset)\//.test(m.text),
  );
  const match = /(https?:\/\/\S+\/v1\/(?:email-links|password-reset)\/([A-Za-z0-9_-]{43}))/.exec(mail.text);
  if (!match?.[1] || !match[2]) throw new Error(`No link in mail to ${to}`);
  return { url: match[1], token: match[2] };
}

/** The passcode in the newest mail to `to` after `after` messages. */
export function emailedCode(smtp: SmtpSink, to: string, after: number): Promise<string> {
  return smtp.latestPasscode(to, after);
}

/** Presses Confirm on the link page, as a browser would (form POST). */
export async function confirmLink(baseUrl: string, token: string): Promise<{ status: number; html: string }> {
  const response = await fetch(new URL(`/v1/email-links/${token}/confirm`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  return { status: response.status, html: await response.text() };
}

/** After the sign-in factor: Cancel on the modify offer, then accept the terms if asked; returns the final answer. */
export async function finishSignIn(api: TestApi, flowId: string, from: AuthResponse): Promise<AuthResponse> {
  let answer = from;
  if (answer.step.kind === 'modify-offer') answer = await api.step('/v1/auth/modify/cancel', { flowId });
  if (answer.step.kind === 'terms') {
    answer = await api.step('/v1/auth/terms/accept', { flowId, version: answer.step.version });
  }
  expect(answer.step.kind).toBe('signed-in');
  expect(answer.session?.accessToken).toBeTruthy();
  return answer;
}

/** A clock that starts at a fixed instant after the enrollment cut-off. */
export function testClock(): ManualClock {
  return new ManualClock(Date.parse('2026-01-15T12:00:00Z'));
}

/** What most server suites run against: a real server with SMTP and SMS delivery and a clock they move. */
export interface DeliveringServer {
  server: RunningTestServer;
  smtp: SmtpSink;
  sms: SmsSink;
  clock: ManualClock;
  api: TestApi;
  close(): Promise<void>;
}

type RunningTestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * Starts a server on one dialect (this run's PostgreSQL or a temporary SQLite file) that delivers email
 * to a real SMTP listener and SMS to a real gateway listener, on a manual clock; `close` stops all three.
 */
export async function startDeliveringServer(dialect: TestDialect): Promise<DeliveringServer> {
  const smtp = await new SmtpSink().start();
  const sms = await new SmsSink().start();
  const clock = testClock();
  const server = await startTestServer({
    dialect,
    pgUrl: inject('pgUrl'),
    smtpUrl: smtp.url,
    smsGateway: sms.gateway,
    clock,
  });
  return {
    server,
    smtp,
    sms,
    clock,
    api: new TestApi(server.url),
    async close() {
      await server.close();
      await smtp.stop();
      await sms.stop();
    },
  };
}
