import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthResponse, ErrorResponse, MeResponse } from '../../src-shared/api-schemas';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { getJson, postJson } from '../helpers/http';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('sign-in over HTTP on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    server = await startTestServer({ dialect, pgUrl: inject('pgUrl'), smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  it('password then emailed passcode yields a session the server accepts', async () => {
    const login = await postJson<AuthResponse>(server.url, '/v1/auth/login', {
      username: 'demo',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    expect(login.body.step).toMatchObject({ kind: 'enter-otp', channel: 'email', sentTo: 'd***@example.com' });
    expect(login.body.session).toBeUndefined();

    const mail = await smtp.waitFor('demo@example.com');
    expect(mail.subject).toBe('Your Multifactor Authentication (MFA) Temporary Passcode');
    expect(mail.text).toContain('expire in 5 minutes');
    const code = /one-time passcode: (\d{6})/.exec(mail.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const verified = await postJson<AuthResponse>(server.url, '/v1/auth/otp/verify', {
      flowId: login.body.flowId,
      code: `${code?.slice(0, 3)} ${code?.slice(3)}`,
    });
    expect(verified.status).toBe(200);
    // Guide C1: after the passcode, the offer to modify MFA options; no session yet.
    expect(verified.body.step).toEqual({ kind: 'modify-offer' });
    expect(verified.body.session).toBeUndefined();

    // C3 note: Cancel signs in; the first sign-in shows the terms (C9) before the session.
    const cancelled = await postJson<AuthResponse>(server.url, '/v1/auth/modify/cancel', { flowId: login.body.flowId });
    expect(cancelled.body.step).toMatchObject({ kind: 'terms', version: expect.any(String) });
    expect(cancelled.body.session).toBeUndefined();
    const version = cancelled.body.step.kind === 'terms' ? cancelled.body.step.version : '';
    const accepted = await postJson<AuthResponse>(server.url, '/v1/auth/terms/accept', {
      flowId: login.body.flowId,
      version,
    });
    expect(accepted.body.step).toEqual({ kind: 'signed-in', username: 'demo' });
    const token = accepted.body.session?.accessToken ?? '';

    const me = await getJson<MeResponse>(server.url, '/v1/me', { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      username: 'demo',
      email: 'demo@example.com',
      phone: null,
      mfaMethod: 'email',
      termsAccepted: true,
    });

    const again = await postJson<ErrorResponse>(server.url, '/v1/auth/otp/verify', { flowId: login.body.flowId, code });
    expect(again.status).toBe(410);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await postJson<ErrorResponse>(server.url, '/v1/auth/login', { username: 'demo', password: 'not-it' });
    const unknown = await postJson<ErrorResponse>(server.url, '/v1/auth/login', {
      username: 'nobody',
      password: 'not-it',
    });
    const caseChanged = await postJson<ErrorResponse>(server.url, '/v1/auth/login', {
      username: 'Demo',
      password: DEMO_PASSWORD,
    });
    for (const reply of [wrong, unknown, caseChanged]) {
      expect(reply.status).toBe(401);
      expect(reply.body.error).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'The user name or password is not correct.',
      });
    }
  });

  it('counts wrong passcodes and tells how many tries are left', async () => {
    const login = await postJson<AuthResponse>(server.url, '/v1/auth/login', {
      username: 'demo',
      password: DEMO_PASSWORD,
    });
    const code = await smtp.latestPasscode('demo@example.com');
    const wrongCode = code === '000000' ? '111111' : '000000';
    const first = await postJson<ErrorResponse>(server.url, '/v1/auth/otp/verify', {
      flowId: login.body.flowId,
      code: wrongCode,
    });
    expect(first.status).toBe(400);
    expect(first.body.error.code).toBe('OTP_INCORRECT');
    expect(first.body.error.message).toContain('4 tries left');
  });

  it('refuses malformed bodies with 4xx and a stable code, never 500', async () => {
    const cases: Array<[unknown, number, string]> = [
      ['{"username": "demo"', 400, 'MALFORMED_REQUEST'],
      ['[]', 400, 'INVALID_REQUEST'],
      [{ username: 'demo' }, 400, 'INVALID_REQUEST'],
      [{ username: 42, password: 'x' }, 400, 'INVALID_REQUEST'],
      [{ username: 'x'.repeat(65), password: 'x' }, 400, 'INVALID_REQUEST'],
      [{ username: "' OR 1=1 --", password: 'x' }, 401, 'INVALID_CREDENTIALS'],
      ['x'.repeat(20_000), 413, 'BODY_TOO_LARGE'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await postJson<ErrorResponse>(server.url, '/v1/auth/login', body);
      expect({ body: String(body).slice(0, 30), status: reply.status, code: reply.body.error.code }).toEqual({
        body: String(body).slice(0, 30),
        status,
        code,
      });
      expect(reply.body.requestId).toBe(reply.headers.get('x-request-id'));
    }
    const badFlow = await postJson<ErrorResponse>(server.url, '/v1/auth/otp/verify', { flowId: 'x', code: '123456' });
    expect(badFlow.status).toBe(400);
    const unknownFlow = await postJson<ErrorResponse>(server.url, '/v1/auth/otp/verify', {
      flowId: 'A'.repeat(43),
      code: '123456',
    });
    expect(unknownFlow.body.error.code).toBe('FLOW_NOT_FOUND');
    const noToken = await getJson<ErrorResponse>(server.url, '/v1/me', { authorization: 'Bearer nope' });
    expect(noToken.status).toBe(401);
  });

  it('reports health from the database', async () => {
    const health = await getJson(server.url, '/healthz');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
