import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, Device } from '../../src-shared/api-schemas';
import type { ManualClock } from '../../src-server/services/clock';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestDialect } from '../helpers/test-server';
import {
  emailedCode,
  finishSignIn,
  seedUser,
  TEST_PASSWORD,
  startDeliveringServer,
  type DeliveringServer,
  type TestApi,
} from './server-journey';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const DAY = 24 * 3_600_000;

function publicKey(): string {
  return String(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x);
}

/*
 * The organization's cap on a remembered computer's life (IT policy
 * trustedDeviceMaxDays, sent as rememberDevice.maxDays): the server keeps the
 * shorter of its own 90 days and the cap, and refuses a cap outside 1..365.
 */
describe.each(dialects)('trusted-device lifetime cap from the client (%s)', (dialect) => {
  let server: DeliveringServer['server'];
  let smtp: SmtpSink;
  let clock: ManualClock;
  let api: TestApi;

  let running: DeliveringServer | undefined;
  beforeAll(async () => {
    running = await startDeliveringServer(dialect);
    ({ server, smtp, clock, api } = running);
  });
  afterAll(() => running?.close());

  async function loginWithCode(username: string): Promise<{ flowId: string; code: string }> {
    const mark = smtp.messages.length;
    const login = await api.step('/v1/auth/login', { username, password: TEST_PASSWORD });
    return { flowId: login.flowId, code: await emailedCode(smtp, `${username.toLowerCase()}@example.com`, mark) };
  }

  async function rememberedExpiry(username: string, maxDays?: number): Promise<string> {
    await seedUser(server.database.db, clock, { username, mfaMethod: 'email' });
    const { flowId, code } = await loginWithCode(username);
    const rememberDevice = { publicKey: publicKey(), name: 'Office PC', ...(maxDays ? { maxDays } : {}) };
    const answer: AuthResponse = await api.step('/v1/auth/otp/verify', { flowId, code, rememberDevice });
    expect(answer.deviceId).toBeTruthy();
    const { session } = await finishSignIn(api, flowId, answer);
    const list = await api.get<Device[]>('/v1/devices', { authorization: `Bearer ${session?.accessToken}` });
    expect(list.body).toHaveLength(1);
    return list.body[0]?.expiresAt ?? '';
  }

  it('keeps the shorter of the server lifetime and the cap', async () => {
    const at = (days: number) => new Date(clock.now() + days * DAY).toISOString();
    expect(await rememberedExpiry('capNone')).toBe(at(90));
    expect(await rememberedExpiry('capShort', 14)).toBe(at(14));
    expect(await rememberedExpiry('capLong', 365)).toBe(at(90));
  });

  it('refuses a cap outside 1..365 days with a stable code', async () => {
    await seedUser(server.database.db, clock, { username: 'capBad', mfaMethod: 'email' });
    const { flowId, code } = await loginWithCode('capBad');
    for (const maxDays of [0, 366, 1.5, '30']) {
      const refused = await api.fails('/v1/auth/otp/verify', {
        flowId,
        code,
        rememberDevice: { publicKey: publicKey(), name: 'Office PC', maxDays },
      });
      expect(refused).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    }
  });
});
