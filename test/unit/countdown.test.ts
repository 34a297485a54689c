import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsUntil } from '../../src-shared/ipc/auth-countdown';

describe('passcode countdowns', () => {
  it('count whole seconds up, never below zero', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    expect(secondsUntil('2026-01-01T00:05:00.000Z', now)).toBe(300);
    expect(secondsUntil('2026-01-01T00:00:00.400Z', now)).toBe(1);
    expect(secondsUntil('2025-12-31T23:59:00.000Z', now)).toBe(0);
    expect(secondsUntil(undefined, now)).toBe(0);
  });

  it('read as minutes and seconds', () => {
    expect(formatCountdown(272)).toBe('4:32');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(0)).toBe('0:00');
  });
});
