import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, MeResponse } from '../../src-shared/api-schemas';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmsSink } from '../helpers/sms-sink';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestDialect } from '../helpers/test-server';
import {
  confirmLink,
  emailedCode,
  finishSignIn,
  linkFrom,
  seedUser,
  TEST_PASSWORD,
  startDeliveringServer,
  type DeliveringServer,
  type TestApi,
} from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];

describe.each(dialects)('MFA enrollment (guide B) over HTTP on %s', (dialect) => {
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

  it('B1-B7: keeps the account email (verified by link, GET changes nothing), chooses SMS, enrolls with a texted passcode', async () => {
    await seedUser(server.database.db, clock, { username: 'enrollSms', email: 'enroll.sms@example.com' });
    const login = await api.step('/v1/auth/login', { username: 'enrollSms', password: TEST_PASSWORD });
    const flowId = login.flowId;
    expect(login.step).toEqual({ kind: 'enroll-offer', optOutAllowed: false });
    expect(await api.fails('/v1/auth/enroll/opt-out', { flowId })).toMatchObject({
      status: 403,
      code: 'OPT_OUT_NOT_ALLOWED',
    });

    const verify = await api.step('/v1/auth/enroll/start', { flowId });
    expect(verify.step).toEqual({ kind: 'verify-email', accountEmail: 'e***@example.com' });

    const before = smtp.messages.length;
    const check = await api.step('/v1/auth/email/keep', { flowId });
    expect(check.step).toMatchObject({
      kind: 'check-email',
      sentTo: 'e***@example.com',
      purpose: 'enroll',
      // The 30-minute link is bounded by the 15-minute flow it belongs to.
      expiresAt: new Date(clock.now() + 15 * 60_000).toISOString(),
      resendAvailableAt: new Date(clock.now() + 30_000).toISOString(),
    });
    const mail = await smtp.waitFor('enroll.sms@example.com', (m) => smtp.messages.indexOf(m) >= before);
    expect(mail.text).toContain('please click the unique link below to verify this email address belongs to you');
    expect(mail.text).toContain('If you did not request a verification link, please ignore this email.');
    const { url, token } = await linkFrom(smtp, 'enroll.sms@example.com', before);
    expect(url.startsWith(server.url)).toBe(true);

    // A mail scanner prefetching the link confirms nothing.
    for (let i = 0; i < 2; i += 1) {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post"');
      expect(html).toContain('Confirm');
    }
    expect((await api.get(`/v1/auth/flows/${flowId}`)).body.step.kind).toBe('check-email');

    const confirmed = await confirmLink(server.url, token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Email verified');
    expect(confirmed.html).toContain('href="clicknship://continue"');
    expect(confirmed.html).not.toContain(token);
    expect((await confirmLink(server.url, token)).status).toBe(410);

    // The app learns of it by polling and moves on by itself.
    const polled = await api.get(`/v1/auth/flows/${flowId}`);
    expect(polled.body.step).toEqual({ kind: 'choose-method', methods: ['sms', 'email'] });

    expect((await api.step('/v1/auth/method', { flowId, method: 'sms' })).step).toEqual({
      kind: 'enter-phone',
      purpose: 'enroll',
    });
    const otp = await api.step('/v1/auth/phone', { flowId, phone: '(202) 555-0143' });
    expect(otp.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'sms',
      sentTo: '(***) ***-0143',
      purpose: 'enroll',
      canChangePhone: true,
      canRememberDevice: true,
    });
    const [text] = sms.to('+12025550143');
    expect(text).toMatchObject({ from: sms.from, accountSid: sms.accountSid, authorized: true });
    expect(text?.body).toMatch(/^Click-N-Ship: your passcode is \d{6}\. It expires in 5 minutes\.$/);

    const enrolled = await api.step('/v1/auth/otp/verify', { flowId, code: sms.latestCode('+12025550143') });
    const signedIn = await finishSignIn(api, flowId, enrolled);
    const me = await api.get<MeResponse>('/v1/me', { authorization: `Bearer ${signedIn.session?.accessToken}` });
    expect(me.body).toMatchObject({ mfaMethod: 'sms', phone: '(***) ***-0143', termsAccepted: true });
    await smtp.waitFor('enroll.sms@example.com', (m) => m.subject.includes('multifactor authentication was set up'));

    // Next sign-in: the passcode goes to the established method; the verified email is offered as the alternative.
    const next = await api.step('/v1/auth/login', { username: 'enrollSms', password: TEST_PASSWORD });
    expect(next.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'sms',
      purpose: 'sign-in',
      alternateChannel: 'email',
    });
    const mark = smtp.messages.length;
    const switched = await api.step('/v1/auth/otp/switch', { flowId: next.flowId });
    expect(switched.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'email',
      sentTo: 'e***@example.com',
      alternateChannel: 'sms',
    });
    const code = await emailedCode(smtp, 'enroll.sms@example.com', mark);
    const offer = await api.step('/v1/auth/otp/verify', { flowId: next.flowId, code });
    expect(offer.step).toEqual({ kind: 'modify-offer' });
    await finishSignIn(api, next.flowId, offer);
  });

  it('B2 "No": verifies a new email (resend replaces the link), tells the old address, enrolls by emailed passcode', async () => {
    await seedUser(server.database.db, clock, { username: 'enrollMail', email: 'old.address@example.com' });
    const { flowId } = await api.step('/v1/auth/login', { username: 'enrollMail', password: TEST_PASSWORD });
    await api.step('/v1/auth/enroll/start', { flowId });
    const before = smtp.messages.length;
    const check = await api.step('/v1/auth/email/change', { flowId, email: '  new.person@example.org ' });
    expect(check.step).toMatchObject({ kind: 'check-email', sentTo: 'n***@example.org', purpose: 'enroll' });
    const first = await linkFrom(smtp, 'new.person@example.org', before);

    expect(await api.fails('/v1/auth/email/resend-link', { flowId })).toMatchObject({
      status: 429,
      code: 'RESEND_COOLDOWN',
      retryAfterSeconds: 30,
    });
    clock.advance(30_000);
    const mark = smtp.messages.length;
    await api.step('/v1/auth/email/resend-link', { flowId });
    const second = await linkFrom(smtp, 'new.person@example.org', mark);
    expect(second.token).not.toBe(first.token);
    expect((await fetch(first.url)).status).toBe(410);
    expect((await confirmLink(server.url, first.token)).status).toBe(410);

    expect((await confirmLink(server.url, second.token)).status).toBe(200);
    expect((await api.get(`/v1/auth/flows/${flowId}`)).body.step.kind).toBe('choose-method');
    const notice = await smtp.waitFor('old.address@example.com', (m) =>
      m.subject.includes('email address was changed'),
    );
    expect(notice.text).toContain('Customer Care');

    const codeMark = smtp.messages.length;
    const otp = await api.step('/v1/auth/method', { flowId, method: 'email' });
    expect(otp.step).toMatchObject({
      kind: 'enter-otp',
      channel: 'email',
      sentTo: 'n***@example.org',
      purpose: 'enroll',
    });
    const code = await emailedCode(smtp, 'new.person@example.org', codeMark);
    const done = await finishSignIn(api, flowId, await api.step('/v1/auth/otp/verify', { flowId, code }));
    const me = await api.get<MeResponse>('/v1/me', { authorization: `Bearer ${done.session?.accessToken}` });
    expect(me.body).toMatchObject({ email: 'new.person@example.org', mfaMethod: 'email', phone: null });
  });

  it('opt-out follows the cut-off (before 2025-03-06 only) and is offered again at the next sign-in', async () => {
    const cutoff = Date.parse('2025-03-06T00:00:00Z');
    await seedUser(server.database.db, clock, { username: 'justBefore', createdAt: cutoff - 1 });
    await seedUser(server.database.db, clock, { username: 'atCutoff', createdAt: cutoff });

    const late = await api.step('/v1/auth/login', { username: 'atCutoff', password: TEST_PASSWORD });
    expect(late.step).toEqual({ kind: 'enroll-offer', optOutAllowed: false });
    expect((await api.fails('/v1/auth/enroll/opt-out', { flowId: late.flowId })).code).toBe('OPT_OUT_NOT_ALLOWED');

    const early = await api.step('/v1/auth/login', { username: 'justBefore', password: TEST_PASSWORD });
    expect(early.step).toEqual({ kind: 'enroll-offer', optOutAllowed: true });
    const optedOut = await api.step('/v1/auth/enroll/opt-out', { flowId: early.flowId });
    expect(optedOut.step.kind).toBe('terms');
    expect(optedOut.session).toBeUndefined();
    await finishSignIn(api, early.flowId, optedOut);

    const again = await api.step('/v1/auth/login', { username: 'justBefore', password: TEST_PASSWORD });
    expect(again.step).toEqual({ kind: 'enroll-offer', optOutAllowed: true });
    const direct: AuthResponse = await api.step('/v1/auth/enroll/opt-out', { flowId: again.flowId });
    expect(direct.step).toEqual({ kind: 'signed-in', username: 'justBefore' });
    expect(direct.session?.refreshToken).toBeTruthy();
  });

  it('steps out of order answer 409 and a finished flow answers 410', async () => {
    await seedUser(server.database.db, clock, { username: 'outOfOrder' });
    const { flowId } = await api.step('/v1/auth/login', { username: 'outOfOrder', password: TEST_PASSWORD });
    expect(await api.fails('/v1/auth/method', { flowId, method: 'email' })).toMatchObject({
      status: 409,
      code: 'STEP_OUT_OF_ORDER',
    });
    expect(await api.fails('/v1/auth/otp/verify', { flowId, code: '123456' })).toMatchObject({ status: 409 });
    expect(await api.fails('/v1/auth/modify/cancel', { flowId })).toMatchObject({ status: 409 });
    await api.step('/v1/auth/enroll/start', { flowId });
    expect(await api.fails('/v1/auth/terms/accept', { flowId, version: '2026-01' })).toMatchObject({ status: 409 });
    clock.advance(15 * 60_000);
    expect(await api.fails('/v1/auth/email/keep', { flowId })).toMatchObject({ status: 410, code: 'FLOW_EXPIRED' });
  });

  it('declining the terms ends the sign-in without a session', async () => {
    await seedUser(server.database.db, clock, { username: 'decliner', createdAt: Date.parse('2024-01-01T00:00:00Z') });
    const { flowId } = await api.step('/v1/auth/login', { username: 'decliner', password: TEST_PASSWORD });
    const terms = await api.step('/v1/auth/enroll/opt-out', { flowId });
    expect(terms.step).toMatchObject({ kind: 'terms', text: expect.stringContaining('Terms and Conditions') });
    expect(await api.fails('/v1/auth/terms/accept', { flowId, version: '1999-01' })).toMatchObject({
      status: 409,
      code: 'TERMS_VERSION_MISMATCH',
    });
    const declined = await api.step('/v1/auth/terms/decline', { flowId });
    expect(declined.step).toEqual({ kind: 'password' });
    expect(declined.session).toBeUndefined();
    expect(await api.fails('/v1/auth/terms/decline', { flowId })).toMatchObject({
      status: 410,
      code: 'FLOW_COMPLETED',
    });
  });
});
