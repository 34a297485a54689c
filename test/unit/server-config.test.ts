import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from '../../src-server/config';
import { redactUrl } from '../../src-server/logger';

describe('server configuration', () => {
  it('defaults to an embedded SQLite file and dev mode outside production', () => {
    const config = loadServerConfig({});
    expect(config.databaseUrl).toMatch(/^sqlite:.*click-n-ship\.db$/);
    expect(config.devMode).toBe(true);
    expect(config.enrollmentCutoff).toBe(Date.parse('2025-03-06T00:00:00Z'));
    expect(loadServerConfig({ NODE_ENV: 'production' }).devMode).toBe(false);
  });
  it('names the variable and what it expects when a value is wrong', () => {
    expect(() => loadServerConfig({ CNS_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadServerConfig({ CNS_PORT: 'eighty' })).toThrow(/CNS_PORT: expected/);
    expect(() => loadServerConfig({ CNS_SMTP_URL: 'mail.example.com' })).toThrow(/CNS_SMTP_URL: expected an smtp:\/\//);
    expect(() => loadServerConfig({ CNS_MFA_CUTOFF: 'March 6' })).toThrow(/CNS_MFA_CUTOFF/);
  });
  it('believes X-Forwarded-For only from the proxies or hop count CNS_TRUST_PROXY names, never from everyone', () => {
    expect(loadServerConfig({}).trustProxy).toBeUndefined();
    expect(loadServerConfig({ CNS_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadServerConfig({ CNS_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
    ]);
    for (const wrong of ['true', '0', '11', '10.0.0.0/33', 'proxy.example.com', '10.0.0.5,']) {
      expect(() => loadServerConfig({ CNS_TRUST_PROXY: wrong }), wrong).toThrow(
        /CNS_TRUST_PROXY: expected a number of proxy hops/,
      );
    }
  });
  it('scrubs tokens from logged URLs', () => {
    expect(redactUrl('/v1/email-links/abcdefghijklmnopqrstuvwxyz0123456789ABCD')).toBe('/v1/email-links/[redacted]');
    expect(redactUrl('/v1/auth/login')).toBe('/v1/auth/login');
  });
});
