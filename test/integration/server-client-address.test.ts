import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse } from '../../src-shared/api-schemas';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { startTestServer } from '../helpers/test-server';
import { TestApi } from './server-journey';

const perIp = defaultAuthPolicy.accountMailPerIpPerHour;

/** Sends forgot-username for a fresh address each time (so only the per-address count can refuse). */
async function forgotUsername(api: TestApi, n: number, forwardedFor?: string) {
  return api.post<ErrorResponse>(
    '/v1/accounts/forgot-username',
    { email: `nobody-${n}@example.com` },
    forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  );
}

// Behind a load balancer every request comes from the balancer: unless the server believes the
// balancer's X-Forwarded-For (CNS_TRUST_PROXY), all shippers share one per-address limit; and a server
// that believes it from anyone lets each client pick its address and dodge the limit.
describe('the client address behind a reverse proxy (per-address limits)', () => {
  let direct: Awaited<ReturnType<typeof startTestServer>>;
  let proxied: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    direct = await startTestServer({ dialect: 'sqlite' });
    proxied = await startTestServer({ dialect: 'sqlite', config: { trustProxy: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('with CNS_TRUST_PROXY naming the proxy, each forwarded client has its own count', async () => {
    const api = new TestApi(proxied.url);
    for (let i = 0; i < perIp; i += 1) expect((await forgotUsername(api, i, '203.0.113.7')).status).toBe(202);
    const refused = await forgotUsername(api, perIp, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('from this network address');
    // Another shipper behind the same proxy is not refused for the first one's requests.
    expect((await forgotUsername(api, perIp + 1, '198.51.100.9')).status).toBe(202);
  });

  it('without it, X-Forwarded-For is ignored: a client cannot dodge its limit by naming another address', async () => {
    const api = new TestApi(direct.url);
    for (let i = 0; i < perIp; i += 1) expect((await forgotUsername(api, i, `203.0.113.${i}`)).status).toBe(202);
    const refused = await forgotUsername(api, perIp, '198.51.100.9');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
  });
});
