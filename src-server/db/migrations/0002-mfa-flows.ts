import type { Kysely, Migration } from 'kysely';

/**
 * Everything the full guide needs beside the skeleton: email links, trusted
 * devices and their nonces, SMS send records (toll-fraud caps), password
 * throttling by user name, and the help-desk audit log.
 */
export const mfaFlows: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('terms_accepted_at', 'bigint').execute();

    await db.schema
      .createTable('email_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('flow_id', 'text', (c) => c.references('flows.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('superseded_at', 'bigint')
      .execute();
    await db.schema.createIndex('email_links_flow').on('email_links').column('flow_id').execute();

    await db.schema
      .createTable('trusted_devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('trusted_devices_user').on('trusted_devices').column('user_id').execute();

    await db.schema
      .createTable('device_challenges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('trusted_devices.id').onDelete('cascade'))
      .addColumn('nonce', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();

    await db.schema
      .createTable('sms_sends')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('phone_e164', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sms_sends_phone').on('sms_sends').columns(['phone_e164', 'created_at']).execute();
    await db.schema.createIndex('sms_sends_user').on('sms_sends').columns(['user_id', 'created_at']).execute();

    await db.schema
      .createTable('password_throttle')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_id', 'at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'audit_log',
      'password_throttle',
      'sms_sends',
      'device_challenges',
      'trusted_devices',
      'email_links',
    ]) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.alterTable('users').dropColumn('terms_accepted_at').execute();
  },
};
