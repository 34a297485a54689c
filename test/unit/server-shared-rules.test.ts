import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { phoneRequestSchema } from '../../src-shared/api-schemas';
import { canonicalOrigin, deviceProofMessage } from '../../src-shared/device-proof';
import { isUsE164, normalizeUsPhone } from '../../src-shared/phone';
import { defaultAuthPolicy, passwordBackoffMs } from '../../src-server/services/auth-policy';
import { ConfigError, loadServerConfig } from '../../src-server/config';

describe('US phone numbers to E.164', () => {
  it.each([
    '2025550123',
    '202 555 0123',
    '202-555-0123',
    '(202) 555-0123',
    '(202)555-0123',
    '202.555.0123',
    '+1 202 555 0123',
    '+1 (202) 555-0123',
    '1-202-555-0123',
    '12025550123',
    ' 2025550123 ',
  ])('accepts %j', (raw) => {
    expect(normalizeUsPhone(raw)).toBe('+12025550123');
  });
  it.each([
    '',
    '555-0123',
    '202555012',
    '20255501234',
    '+44 20 7946 0958',
    '+2 202 555 0123',
    '1025550123',
    '2021550123',
    '202555012a',
    '+1202555012345',
    '٢٠٢٥٥٥٠١٢٣',
    'x'.repeat(40),
  ])('refuses %j', (raw) => {
    expect(normalizeUsPhone(raw)).toBeNull();
  });
  it('the request schema hands the server E.164 and explains a refusal', () => {
    expect(phoneRequestSchema.parse({ flowId: 'A'.repeat(43), phone: '(202) 555-0123' }).phone).toBe('+12025550123');
    const bad = phoneRequestSchema.safeParse({ flowId: 'A'.repeat(43), phone: '555' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('10-digit');
    expect(isUsE164('+12025550123')).toBe(true);
    expect(isUsE164('2025550123')).toBe(false);
  });
});

describe('device proof message', () => {
  it('binds origin, flow and nonce; any change breaks the signature', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const base = { origin: 'https://mfa.example.com', flowId: 'flow-1', nonce: 'nonce-1' };
    const signature = sign(null, deviceProofMessage(base), privateKey);
    expect(verify(null, deviceProofMessage(base), publicKey, signature)).toBe(true);
    expect(
      verify(null, deviceProofMessage({ ...base, origin: 'https://mfa.example.com:443/x' }), publicKey, signature),
    ).toBe(true);
    for (const changed of [
      { ...base, origin: 'https://mfa.example.co' },
      { ...base, origin: 'http://mfa.example.com' },
      { ...base, flowId: 'flow-2' },
      { ...base, nonce: 'nonce-2' },
    ]) {
      expect(verify(null, deviceProofMessage(changed), publicKey, signature)).toBe(false);
    }
  });
  it('canonicalises origins and refuses fields that could shift the layout', () => {
    expect(canonicalOrigin('HTTPS://MFA.Example.com:443/path?q')).toBe('https://mfa.example.com');
    expect(canonicalOrigin('http://127.0.0.1:4780/')).toBe('http://127.0.0.1:4780');
    expect(() => deviceProofMessage({ origin: 'https://a.example', flowId: 'a\nb', nonce: 'n' })).toThrow();
    expect(new TextDecoder().decode(deviceProofMessage({ origin: 'https://a.example', flowId: 'f', nonce: 'n' }))).toBe(
      'cns-device-proof-v1\nhttps://a.example\nf\nn',
    );
  });
});

describe('password back-off', () => {
  it('waits nothing for 4 failures, then 30 s doubling to 15 min, and locks for good at 100', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50, 99, 100].map((n) => passwordBackoffMs(defaultAuthPolicy, n));
    expect(waits).toEqual([0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, Infinity]);
  });
});

describe('SMS gateway configuration', () => {
  it('needs account, token and sender once a gateway URL is set, naming each missing variable', () => {
    expect(() => loadServerConfig({ CNS_SMS_GATEWAY_URL: 'https://api.twilio.com' })).toThrow(ConfigError);
    expect(() =>
      loadServerConfig({ CNS_SMS_GATEWAY_URL: 'https://api.twilio.com', CNS_SMS_ACCOUNT_SID: 'AC1' }),
    ).toThrow(/CNS_SMS_AUTH_TOKEN: expected a value/);
    expect(() => loadServerConfig({ CNS_SMS_GATEWAY_URL: 'not a url' })).toThrow(/CNS_SMS_GATEWAY_URL: expected/);
    const config = loadServerConfig({
      CNS_SMS_GATEWAY_URL: 'https://api.twilio.com',
      CNS_SMS_ACCOUNT_SID: 'AC1',
      CNS_SMS_AUTH_TOKEN: 'secret',
      CNS_SMS_FROM: '+15005550006',
    });
    expect(config.smsGateway).toEqual({
      url: 'https://api.twilio.com',
      accountSid: 'AC1',
      authToken: 'secret',
      from: '+15005550006',
    });
    expect(loadServerConfig({}).smsGateway).toBeUndefined();
  });
});
