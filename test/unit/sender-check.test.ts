import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../src-main/ipc/sender-check';

describe('IPC sender check', () => {
  const own = new Set([3]);
  it('trusts the app page in a window the app created', () => {
    expect(isTrustedSender({ frameUrl: 'app://renderer/', webContentsId: 3 }, own)).toBe(true);
  });
  it('refuses other windows, other origins and missing frames', () => {
    expect(isTrustedSender({ frameUrl: 'app://renderer/', webContentsId: 4 }, own)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', webContentsId: 3 }, own)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/x.html', webContentsId: 3 }, own)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'app://other/', webContentsId: 3 }, own)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, webContentsId: 3 }, own)).toBe(false);
  });
});
