import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  BATCH_CSV_COLUMNS,
  MAX_BATCH_ROWS,
  SERVICE_ALIASES,
  shipmentSchema,
  type BatchCheckResponse,
  type BatchPurchaseResponse,
  type BatchRow,
  type Label,
  type RowProblem,
  type Shipment,
} from '../../src-shared/shipping/api';
import { parseDollars } from '../../src-shared/shipping/money';
import { shipDateProblem } from '../../src-shared/shipping/ship-date';
import type { ServiceId } from '../../src-shared/shipping/services';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import type { Clock } from '../services/clock';
import type { AddressBook } from './address-book';
import { readCsv, recordOf } from './csv';
import { labelOf } from './label-rows';
import type { LabelService } from './label-service';

/** Columns a batch file must have; the others of {@link BATCH_CSV_COLUMNS} may be left out. */
const REQUIRED = ['to_name', 'to_street1', 'to_city', 'to_state', 'to_zip', 'weight_lb', 'service'] as const;
const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['', 'no', 'n', 'false', '0']);
/** Dimensions used when a row leaves them empty (a small box). */
const DEFAULT_SIDE_IN = 6;

interface CheckedRow {
  row: BatchRow;
  shipment?: Shipment;
  service?: ServiceId;
}

function number(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
}

/**
 * Batch labels from a CSV file: every row is checked and priced first, with a
 * reason for each bad one; buying takes the valid rows only, each under its
 * own idempotency key (so a retried batch never charges twice), and a row that
 * fails at purchase is released uncharged.
 */
