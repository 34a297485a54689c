import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-server/services/clock';
import { LabelService } from '../../src-server/shipping/label-service';
import { LocalProvider } from '../../src-server/shipping/local-provider';
import { serialCounter } from '../../src-server/shipping/shipping-services';
import { shipmentSchema } from '../../src-shared/shipping/api';
import { sampleShipment } from '../helpers/shipping-client';
import { startTestServer } from '../helpers/test-server';

/* Refunds are for unused labels within 30 days of purchase; time is moved, not waited for. */
describe('refund window', () => {
  const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let labels: LabelService;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect: 'sqlite', clock });
    labels = new LabelService(server.database.db, clock, new LocalProvider(serialCounter(server.database.db)));
    userId = (
      await server.database.db.selectFrom('users').select('id').where('username', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    await labels.topUp(userId, 10_000);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function buy(key: string) {
    const shipment = shipmentSchema.parse(
      sampleShipment({ shipDate: new Date(clock.now()).toISOString().slice(0, 10) }),
    );
    return (await labels.purchase(userId, { idempotencyKey: key, shipment, service: 'USPS_GROUND_ADVANTAGE' })).label;
  }

  it('credits a refund on day 30 and refuses one on day 31, charging nothing either way', async () => {
    const early = await buy('window-key-0001');
    const late = await buy('window-key-0002');
    clock.advance(30 * 86_400_000 - 60_000);
    const before = await labels.balance(userId);
    const refunded = await labels.requestRefund(userId, early.id);
    expect(refunded.label.status).toBe('refunded');
    expect(refunded.balanceCents).toBe(before + early.totalCents);
    clock.advance(86_400_000);
    await expect(labels.requestRefund(userId, late.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'REFUND_WINDOW_PASSED',
      message: 'Refunds can be requested within 30 days of purchase.',
    });
    expect(await labels.balance(userId)).toBe(before + early.totalCents);
    expect((await labels.get(userId, late.id)).status).toBe('purchased');
  });

  it('a retried purchase answers with its label even after the ship date has passed', async () => {
    const shipment = shipmentSchema.parse(
      sampleShipment({ shipDate: new Date(clock.now()).toISOString().slice(0, 10) }),
    );
    const first = await labels.purchase(userId, {
      idempotencyKey: 'retry-late-0001',
      shipment,
      service: 'PRIORITY_MAIL',
    });
    clock.advance(3 * 86_400_000);
    const retry = await labels.purchase(userId, {
      idempotencyKey: 'retry-late-0001',
      shipment,
      service: 'PRIORITY_MAIL',
    });
    expect(retry).toMatchObject({ replayed: true, balanceCents: first.balanceCents });
    expect(retry.label.id).toBe(first.label.id);
    await expect(
      labels.purchase(userId, { idempotencyKey: 'retry-late-0002', shipment, service: 'PRIORITY_MAIL' }),
    ).rejects.toMatchObject({ code: 'INVALID_SHIP_DATE' });
  });

  it('a ship date is checked against the same clock', () => {
    expect(() => labels.checkShipDate('2026-03-02')).toThrow('shipDate: Ship date cannot be in the past');
  });

  it('credits a refund only once even if the credit step runs twice', async () => {
    const label = await buy('window-key-0003');
    const before = await labels.balance(userId);
    await labels.requestRefund(userId, label.id);
    await labels.creditRefund(userId, label.id);
    await Promise.all([labels.creditRefund(userId, label.id), labels.creditRefund(userId, label.id)]);
    expect(await labels.balance(userId)).toBe(before + label.totalCents);
  });
});
