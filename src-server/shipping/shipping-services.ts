import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../services/clock';
import { AddressBook } from './address-book';
import { BatchService } from './batch-service';
import { LabelService } from './label-service';
import { LocalProvider } from './local-provider';
import { PresetStore } from './presets';
import type { ShippingProvider } from './provider';
import type { ShippingConfig } from './shipping-config';
import { UspsProvider } from './usps-provider';

/** Everything the shipping routes call. */
export interface ShippingServices {
  labels: LabelService;
  addresses: AddressBook;
  presets: PresetStore;
  batches: BatchService;
}

/** Next local tracking serial from a database counter, so several server instances never repeat one. */
export function serialCounter(db: Kysely<Database>): () => Promise<number> {
  return async () => {
    await db
      .insertInto('shipping_counters')
      .values({ name: 'tracking-serial', value: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await db
      .updateTable('shipping_counters')
      .set({ value: sql`value + 1` })
      .where('name', '=', 'tracking-serial')
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  };
}

/** Builds the provider the configuration names. */
export function createProvider(db: Kysely<Database>, clock: Clock, config: ShippingConfig): ShippingProvider {
  return config.provider === 'usps'
    ? new UspsProvider(config.usps, () => clock.now())
    : new LocalProvider(serialCounter(db), config.mailerId);
}

/** Wires the shipping services over one database and provider. */
export function createShippingServices(
  db: Kysely<Database>,
  clock: Clock,
  provider: ShippingProvider,
): ShippingServices {
  const labels = new LabelService(db, clock, provider);
  const addresses = new AddressBook(db, clock);
  return {
    labels,
    addresses,
    presets: new PresetStore(db, clock),
    batches: new BatchService(db, clock, labels, addresses),
  };
}