export class BatchService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly labels: LabelService,
    private readonly addresses: AddressBook,
  ) {}

  /** Checks and prices every row; buys nothing. */
  async check(userId: string, bytes: Uint8Array, fromAddressId: string): Promise<BatchCheckResponse> {
    const checked = await this.checkRows(userId, bytes, fromAddressId);
    return this.summary(checked.map((c) => c.row));
  }

  /** Buys every valid row; the answer lists the bought labels and each row not bought with its reason. */
  async purchase(
    userId: string,
    bytes: Uint8Array,
    fromAddressId: string,
    idempotencyKey: string,
  ): Promise<BatchPurchaseResponse> {
    const checked = await this.checkRows(userId, bytes, fromAddressId);
    const batchId = createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
    const valid = checked.filter((c) => c.row.ok && c.shipment && c.service);
    if (valid.length === 0)
      throw new HttpError(
        422,
        'BATCH_HAS_NO_VALID_ROWS',
        'No row of this file can be bought; fix the rows listed and try again.',
      );
    const alreadyBought = new Set(
      (
        await this.db
          .selectFrom('shipping_labels')
          .select('idempotency_key')
          .where('user_id', '=', userId)
          .where('batch_id', '=', batchId)
          .execute()
      ).map((r) => r.idempotency_key),
    );
    const keyOf = (row: number) => `${idempotencyKey}:${String(row).padStart(5, '0')}`;
    const due = valid
      .filter((c) => !alreadyBought.has(keyOf(c.row.row)))
      .reduce((sum, c) => sum + (c.row.totalCents ?? 0), 0);
    const balance = await this.labels.balance(userId);
    if (due > balance) {
      throw new HttpError(
        402,
        'INSUFFICIENT_FUNDS',
        `The batch costs $${(due / 100).toFixed(2)} but the postage balance is $${(balance / 100).toFixed(2)}. Add funds and try again; nothing was bought.`,
      );
    }
    const failed: RowProblem[] = checked
      .filter((c) => !c.row.ok)
      .map((c) => ({ row: c.row.row, reason: c.row.reason ?? 'Invalid row' }));
    const labels: Label[] = [];
    for (const c of valid) {
      if (!c.shipment || !c.service) continue;
      try {
        const result = await this.labels.purchase(userId, {
          idempotencyKey: keyOf(c.row.row),
          shipment: c.shipment,
          service: c.service,
          batchId,
        });
        labels.push(result.label);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        failed.push({ row: c.row.row, reason: error.message });
      }
    }
    failed.sort((a, b) => a.row - b.row);
    return {
      batchId,
      labels,
      failed,
      chargedCents: labels.reduce((sum, l) => sum + l.totalCents, 0),
      balanceCents: await this.labels.balance(userId),
    };
  }

  /** The labels of one batch, in file order. */
  async labelIds(userId: string, batchId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('shipping_labels')
      .selectAll()
      .where('user_id', '=', userId)
      .where('batch_id', '=', batchId)
      .where('status', '!=', 'pending')
      .orderBy('idempotency_key')
      .execute();
    if (rows.length === 0) throw new HttpError(404, 'BATCH_NOT_FOUND', 'There is no such batch.');
    return rows.map((r) => labelOf(r).id);
  }

  private summary(rows: BatchRow[]): BatchCheckResponse {
    const valid = rows.filter((r) => r.ok);
    return {
      rows,
      validCount: valid.length,
      invalidCount: rows.length - valid.length,
      totalCents: valid.reduce((sum, r) => sum + (r.totalCents ?? 0), 0),
      sample: this.labels.provider.sample,
    };
  }

  private async checkRows(userId: string, bytes: Uint8Array, fromAddressId: string): Promise<CheckedRow[]> {
    const from = await this.addresses.get(userId, fromAddressId).catch(() => {
      throw new HttpError(
        422,
        'RETURN_ADDRESS_REQUIRED',
        'fromAddressId: Choose a return address from your address book.',
      );
    });
    const { header, rows } = readCsv(bytes, REQUIRED);
    const unknown = header.filter((h) => !(BATCH_CSV_COLUMNS as readonly string[]).includes(h));
    if (unknown.length > 0) {
      throw new HttpError(
        422,
        'CSV_HEADER',
        `Unknown column ${unknown.join(', ')}. The header is: ${BATCH_CSV_COLUMNS.join(',')}`,
      );
    }
    if (rows.length > MAX_BATCH_ROWS) {
      throw new HttpError(
        422,
        'BATCH_TOO_LARGE',
        `The file has ${rows.length} rows; one batch can have at most ${MAX_BATCH_ROWS}.`,
      );
    }
    const { id: _id, isDefaultReturn: _d, ...fromAddress } = from;
    const checked: CheckedRow[] = [];
    for (const [i, cells] of rows.entries()) {
      checked.push(await this.checkRow(i + 2, header, cells, fromAddress));
    }
    return checked;
  }

  private async checkRow(
    rowNumber: number,
    header: string[],
    cells: string[],
    from: Shipment['from'],
  ): Promise<CheckedRow> {
    const r = recordOf(header, cells);
    const base = {
      row: rowNumber,
      reference: r.reference ?? '',
      recipient: r.to_name ?? '',
      service: r.service ?? '',
    };
    const bad = (reason: string): CheckedRow => ({ row: { ...base, ok: false, reason } });
    if (cells.length !== header.length) return bad(`Row has ${cells.length} values; the header has ${header.length}`);
    const service = SERVICE_ALIASES[(r.service ?? '').trim().toUpperCase().replace(/\s+/g, ' ')];
    const problems: string[] = [];
    if (!service)
      problems.push(
        `service: unknown service "${r.service ?? ''}"; use Priority Mail Express, Priority Mail or USPS Ground Advantage`,
      );
    const signature = (r.signature ?? '').trim().toLowerCase();
    if (!YES.has(signature) && !NO.has(signature)) problems.push('signature: use yes or no');
    const insured = (r.insured_value ?? '').trim() === '' ? 0 : parseDollars(r.insured_value ?? '');
    if (insured === undefined) problems.push('insured_value: use an amount in dollars such as 150.00');
    const shipDate =
      (r.ship_date ?? '').trim() || new Date(this.clock.now() - 5 * 3_600_000).toISOString().slice(0, 10);
    const parsed = shipmentSchema.safeParse({
      from,
      to: {
        name: r.to_name,
        company: r.to_company ?? '',
        street1: r.to_street1,
        street2: r.to_street2 ?? '',
        city: r.to_city,
        state: r.to_state,
        zip: r.to_zip,
      },
      package: {
        container: (r.package_type ?? '').trim().toUpperCase().replace(/\s+/g, '_') || 'PACKAGE',
        weightLb: number(r.weight_lb),
        lengthIn: number(r.length_in) ?? DEFAULT_SIDE_IN,
        widthIn: number(r.width_in) ?? DEFAULT_SIDE_IN,
        heightIn: number(r.height_in) ?? DEFAULT_SIDE_IN,
      },
      shipDate,
      extras: { signature: YES.has(signature), insuredValueCents: insured ?? 0 },
    });
    if (!parsed.success) {
      const column = (path: PropertyKey[]) =>
        path[0] === 'to'
          ? `to_${String(path[1])}`
          : path[0] === 'package'
            ? ((
                {
                  weightLb: 'weight_lb',
                  lengthIn: 'length_in',
                  widthIn: 'width_in',
                  heightIn: 'height_in',
                  container: 'package_type',
                } as Record<string, string>
              )[String(path[1])] ?? 'package')
            : String(path.join('.'));
      problems.push(...parsed.error.issues.map((issue) => `${column(issue.path)}: ${issue.message}`));
    }
    const dateProblem = shipDateProblem(shipDate, this.clock.now());
    if (dateProblem && parsed.success) problems.push(`ship_date: ${dateProblem}`);
    if (problems.length > 0 || !parsed.success || !service) return bad(problems.join('; '));
    try {
      const quote = await this.labels.quote(parsed.data, service);
      return { row: { ...base, ok: true, totalCents: quote.totalCents }, shipment: parsed.data, service };
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) return bad(error.message);
      throw error;
    }
  }
}
