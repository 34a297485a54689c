import type { AuthResponse } from '../../src-shared/api-schemas';
import { BENCH_PASSWORD, benchUser } from './bench-users';
import type { CodeInbox } from './child-server';
import { CookieJar, type BenchClient } from './http-client';

/**
 * The same sign-in, spoken to each server in its own API: password, then a
 * passcode sent by email, then a session. Every step checks its answer, so a
 * benchmark never counts a failure as a sign-in.
 */
export interface SignInDriver {
  name: string;
  /** Password step; returns an opaque handle for the passcode step (flow id or cookie jar). */
  password(user: number): Promise<unknown>;
  /**
   * Passcode step after {@link password}: send (or resend) a code, read it,
   * verify it. With `toSession` (the default) it goes on to the session: on
   * ours that is Cancel on the modify offer the guide shows after every
   * passcode (C1/C3); Better Auth answers the verification with the session.
   */
  passcode(user: number, handle: unknown, send: boolean, toSession?: boolean): Promise<void>;
}

/**
 * After the passcode our server offers to modify the MFA settings (guide C3:
 * Cancel logs in) and shows the terms to an account that has not accepted
 * them; the benchmark accounts have, so Cancel opens the session.
 */
export async function finishSignIn(client: BenchClient, reply: AuthResponse): Promise<AuthResponse> {
  let current = reply;
  for (let hop = 0; hop < 3 && current.step.kind !== 'signed-in'; hop += 1) {
    if (current.step.kind === 'modify-offer') {
      current = await client.json<AuthResponse>('POST', '/v1/auth/modify/cancel', { flowId: current.flowId });
    } else if (current.step.kind === 'terms') {
      current = await client.json<AuthResponse>('POST', '/v1/auth/terms/accept', {
        flowId: current.flowId,
        version: current.step.version,
      });
    } else throw new Error(`unexpected step ${current.step.kind} after the passcode`);
  }
  return current;
}

/** Our API: login sends the first code itself; `/v1/auth/otp/resend` sends another. */
export function cnsDriver(client: BenchClient, inbox: CodeInbox): SignInDriver {
  return {
    name: 'Click-N-Ship',
    async password(user) {
      const { username } = benchUser(user);
      const reply = await client.json<AuthResponse>('POST', '/v1/auth/login', { username, password: BENCH_PASSWORD });
      if (reply.step.kind !== 'enter-otp') throw new Error(`login answered step ${reply.step.kind}`);
      return reply.flowId;
    },
    async passcode(user, handle, send, toSession = true) {
      const flowId = handle as string;
      if (send) await client.json('POST', '/v1/auth/otp/resend', { flowId });
      const code = await inbox.next(benchUser(user).email);
      const reply = await client.json<AuthResponse>('POST', '/v1/auth/otp/verify', { flowId, code });
      if (!toSession) {
        if (reply.step.kind !== 'modify-offer') throw new Error(`verify answered step ${reply.step.kind}`);
        return;
      }
      const done = await finishSignIn(client, reply);
      if (done.step.kind !== 'signed-in' || !done.session?.accessToken) throw new Error('sign-in gave no session');
    },
  };
}

/** Better Auth: sign-in/email answers `twoFactorRedirect`; send-otp and verify-otp ride on its cookie. */
export function betterAuthDriver(client: BenchClient, inbox: CodeInbox): SignInDriver {
  const origin = client.baseUrl.replace(/\/$/, '');
  const post = async (jar: CookieJar, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const headers: Record<string, string> = { origin };
    if (jar.header()) headers.cookie = jar.header();
    const answer = await client.send('POST', path, body, headers);
    if (answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    jar.take(answer.headers);
    return JSON.parse(answer.body) as Record<string, unknown>;
  };
  return {
    name: 'Better Auth',
    async password(user) {
      const jar = new CookieJar();
      const reply = await post(jar, '/api/auth/sign-in/email', {
        email: benchUser(user).email,
        password: BENCH_PASSWORD,
      });
      if (reply.twoFactorRedirect !== true) throw new Error('sign-in did not ask for the second factor');
      return jar;
    },
    async passcode(user, handle) {
      const jar = handle as CookieJar;
      await post(jar, '/api/auth/two-factor/send-otp', {});
      const code = await inbox.next(benchUser(user).email);
      await post(jar, '/api/auth/two-factor/verify-otp', { code });
      if (!jar.has('session_token')) throw new Error('verify-otp set no session cookie');
    },
  };
}
