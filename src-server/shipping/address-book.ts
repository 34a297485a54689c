import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { addressSchema, type StateCode } from '../../src-shared/shipping/address';
import {
  ADDRESS_CSV_COLUMNS,
  type AddressEntry,
  type AddressImportResponse,
  type RowProblem,
} from '../../src-shared/shipping/api';
import type { Database } from '../db/schema';
import type { ShippingAddressesTable } from '../db/shipping-schema';
import { HttpError } from '../http-error';
import type { Clock } from '../services/clock';
import { readCsv, recordOf, toCsv } from './csv';

type Address = z.output<typeof addressSchema>;
type AddressValues = Address & { isDefaultReturn: boolean };

function entryOf(row: Selectable<ShippingAddressesTable>): AddressEntry {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    street1: row.street1,
    street2: row.street2,
    city: row.city,
    state: row.state as StateCode,
    zip: row.zip,
    isDefaultReturn: Number(row.is_default_return) === 1,
  };
}

function searchText(a: Address): string {
  return [a.name, a.company, a.street1, a.city, a.state, a.zip].join(' ').toLowerCase();
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);

/** Each account's saved addresses, one of them the default return address. */
export class AddressBook {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Saved addresses, default return address first, then by name; optional search text. */
  async list(userId: string, query?: string): Promise<AddressEntry[]> {
    let select = this.db.selectFrom('shipping_addresses').selectAll().where('user_id', '=', userId);
    const text = query
      ?.trim()
      .toLowerCase()
      .replace(/[%_\\]/g, '');
    if (text) select = select.where('search_text', 'like', `%${text}%`);
    const rows = await select.orderBy('is_default_return', 'desc').orderBy('name').orderBy('id').limit(1000).execute();
    return rows.map(entryOf);
  }

  /** One saved address, or a 404. */
  async get(userId: string, id: string): Promise<AddressEntry> {
    const row = await this.db
      .selectFrom('shipping_addresses')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'ADDRESS_NOT_FOUND', 'That address is not in your address book.');
    return entryOf(row);
  }

  /** Adds an address; marking it default clears the previous default in the same transaction. */
  async create(userId: string, values: AddressValues, db: Kysely<Database> = this.db): Promise<AddressEntry> {
    const id = randomUUID();
    const now = this.clock.now();
    const write = async (trx: Kysely<Database>) => {
      if (values.isDefaultReturn) await this.clearDefault(trx, userId);
      await trx
        .insertInto('shipping_addresses')
        .values({
          id,
          user_id: userId,
          ...this.columns(values),
          created_at: now,
          updated_at: now,
        })
        .execute();
    };
    if (db === this.db) await this.db.transaction().execute(write);
    else await write(db);
    return { id, ...values };
  }

  /** Replaces a saved address. */
  async update(userId: string, id: string, values: AddressValues): Promise<AddressEntry> {
    await this.get(userId, id);
    await this.db.transaction().execute(async (trx) => {
      if (values.isDefaultReturn) await this.clearDefault(trx, userId);
      await trx
        .updateTable('shipping_addresses')
        .set({ ...this.columns(values), updated_at: this.clock.now() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .execute();
    });
    return { id, ...values };
  }

  /** Deletes a saved address (labels keep their own copy). */
  async remove(userId: string, id: string): Promise<void> {
    const result = await this.db
      .deleteFrom('shipping_addresses')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) {
      throw new HttpError(404, 'ADDRESS_NOT_FOUND', 'That address is not in your address book.');
    }
  }

  /**
   * Imports a CSV file: every row is checked first; if any is bad nothing is
   * saved and each bad row is reported, so a file is never half-imported.
   */
  async importCsv(userId: string, bytes: Uint8Array): Promise<AddressImportResponse> {
    const { header, rows } = readCsv(bytes, ['name', 'street1', 'city', 'state', 'zip']);
    const problems: RowProblem[] = [];
    const valid: AddressValues[] = [];
    rows.forEach((row, i) => {
      const record = recordOf(header, row);
      if (row.length !== header.length) {
        problems.push({ row: i + 2, reason: `Row has ${row.length} values; the header has ${header.length}` });
        return;
      }
      const parsed = addressSchema.safeParse(record);
      if (!parsed.success) {
        problems.push({ row: i + 2, reason: parsed.error.issues.map((issue) => issue.message).join('; ') });
        return;
      }
      valid.push({ ...parsed.data, isDefaultReturn: YES.has((record.default_return ?? '').toLowerCase()) });
    });
    if (valid.filter((v) => v.isDefaultReturn).length > 1) {
      problems.push({ row: 0, reason: 'Only one row can be the default return address' });
    }
    if (problems.length > 0) return { imported: 0, problems };
    await this.db.transaction().execute(async (trx) => {
      for (const values of valid) await this.create(userId, values, trx);
    });
    return { imported: valid.length, problems: [] };
  }

  /** The address book as CSV, in the same columns import reads. */
  async exportCsv(userId: string): Promise<string> {
    const entries = await this.list(userId);
    return toCsv(
      ADDRESS_CSV_COLUMNS,
      entries.map((e) => [
        e.name,
        e.company,
        e.street1,
        e.street2,
        e.city,
        e.state,
        e.zip,
        e.isDefaultReturn ? 'yes' : 'no',
      ]),
    );
  }

  private columns(values: AddressValues) {
    return {
      name: values.name,
      company: values.company,
      street1: values.street1,
      street2: values.street2,
      city: values.city,
      state: values.state,
      zip: values.zip,
      is_default_return: values.isDefaultReturn ? 1 : 0,
      search_text: searchText(values),
    };
  }

  private async clearDefault(db: Kysely<Database>, userId: string): Promise<void> {
    await db
      .updateTable('shipping_addresses')
      .set({ is_default_return: 0 })
      .where('user_id', '=', userId)
      .where('is_default_return', '=', 1)
      .execute();
  }
}
