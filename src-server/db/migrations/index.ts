import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial';
import { mfaFlows } from './0002-mfa-flows';
import { shipping } from './0050-shipping';
import { requestLimits } from './0051-request-limits';

/**
 * Versioned migrations, in code so the bundled app and both dialects run the
 * very same list. Add new ones at the end with the next number; never edit one
 * that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-mfa-flows': mfaFlows,
  '0050-shipping': shipping,
  '0051-request-limits': requestLimits,
};

/** Hands Kysely's Migrator the list above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
