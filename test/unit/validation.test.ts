import { describe, expect, it } from 'vitest';
import { otpCodeSchema, usernameSchema } from '../../src-shared/validation';

describe('shared field rules', () => {
  it('accepts a pasted passcode with spaces or dashes and yields 6 digits', () => {
    expect(otpCodeSchema.parse('123 456')).toBe('123456');
    expect(otpCodeSchema.parse(' 123-456 ')).toBe('123456');
  });
  it('refuses passcodes that are not 6 digits, with a readable message', () => {
    const result = otpCodeSchema.safeParse('12345');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('The passcode is 6 digits.');
    expect(otpCodeSchema.safeParse('12345a').success).toBe(false);
  });
  it('keeps user names exactly as typed (case-sensitive)', () => {
    expect(usernameSchema.parse('Demo')).toBe('Demo');
    expect(usernameSchema.safeParse('').success).toBe(false);
  });
});
