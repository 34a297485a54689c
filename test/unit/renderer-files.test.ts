import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  resolveRendererFile,
} from '../../src-main/app-protocol/renderer-files';
import { isAllowedExternalLink } from '../../src-main/external-links';
import { mainWindowOptions } from '../../src-main/window-options';

describe('serving the renderer', () => {
  it('maps paths inside the bundle and refuses escapes', () => {
    expect(resolveRendererFile('/app/renderer', '/')).toBe('/app/renderer/index.html');
    expect(resolveRendererFile('/app/renderer', '/assets/a.js?v=1')).toBe('/app/renderer/assets/a.js');
    expect(resolveRendererFile('/app/renderer', '/../main/main.js')).toBeUndefined();
    expect(resolveRendererFile('/app/renderer', '/%2e%2e/secret')).toBeUndefined();
    expect(resolveRendererFile('/app/renderer', '/%E0%A4%A')).toBeUndefined();
  });
  it('sends a strict CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
  it('sends the CSP with every file, and no opener policy that would start a second renderer', () => {
    expect(SECURITY_HEADERS).toEqual({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });
});

describe('window security', () => {
  it('sets every switch of the Electron security checklist', () => {
    expect(mainWindowOptions('/p.cjs').webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });
  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalLink('https://faq.usps.com/s/article/x')).toBe(true);
    expect(isAllowedExternalLink('http://faq.usps.com/')).toBe(false);
    expect(isAllowedExternalLink('https://faq.usps.com.evil.example/')).toBe(false);
    expect(isAllowedExternalLink('javascript:alert(1)')).toBe(false);
  });
});
