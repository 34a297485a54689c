import { describe, expect, it } from 'vitest';
import { digestsEqual, generatePasscode, hmacPasscode } from '../../src-server/services/secrets';

describe('passcode secrets', () => {
  it('generates 6-digit codes spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generatePasscode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });
  it('binds the stored digest to the flow', () => {
    const key = Buffer.alloc(32, 7);
    const a = hmacPasscode(key, 'flow-a', '123456');
    expect(digestsEqual(a, hmacPasscode(key, 'flow-a', '123456'))).toBe(true);
    expect(digestsEqual(a, hmacPasscode(key, 'flow-b', '123456'))).toBe(false);
    expect(a).not.toContain('123456');
  });
});
