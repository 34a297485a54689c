import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuthServices, type AuthServices } from '../../src-main/auth/auth-services';
import { ShippingClient } from '../../src-main/shipping/shipping-client';
import { purchaseRequestSchema } from '../../src-shared/shipping/api';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { sampleShipment } from '../helpers/shipping-client';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer, type TestDialect } from '../helpers/test-server';
import { clearKeychain, testVault } from '../helpers/test-vault';

const dialects: TestDialect[] = ['sqlite', 'postgres'];
const ACCESS_LIFETIME_MS = 1_500;

/*
 * The shipping client goes through the sign-in flow's session: when the access
 * token has expired on the real server, a call rotates the session once and is
 * retried, and a purchase retried that way buys exactly one label.
 */
describe.each(dialects)('shipping calls with an expired access token (%s)', (dialect) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let smtp: SmtpSink;
  let auth: AuthServices;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    server = await startTestServer({
      dialect,
      pgUrl: inject('pgUrl'),
      smtpUrl: smtp.url,
      policy: { accessTokenLifetimeMs: ACCESS_LIFETIME_MS },
    });
    auth = createAuthServices({ apiUrl: server.url, vault: testVault() });
    const sent = smtp.messages.length;
    const login = await auth.authFlow.logIn('demo', DEMO_PASSWORD);
    if (login.step.kind === 'enter-otp') {
      await auth.authFlow.submitPasscode(await smtp.latestPasscode('demo@example.com', sent));
    }
    let view = await auth.authFlow.view();
    if (view.step.kind === 'modify-offer') view = await auth.authFlow.modifyCancel();
    if (view.step.kind === 'terms') view = await auth.authFlow.acceptTerms();
    expect(view.step).toEqual({ kind: 'signed-in', username: 'demo' });
  });
  afterAll(async () => {
    await auth?.authFlow.signOut();
    if (auth) await clearKeychain(auth.vault);
    await server?.close();
    await smtp?.stop();
  });

  const expire = () => new Promise((resolve) => setTimeout(resolve, ACCESS_LIFETIME_MS + 300));

  it('refreshes once and retries, for reads and for a purchase', async () => {
    const client = new ShippingClient(server.url, auth.authFlow);
    const before = auth.authFlow.currentAccessToken();
    await expire();
    expect((await client.addSampleFunds(5000)).balanceCents).toBe(5000);
    expect(auth.authFlow.currentAccessToken()).not.toBe(before);

    await expire();
    const bought = await client.buy(
      purchaseRequestSchema.parse({
        idempotencyKey: `expired-token-${dialect}-1`,
        service: 'PRIORITY_MAIL',
        shipment: sampleShipment(),
      }),
    );
    expect(bought.balanceCents).toBeLessThan(5000);
    const list = await client.labels({});
    expect(list.labels.map((l) => l.id)).toEqual([bought.label.id]);
    expect((await client.account()).balanceCents).toBe(bought.balanceCents);
  }, 30_000);
});
