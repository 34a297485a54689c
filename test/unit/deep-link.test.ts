import { describe, expect, it } from 'vitest';
import { findDeepLink, handleDeepLink } from '../../src-main/deep-link/deep-link';

describe('clicknship:// links', () => {
  it('are found among a second instance’s arguments, whatever their case', () => {
    expect(findDeepLink(['/usr/bin/cns', '--flag', 'ClickNShip://return?token=abc'])).toBe(
      'ClickNShip://return?token=abc',
    );
    expect(findDeepLink(['/usr/bin/cns', 'https://clicknship.example/'])).toBeUndefined();
  });

  it('only bring the window forward and poll; a failing poll does not throw', async () => {
    const calls: string[] = [];
    await handleDeepLink({
      focusWindow: () => calls.push('focus'),
      poll: () => {
        calls.push('poll');
        return Promise.reject(new Error('server down'));
      },
    });
    expect(calls).toEqual(['focus', 'poll']);
  });
});
