import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { registerShippingBookRoutes } from '../routes/shipping-book-routes';
import { registerShippingCsvRoutes } from '../routes/shipping-csv-routes';
import { registerShippingRoutes } from '../routes/shipping-routes';
import type { Clock } from '../services/clock';
import type { SessionService } from '../services/sessions';
import type { ShippingProvider } from './provider';
import { loadShippingConfig } from './shipping-config';
import { createProvider, createShippingServices, type ShippingServices } from './shipping-services';

/** What the shipping API is built from; `provider` overrides the configured one (tests). */
export interface ShippingDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessions: SessionService;
  provider?: ShippingProvider;
}

/**
 * Adds the shipping API (/v1/shipping/...) to the server: one call from
 * buildApp, so the shipping area stays in its own modules.
 */
export function registerShipping(app: FastifyInstance, deps: ShippingDeps): ShippingServices {
  const provider = deps.provider ?? createProvider(deps.db, deps.clock, loadShippingConfig());
  const services = createShippingServices(deps.db, deps.clock, provider);
  registerShippingRoutes(app, deps.sessions, services);
  registerShippingBookRoutes(app, deps.sessions, services);
  registerShippingCsvRoutes(app, deps.sessions, services);
  return services;
}
