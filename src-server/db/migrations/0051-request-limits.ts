import type { Kysely, Migration } from 'kysely';

/**
 * One row per unauthenticated mail-sending request (create account, forgot user
 * name, forgot password), per bucket (client address, target address), so the
 * limits hold across every instance sharing the database.
 */
export const requestLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('request_limits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('request_limits_bucket')
      .on('request_limits')
      .columns(['bucket', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_limits').execute();
  },
};
