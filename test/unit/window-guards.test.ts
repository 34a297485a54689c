import { describe, expect, it } from 'vitest';
import { refuseNavigation, windowOpenHandler } from '../../src-main/window-guards';

describe('window guards', () => {
  it('refuse every navigation and webview', () => {
    let prevented = 0;
    refuseNavigation({ preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);
  });

  it('never open a new app window; only allow-listed https links reach the system browser', () => {
    const opened: string[] = [];
    const handler = windowOpenHandler((url) => opened.push(url));
    for (const url of [
      'https://faq.usps.com/s/article/mfa',
      'http://faq.usps.com/',
      'https://faq.usps.com.evil.test/',
      'https://evil.test/?https://faq.usps.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://renderer/other',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://faq.usps.com/s/article/mfa']);
  });
});
