import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Postage accounts and their ledger, labels (unique per account and
 * idempotency key, so a retried purchase cannot make a second one), the
 * address book, package presets and the tracking-serial counter.
 */
export const shipping: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('postage_accounts')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('balance_cents', 'bigint', (c) => c.notNull().check(sqlNonNegative()))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('shipping_labels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('tracking_number', 'text', (c) => c.unique())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('container', 'text', (c) => c.notNull())
      .addColumn('from_json', 'text', (c) => c.notNull())
      .addColumn('to_json', 'text', (c) => c.notNull())
      .addColumn('recipient_search', 'text', (c) => c.notNull())
      .addColumn('weight_lb', 'real', (c) => c.notNull())
      .addColumn('length_in', 'real', (c) => c.notNull())
      .addColumn('width_in', 'real', (c) => c.notNull())
      .addColumn('height_in', 'real', (c) => c.notNull())
      .addColumn('ship_date', 'text', (c) => c.notNull())
      .addColumn('zone', 'integer', (c) => c.notNull())
      .addColumn('postage_cents', 'bigint', (c) => c.notNull())
      .addColumn('extras_cents', 'bigint', (c) => c.notNull())
      .addColumn('total_cents', 'bigint', (c) => c.notNull())
      .addColumn('signature', 'integer', (c) => c.notNull())
      .addColumn('insured_value_cents', 'bigint', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('sample', 'integer', (c) => c.notNull())
      .addColumn('provider_label', 'text')
      .addColumn('batch_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('refund_requested_at', 'bigint')
      .addColumn('refunded_at', 'bigint')
      .addUniqueConstraint('shipping_labels_idempotency', ['user_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('shipping_labels_user_created')
      .on('shipping_labels')
      .columns(['user_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('postage_ledger')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('amount_cents', 'bigint', (c) => c.notNull())
      .addColumn('label_id', 'text', (c) => c.references('shipping_labels.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // One debit and at most one refund credit per label, whatever races.
      .addUniqueConstraint('postage_ledger_once', ['label_id', 'kind'])
      .execute();
    await db.schema
      .createIndex('postage_ledger_user')
      .on('postage_ledger')
      .columns(['user_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('shipping_addresses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('company', 'text', (c) => c.notNull())
      .addColumn('street1', 'text', (c) => c.notNull())
      .addColumn('street2', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('zip', 'text', (c) => c.notNull())
      .addColumn('is_default_return', 'integer', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('shipping_addresses_user').on('shipping_addresses').column('user_id').execute();

    await db.schema
      .createTable('package_presets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('container', 'text', (c) => c.notNull())
      .addColumn('weight_lb', 'real', (c) => c.notNull())
      .addColumn('length_in', 'real', (c) => c.notNull())
      .addColumn('width_in', 'real', (c) => c.notNull())
      .addColumn('height_in', 'real', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('package_presets_name', ['user_id', 'name'])
      .execute();

    await db.schema
      .createTable('shipping_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'shipping_counters',
      'package_presets',
      'shipping_addresses',
      'postage_ledger',
      'shipping_labels',
      'postage_accounts',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};

function sqlNonNegative() {
  return sql`balance_cents >= 0`;
}
