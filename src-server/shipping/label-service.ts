import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Address } from '../../src-shared/shipping/address';
import type {
  Account,
  Label,
  LabelFormat,
  PurchaseResponse,
  RateOption,
  RatesResponse,
  Shipment,
} from '../../src-shared/shipping/api';
import { labelQuerySchema, type LabelQuery } from '../../src-shared/shipping/api';
import { formatCents } from '../../src-shared/shipping/money';
import { parcelProblem } from '../../src-shared/shipping/package';
import { addDays, shipDateProblem } from '../../src-shared/shipping/ship-date';
import { SERVICE_IDS, SERVICES, type ServiceId } from '../../src-shared/shipping/services';
import type { Database } from '../db/schema';
import '../db/shipping-schema';
import { HttpError } from '../http-error';
import type { Clock } from '../services/clock';
import { printableOf, isUniqueViolation, labelOf, type LabelRow } from './label-rows';
import { renderLabelsPdf, renderLabelZpl } from './label-render';
import { ProviderError, type ShippingProvider } from './provider';
import { toCsv } from './csv';

/** Refunds may be requested this long after purchase. */
export const REFUND_WINDOW_MS = 30 * 86_400_000;
/** How long a purchase with the same key waits for the first one to finish. */
const IN_FLIGHT_WAIT_MS = 20_000;

/** A label file ready to send. */
export interface LabelFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stable hash of a purchase request, so a key reused for a different label is refused. */
function requestHash(shipment: Shipment, service: ServiceId): string {
  return createHash('sha256').update(JSON.stringify({ shipment, service })).digest('hex');
}

/**
 * Postage and labels: the account balance and its ledger, prices, purchases
 * that debit exactly once per idempotency key (also under concurrent retries,
 * on SQLite and PostgreSQL alike), history, reprints and refunds.
 */
