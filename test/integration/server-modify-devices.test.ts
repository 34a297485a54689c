import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthResponse, Device, MeResponse } from '../../src-shared/api-schemas';
import { deviceProofMessage } from '../../src-shared/device-proof';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmsSink } from '../helpers/sms-sink';
import type { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import {
  confirmLink,
  emailedCode,
  finishSignIn,
  linkFrom,
  seedUser,
  TEST_PASSWORD,
  TestApi,
  startDeliveringServer,
  type DeliveringServer,
} from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const DAY = 24 * 3_600_000;

function deviceKeys(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKey: String(jwk.x), privateKey };
}

function proof(privateKey: KeyObject, origin: string, flowId: string, nonce: string): string {
  return sign(null, deviceProofMessage({ origin, flowId, nonce }), privateKey).toString('base64url');
}

describe.each(dialects)('modify MFA (guide C) and trusted devices over HTTP on %s', (dialect) => {
  let server: DeliveringServer['server'];
  let smtp: SmtpSink;
  let sms: SmsSink;
  let clock: ManualClock;
  let api: TestApi;

  let running: DeliveringServer | undefined;
  beforeAll(async () => {
    running = await startDeliveringServer(dialect);
    ({ server, smtp, sms, clock, api } = running);
  });
  afterAll(() => running?.close());

  /** Log in an email-enrolled user and pass the emailed passcode; answers the modify offer. */
  async function passEmailCode(
    username: string,
    email: string,
    extra: Record<string, unknown> = {},
  ): Promise<AuthResponse> {
    const mark = smtp.messages.length;
    const login = await api.step('/v1/auth/login', { username, password: TEST_PASSWORD });
    const code = await emailedCode(smtp, email, mark);
    const answer = await api.step('/v1/auth/otp/verify', { flowId: login.flowId, code, ...extra });
    expect(answer.step).toEqual({ kind: 'modify-offer' });
    return answer;
  }

  it('C1-C5: after the passcode, modifies the phone (re-entering a different number), verified by SMS', async () => {
    await seedUser(server.database.db, clock, { username: 'modPhone', mfaMethod: 'email' });
    const offer = await passEmailCode('modPhone', 'modphone@example.com');
    const flowId = offer.flowId;
    expect((await api.step('/v1/auth/modify/continue', { flowId })).step).toEqual({
      kind: 'modify-choose',
      currentEmail: 'm***@example.com',
    });
    expect((await api.step('/v1/auth/modify/choose', { flowId, factor: 'phone' })).step).toEqual({
      kind: 'enter-phone',
      purpose: 'modify',
    });
    const first = await api.step('/v1/auth/phone', { flowId, phone: '202-555-0188' });
    expect(first.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'sms',
      purpose: 'modify',
      canRememberDevice: false,
      canChangePhone: true,
    });
    const firstCode = sms.latestCode('+12025550188');
    // C5: re-enter a different number from the passcode screen.
    const second = await api.step('/v1/auth/phone', { flowId, phone: '+1 202 555 0199' });
    expect(second.step).toMatchObject({ sentTo: '(***) ***-0199' });
    const secondCode = sms.latestCode('+12025550199');
    if (firstCode !== secondCode) {
      expect(await api.fails('/v1/auth/otp/verify', { flowId, code: firstCode })).toMatchObject({
        code: 'OTP_INCORRECT',
      });
    }
    const done = await finishSignIn(api, flowId, await api.step('/v1/auth/otp/verify', { flowId, code: secondCode }));
    const me = await api.get<MeResponse>('/v1/me', { authorization: `Bearer ${done.session?.accessToken}` });
    expect(me.body).toMatchObject({ phone: '(***) ***-0199', mfaMethod: 'sms' });
    const notice = await smtp.waitFor('modphone@example.com', (m) => m.subject.includes('phone number was changed'));
    expect(notice.text).toContain('(***) ***-0199');
    expect(notice.text).not.toContain('2025550199');
  });

  it('C6-C8: modifies the email by link; the old and new addresses are told; the app signs in by polling', async () => {
    await seedUser(server.database.db, clock, { username: 'modMail', mfaMethod: 'email' });
    const { flowId } = await passEmailCode('modMail', 'modmail@example.com');
    await api.step('/v1/auth/modify/continue', { flowId });
    expect((await api.step('/v1/auth/modify/choose', { flowId, factor: 'email' })).step).toEqual({
      kind: 'enter-email',
      purpose: 'modify',
    });
    const mark = smtp.messages.length;
    const check = await api.step('/v1/auth/email/change', { flowId, email: 'fresh@example.net' });
    expect(check.step).toMatchObject({ kind: 'check-email', purpose: 'modify', sentTo: 'f***@example.net' });
    const { token } = await linkFrom(smtp, 'fresh@example.net', mark);
    expect((await api.get(`/v1/auth/flows/${flowId}`)).body.step.kind).toBe('check-email');
    expect((await confirmLink(server.url, token)).html).toContain('finish signing in');

    const polled = await api.get(`/v1/auth/flows/${flowId}`);
    const done = await finishSignIn(api, flowId, polled.body);
    const me = await api.get<MeResponse>('/v1/me', { authorization: `Bearer ${done.session?.accessToken}` });
    expect(me.body).toMatchObject({ email: 'fresh@example.net', mfaMethod: 'email' });
    for (const to of ['modmail@example.com', 'fresh@example.net']) {
      await smtp.waitFor(to, (m) => m.subject.includes('email address was changed'));
    }
  });

  it('C3 note: Cancel from the choice signs in', async () => {
    await seedUser(server.database.db, clock, { username: 'modCancel', mfaMethod: 'email' });
    const { flowId } = await passEmailCode('modCancel', 'modcancel@example.com');
    await api.step('/v1/auth/modify/continue', { flowId });
    const cancelled = await api.step('/v1/auth/modify/cancel', { flowId });
    expect(['terms', 'signed-in']).toContain(cancelled.step.kind);
    await finishSignIn(api, flowId, cancelled);
  });

  it('a remembered computer signs in by signing the nonce for this server, once; look-alike origins and replays fail', async () => {
    await seedUser(server.database.db, clock, { username: 'devUser', mfaMethod: 'email' });
    const keys = deviceKeys();
    const offer = await passEmailCode('devUser', 'devuser@example.com', {
      rememberDevice: { publicKey: keys.publicKey, name: '  Office PC ' },
    });
    const deviceId = offer.deviceId ?? '';
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await smtp.waitFor('devuser@example.com', (m) => m.subject.includes('a new computer was remembered'));
    const { session } = await finishSignIn(api, offer.flowId, offer);
    const bearer = { authorization: `Bearer ${session?.accessToken}` };

    // Signed for a look-alike server: worthless here, and the flow is over.
    const mailsBefore = smtp.messages.length;
    const a = await api.step('/v1/auth/login', { username: 'devUser', password: TEST_PASSWORD, deviceId });
    expect(a.step).toEqual({ kind: 'device-check' });
    expect(a.deviceChallenge).toMatchObject({ deviceId, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(smtp.messages.length).toBe(mailsBefore);
    const nonceA = a.deviceChallenge?.nonce ?? '';
    const phished = proof(keys.privateKey, 'https://c1ick-n-ship.example', a.flowId, nonceA);
    expect(await api.fails('/v1/auth/device/verify', { flowId: a.flowId, deviceId, signature: phished })).toMatchObject(
      {
        status: 401,
        code: 'DEVICE_SIGNATURE_INVALID',
      },
    );
    const late = proof(keys.privateKey, server.url, a.flowId, nonceA);
    expect((await api.fails('/v1/auth/device/verify', { flowId: a.flowId, deviceId, signature: late })).status).toBe(
      410,
    );

    // Signed for this server: passes, once.
    const b = await api.step('/v1/auth/login', { username: 'devUser', password: TEST_PASSWORD, deviceId });
    const nonceB = b.deviceChallenge?.nonce ?? '';
    expect(nonceB).not.toBe(nonceA);
    const signature = proof(keys.privateKey, server.url, b.flowId, nonceB);
    const passed = await api.step('/v1/auth/device/verify', { flowId: b.flowId, deviceId, signature });
    expect(passed.step).toEqual({ kind: 'modify-offer' });
    expect((await api.fails('/v1/auth/device/verify', { flowId: b.flowId, deviceId, signature })).status).toBe(409);
    await finishSignIn(api, b.flowId, passed);

    // A replayed signature is useless in a new flow (new nonce, new flow id).
    const c = await api.step('/v1/auth/login', { username: 'devUser', password: TEST_PASSWORD, deviceId });
    expect((await api.fails('/v1/auth/device/verify', { flowId: c.flowId, deviceId, signature })).code).toBe(
      'DEVICE_SIGNATURE_INVALID',
    );

    // The list, rename and revoke.
    const list = await api.get<Device[]>('/v1/devices', bearer);
    expect(list.body).toEqual([
      {
        id: deviceId,
        name: 'Office PC',
        createdAt: new Date(clock.now()).toISOString(),
        lastUsedAt: new Date(clock.now()).toISOString(),
        expiresAt: new Date(clock.now() + 90 * DAY).toISOString(),
      },
    ]);
    const renamed = await fetch(new URL(`/v1/devices/${deviceId}`, server.url), {
      method: 'PATCH',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Front desk' }),
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as Device).name).toBe('Front desk');
    const removed = await fetch(new URL(`/v1/devices/${deviceId}`, server.url), { method: 'DELETE', headers: bearer });
    expect(removed.status).toBe(204);
    expect((await api.get<Device[]>('/v1/devices', bearer)).body).toEqual([]);
    expect(await api.fails('/v1/auth/login', { username: 'devUser', password: TEST_PASSWORD, deviceId })).toMatchObject(
      {
        status: 410,
        code: 'DEVICE_REVOKED',
      },
    );
    const again = await fetch(new URL(`/v1/devices/${deviceId}`, server.url), { method: 'DELETE', headers: bearer });
    expect(again.status).toBe(404);
  });

  it("trust expires after 90 days, and another account's device id is refused", async () => {
    await seedUser(server.database.db, clock, { username: 'devExpiry', mfaMethod: 'email' });
    await seedUser(server.database.db, clock, { username: 'devOther', mfaMethod: 'email' });
    const keys = deviceKeys();
    const offer = await passEmailCode('devExpiry', 'devexpiry@example.com', {
      rememberDevice: { publicKey: keys.publicKey, name: 'Laptop' },
    });
    await finishSignIn(api, offer.flowId, offer);
    const deviceId = offer.deviceId ?? '';
    expect(
      await api.fails('/v1/auth/login', { username: 'devOther', password: TEST_PASSWORD, deviceId }),
    ).toMatchObject({
      status: 410,
      code: 'DEVICE_REVOKED',
    });
    clock.advance(90 * DAY - 1);
    expect(
      (await api.step('/v1/auth/login', { username: 'devExpiry', password: TEST_PASSWORD, deviceId })).step.kind,
    ).toBe('device-check');
    clock.advance(1);
    expect(
      await api.fails('/v1/auth/login', { username: 'devExpiry', password: TEST_PASSWORD, deviceId }),
    ).toMatchObject({
      status: 410,
      code: 'DEVICE_EXPIRED',
    });
  });

  it('behind CNS_PUBLIC_URL, links use it and a device proof may name it (and no other origin)', async () => {
    const publicUrl = 'https://mfa.click-n-ship.test';
    const proxied = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      smtpUrl: smtp.url,
      clock,
      config: { publicUrl },
    });
    try {
      const papi = new TestApi(proxied.url);
      await seedUser(proxied.database.db, clock, { username: 'proxied', mfaMethod: 'email' });
      const mark = smtp.messages.length;
      await papi.post('/v1/accounts/forgot-password', { username: 'proxied' });
      const { url } = await linkFrom(smtp, 'proxied@example.com', mark);
      expect(url.startsWith(`${publicUrl}/v1/password-reset/`)).toBe(true);

      const keys = deviceKeys();
      const codeMark = smtp.messages.length;
      const login = await papi.step('/v1/auth/login', { username: 'proxied', password: TEST_PASSWORD });
      const code = await emailedCode(smtp, 'proxied@example.com', codeMark);
      const offer = await papi.step('/v1/auth/otp/verify', {
        flowId: login.flowId,
        code,
        rememberDevice: { publicKey: keys.publicKey, name: 'Proxy PC' },
      });
      await finishSignIn(papi, login.flowId, offer);
      const deviceId = offer.deviceId ?? '';
      for (const [origin, accepted] of [
        [publicUrl, true],
        [`${publicUrl}:443`, true],
        [proxied.url, true],
        ['https://mfa.click-n-ship.test.evil.example', false],
        ['http://mfa.click-n-ship.test', false],
      ] as const) {
        const a = await papi.step('/v1/auth/login', { username: 'proxied', password: TEST_PASSWORD, deviceId });
        const signature = proof(keys.privateKey, origin, a.flowId, a.deviceChallenge?.nonce ?? '');
        const reply = await papi.post('/v1/auth/device/verify', { flowId: a.flowId, deviceId, signature });
        expect({ origin, status: reply.status }).toEqual({ origin, status: accepted ? 200 : 401 });
      }
    } finally {
      await proxied.close();
    }
  });
});