export class LabelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    readonly provider: ShippingProvider,
  ) {}

  /** The account's balance and its most recent ledger entries. */
  async account(userId: string): Promise<Account> {
    const ledger = await this.db
      .selectFrom('postage_ledger')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(50)
      .execute();
    return {
      balanceCents: await this.balance(userId),
      provider: this.provider.name,
      sample: this.provider.sample,
      ledger: ledger.map((e) => ({
        id: e.id,
        kind: e.kind,
        amountCents: Number(e.amount_cents),
        labelId: e.label_id,
        createdAt: new Date(Number(e.created_at)).toISOString(),
      })),
    };
  }

  /** Current balance in cents (0 for an account that never had funds). */
  async balance(userId: string, db: Kysely<Database> = this.db): Promise<number> {
    const row = await db
      .selectFrom('postage_accounts')
      .select('balance_cents')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.balance_cents ?? 0);
  }

  /**
   * Adds funds. With `local` they are sample money. With `usps` USPS charges
   * the account's EPS payment account for each label, and this balance is the
   * postage budget the app may spend, so a runaway batch cannot overspend.
   */
  async topUp(userId: string, amountCents: number): Promise<Account> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.ensureAccount(trx, userId);
      await trx
        .updateTable('postage_accounts')
        .set({ balance_cents: sql`balance_cents + ${amountCents}`, updated_at: now })
        .where('user_id', '=', userId)
        .execute();
      await trx
        .insertInto('postage_ledger')
        .values({
          id: randomUUID(),
          user_id: userId,
          kind: 'top-up',
          amount_cents: amountCents,
          label_id: null,
          created_at: now,
        })
        .execute();
    });
    return this.account(userId);
  }

  /** Checks the ship date against the clock (the zod schema checks only its form). */
  checkShipDate(shipDate: string): void {
    const problem = shipDateProblem(shipDate, this.clock.now());
    if (problem) throw new HttpError(400, 'INVALID_SHIP_DATE', `shipDate: ${problem}`);
  }

  /** Address as the provider standardises it, and whether that differs from what was typed. */
  async standardize(address: Address): Promise<{ address: Address; changed: boolean; sample: boolean }> {
    const standard = await this.providerCall(() => this.provider.standardize(address));
    const changed = (Object.keys(standard) as (keyof Address)[]).some((k) => standard[k] !== address[k]);
    return { address: standard, changed, sample: this.provider.sample };
  }

  /** Prices of every service for a shipment, and why the others cannot carry it. */
  async rates(shipment: Shipment): Promise<RatesResponse> {
    this.checkShipDate(shipment.shipDate);
    const unavailable = SERVICE_IDS.flatMap((service) => {
      const reason = parcelProblem(service, shipment.package);
      return reason ? [{ service, reason }] : [];
    });
    const rates = await this.providerCall(() => this.provider.rates(shipment, SERVICE_IDS));
    const options: RateOption[] = rates.map((r) => ({
      service: r.service,
      serviceName: SERVICES[r.service].name,
      postageCents: r.postageCents,
      extrasCents: r.extrasCents,
      totalCents: r.postageCents + r.extrasCents,
      zone: r.zone,
      deliveryDays: r.deliveryDays,
      expectedDelivery: addDays(shipment.shipDate, r.deliveryDays.max),
    }));
    return { zone: options[0]?.zone ?? 0, sample: this.provider.sample, options, unavailable };
  }

  /** The price of one service, or a 422 saying why it cannot carry this shipment. */
  async quote(shipment: Shipment, service: ServiceId): Promise<RateOption> {
    const reason = parcelProblem(service, shipment.package);
    if (reason) throw new HttpError(422, 'SERVICE_UNAVAILABLE', `service: ${reason}`);
    const { options } = await this.rates(shipment);
    const option = options.find((o) => o.service === service);
    if (!option)
      throw new HttpError(422, 'SERVICE_UNAVAILABLE', `service: ${SERVICES[service].name} cannot carry this package`);
    return option;
  }

  /**
   * Buys a label. The same key always yields the same label and one debit:
   * the account row is debited and the label row (unique per account and key)
   * inserted in one transaction, so a concurrent duplicate rolls back whole
   * and then answers with the winner's label. If the provider then fails, the
   * hold is released in one transaction: nothing charged, nothing left behind.
   */
  async purchase(
    userId: string,
    request: { idempotencyKey: string; shipment: Shipment; service: ServiceId; batchId?: string },
  ): Promise<PurchaseResponse> {
    const hash = requestHash(request.shipment, request.service);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await this.findByKey(userId, request.idempotencyKey);
      if (existing) {
        const settled = await this.settled(existing, hash);
        if (settled) return settled;
        continue;
      }
      const quote = await this.quote(request.shipment, request.service);
      const labelId = randomUUID();
      const claimed = await this.claim(userId, labelId, hash, request, quote);
      if (!claimed) continue;
      return this.complete(userId, labelId, request);
    }
    throw new HttpError(
      409,
      'PURCHASE_IN_PROGRESS',
      'This purchase is still being processed. Please check History in a moment.',
    );
  }

  private async claim(
    userId: string,
    labelId: string,
    hash: string,
    request: { idempotencyKey: string; shipment: Shipment; service: ServiceId; batchId?: string },
    quote: RateOption,
  ): Promise<boolean> {
    const { shipment } = request;
    const now = this.clock.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.ensureAccount(trx, userId);
        const debit = await trx
          .updateTable('postage_accounts')
          .set({ balance_cents: sql`balance_cents - ${quote.totalCents}`, updated_at: now })
          .where('user_id', '=', userId)
          .where('balance_cents', '>=', quote.totalCents)
          .executeTakeFirst();
        if (Number(debit.numUpdatedRows) !== 1) {
          const balance = await this.balance(userId, trx);
          throw new HttpError(
            402,
            'INSUFFICIENT_FUNDS',
            `This label costs ${formatCents(quote.totalCents)} but the postage balance is ${formatCents(balance)}. Add funds and try again.`,
          );
        }
        await trx
          .insertInto('shipping_labels')
          .values({
            id: labelId,
            user_id: userId,
            idempotency_key: request.idempotencyKey,
            request_hash: hash,
            status: 'pending',
            tracking_number: null,
            service: request.service,
            container: shipment.package.container,
            from_json: JSON.stringify(shipment.from),
            to_json: JSON.stringify(shipment.to),
            recipient_search: [shipment.to.name, shipment.to.company, shipment.to.city].join(' ').toLowerCase(),
            weight_lb: shipment.package.weightLb,
            length_in: shipment.package.lengthIn,
            width_in: shipment.package.widthIn,
            height_in: shipment.package.heightIn,
            ship_date: shipment.shipDate,
            zone: quote.zone,
            postage_cents: quote.postageCents,
            extras_cents: quote.extrasCents,
            total_cents: quote.totalCents,
            signature: shipment.extras.signature ? 1 : 0,
            insured_value_cents: shipment.extras.insuredValueCents,
            provider: this.provider.name,
            sample: this.provider.sample ? 1 : 0,
            provider_label: null,
            batch_id: request.batchId ?? null,
            created_at: now,
            refund_requested_at: null,
            refunded_at: null,
          })
          .execute();
        await trx
          .insertInto('postage_ledger')
          .values({
            id: randomUUID(),
            user_id: userId,
            kind: 'purchase',
            amount_cents: -quote.totalCents,
            label_id: labelId,
            created_at: now,
          })
          .execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  private async complete(
    userId: string,
    labelId: string,
    request: { shipment: Shipment; service: ServiceId },
  ): Promise<PurchaseResponse> {
    let made;
    try {
      made = await this.provider.createLabel({
        shipment: request.shipment,
        service: request.service,
        reference: labelId,
      });
    } catch (error) {
      await this.release(userId, labelId);
      throw this.providerFailure(error);
    }
    await this.db
      .updateTable('shipping_labels')
      .set({ status: 'purchased', tracking_number: made.trackingNumber, provider_label: made.labelPdfBase64 ?? null })
      .where('id', '=', labelId)
      .execute();
    return { label: await this.get(userId, labelId), balanceCents: await this.balance(userId), replayed: false };
  }

  /** Undoes a claim whose label could not be made: the debit, the ledger entry and the row, together. */
  private async release(userId: string, labelId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('shipping_labels')
        .select('total_cents')
        .where('id', '=', labelId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!row) return;
      await trx.deleteFrom('postage_ledger').where('label_id', '=', labelId).execute();
      await trx.deleteFrom('shipping_labels').where('id', '=', labelId).execute();
      await trx
        .updateTable('postage_accounts')
        .set({ balance_cents: sql`balance_cents + ${Number(row.total_cents)}`, updated_at: this.clock.now() })
        .where('user_id', '=', userId)
        .execute();
    });
  }

  /** A finished purchase for this key, waiting while another request is still making it. */
  private async settled(row: LabelRow, hash: string): Promise<PurchaseResponse | undefined> {
    if (row.request_hash !== hash) {
      throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This purchase key was already used for a different label.');
    }
    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    let current: LabelRow | undefined = row;
    while (current?.status === 'pending' && Date.now() < deadline) {
      await sleep(50);
      current = await this.db.selectFrom('shipping_labels').selectAll().where('id', '=', row.id).executeTakeFirst();
    }
    if (!current) return undefined; // the first attempt failed and was released: try again
    if (current.status === 'pending') {
      throw new HttpError(
        409,
        'PURCHASE_IN_PROGRESS',
        'This purchase is still being processed. Please check History in a moment.',
      );
    }
    return { label: labelOf(current), balanceCents: await this.balance(current.user_id), replayed: true };
  }

  private findByKey(userId: string, key: string): Promise<LabelRow | undefined> {
    return this.db
      .selectFrom('shipping_labels')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /** One of the account's labels, or a 404. */
  async get(userId: string, labelId: string): Promise<Label> {
    const row = await this.db
      .selectFrom('shipping_labels')
      .selectAll()
      .where('id', '=', labelId)
      .where('user_id', '=', userId)
      .where('status', '!=', 'pending')
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'LABEL_NOT_FOUND', 'There is no such label in your history.');
    return labelOf(row);
  }

  /** History, newest first: search by recipient or tracking number, filter by ship date. */
  async list(userId: string, query: LabelQuery): Promise<Label[]> {
    const q = labelQuerySchema.parse(query);
    let select = this.db
      .selectFrom('shipping_labels')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '!=', 'pending');
    if (q.q) {
      const text = q.q.toLowerCase();
      const digits = text.replace(/\s+/g, '');
      select = select.where((eb) =>
        eb.or([
          eb('recipient_search', 'like', `%${text.replace(/[%_\\]/g, '')}%`),
          ...(/^\d{4,}$/.test(digits) ? [eb('tracking_number', 'like', `%${digits}%`)] : []),
        ]),
      );
    }
    if (q.from) select = select.where('ship_date', '>=', q.from);
    if (q.to) select = select.where('ship_date', '<=', q.to);
    const rows = await select.orderBy('created_at', 'desc').orderBy('id').limit(q.limit).execute();
    return rows.map(labelOf);
  }

  /** History as CSV for a spreadsheet. */
  async exportCsv(userId: string, query: LabelQuery): Promise<string> {
    const labels = await this.list(userId, { ...query, limit: 500 });
    return toCsv(
      [
        'tracking_number',
        'created_at',
        'ship_date',
        'service',
        'recipient',
        'city',
        'state',
        'zip',
        'weight_lb',
        'total',
        'status',
        'sample',
      ],
      labels.map((l) => [
        l.trackingNumber,
        l.createdAt,
        l.shipDate,
        l.serviceName,
        l.to.name,
        l.to.city,
        l.to.state,
        l.to.zip,
        l.weightLb,
        (l.totalCents / 100).toFixed(2),
        l.status,
        l.sample ? 'yes' : 'no',
      ]),
    );
  }

  /** A label file; printing it again is free and draws the very same label. */
  async file(userId: string, labelIds: readonly string[], format: LabelFormat): Promise<LabelFile> {
    const labels = await Promise.all(labelIds.map((id) => this.get(userId, id)));
    const first = labels[0];
    if (!first) throw new HttpError(404, 'LABEL_NOT_FOUND', 'There is no such label in your history.');
    const base = labels.length === 1 ? `label-${first.trackingNumber}` : `labels-${labels.length}`;
    if (format === 'zpl') {
      return {
        contentType: 'application/zpl',
        fileName: `${base}.zpl`,
        body: Buffer.from(labels.map((l) => renderLabelZpl(printableOf(l))).join('')),
      };
    }
    if (labels.length === 1 && format === 'pdf-4x6') {
      // A label USPS drew itself is the one to print.
      const own = await this.db
        .selectFrom('shipping_labels')
        .select('provider_label')
        .where('id', '=', first.id)
        .executeTakeFirst();
      if (own?.provider_label) {
        return {
          contentType: 'application/pdf',
          fileName: `${base}.pdf`,
          body: Buffer.from(own.provider_label, 'base64'),
        };
      }
    }
    const pdf = await renderLabelsPdf(labels.map(printableOf), format === 'pdf-letter' ? 'letter' : '4x6');
    return {
      contentType: 'application/pdf',
      fileName: `${base}${format === 'pdf-letter' ? '-letter' : ''}.pdf`,
      body: Buffer.from(pdf),
    };
  }

  /**
   * Refund of an unused label within 30 days: marked requested, asked of the
   * provider, and credited once (the ledger allows one refund per label).
   */
  async requestRefund(userId: string, labelId: string): Promise<{ label: Label; balanceCents: number }> {
    const label = await this.get(userId, labelId);
    if (label.status !== 'purchased') {
      throw new HttpError(409, 'REFUND_ALREADY_REQUESTED', 'A refund was already requested for this label.');
    }
    if (this.clock.now() - Date.parse(label.createdAt) > REFUND_WINDOW_MS) {
      throw new HttpError(409, 'REFUND_WINDOW_PASSED', 'Refunds can be requested within 30 days of purchase.');
    }
    const now = this.clock.now();
    const marked = await this.db
      .updateTable('shipping_labels')
      .set({ status: 'refund-requested', refund_requested_at: now })
      .where('id', '=', labelId)
      .where('status', '=', 'purchased')
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) {
      throw new HttpError(409, 'REFUND_ALREADY_REQUESTED', 'A refund was already requested for this label.');
    }
    const granted = await this.providerCall(() => this.provider.refund(label.trackingNumber)).catch(
      async (error: unknown) => {
        await this.db
          .updateTable('shipping_labels')
          .set({ status: 'purchased', refund_requested_at: null })
          .where('id', '=', labelId)
          .where('status', '=', 'refund-requested')
          .execute();
        throw error;
      },
    );
    if (granted) await this.creditRefund(userId, labelId);
    return { label: await this.get(userId, labelId), balanceCents: await this.balance(userId) };
  }

  /** Credits a requested refund exactly once, whatever calls it twice. */
  async creditRefund(userId: string, labelId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('shipping_labels')
        .set({ status: 'refunded', refunded_at: now })
        .where('id', '=', labelId)
        .where('user_id', '=', userId)
        .where('status', '=', 'refund-requested')
        .returning('total_cents')
        .executeTakeFirst();
      if (!done) return;
      const amount = Number(done.total_cents);
      await trx
        .insertInto('postage_ledger')
        .values({
          id: randomUUID(),
          user_id: userId,
          kind: 'refund',
          amount_cents: amount,
          label_id: labelId,
          created_at: now,
        })
        .execute();
      await trx
        .updateTable('postage_accounts')
        .set({ balance_cents: sql`balance_cents + ${amount}`, updated_at: now })
        .where('user_id', '=', userId)
        .execute();
    });
  }

  private async ensureAccount(db: Kysely<Database>, userId: string): Promise<void> {
    await db
      .insertInto('postage_accounts')
      .values({ user_id: userId, balance_cents: 0, updated_at: this.clock.now() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  private async providerCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.providerFailure(error);
    }
  }

  private providerFailure(error: unknown): Error {
    if (error instanceof HttpError) return error;
    if (error instanceof ProviderError) return new HttpError(503, 'PROVIDER_UNAVAILABLE', error.message, 30);
    return error instanceof Error ? error : new Error(String(error));
  }
}
