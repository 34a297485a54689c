import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { saveAddressSchema, savePresetSchema } from '../../src-shared/shipping/api';
import type { SessionService } from '../services/sessions';
import type { ShippingServices } from '../shipping/shipping-services';
import { parseShipping, shippingUserId } from './shipping-parse';

const idParams = z.object({ id: z.uuid('Id is not valid') });
const searchQuery = z.object({ q: z.string().max(100, 'Search text can be at most 100 characters').optional() });

/** Address book (CRUD, search, default return address, CSV export) and package presets. */
export function registerShippingBookRoutes(
  app: FastifyInstance,
  sessions: SessionService,
  shipping: ShippingServices,
): void {
  const { addresses, presets } = shipping;

  app.get('/v1/shipping/addresses', async (request) => {
    const userId = await shippingUserId(request, sessions);
    return { addresses: await addresses.list(userId, parseShipping(searchQuery, request.query).q) };
  });

  app.post('/v1/shipping/addresses', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    const entry = await addresses.create(userId, parseShipping(saveAddressSchema, request.body));
    return reply.code(201).send(entry);
  });

  app.put('/v1/shipping/addresses/:id', async (request) => {
    const userId = await shippingUserId(request, sessions);
    const { id } = parseShipping(idParams, request.params);
    return addresses.update(userId, id, parseShipping(saveAddressSchema, request.body));
  });

  app.delete('/v1/shipping/addresses/:id', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    await addresses.remove(userId, parseShipping(idParams, request.params).id);
    return reply.code(204).send();
  });

  app.get('/v1/shipping/addresses/export.csv', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="address-book.csv"')
      .send(await addresses.exportCsv(userId));
  });

  app.get('/v1/shipping/presets', async (request) => {
    const userId = await shippingUserId(request, sessions);
    return { presets: await presets.list(userId) };
  });

  app.post('/v1/shipping/presets', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    return reply.code(201).send(await presets.create(userId, parseShipping(savePresetSchema, request.body)));
  });

  app.delete('/v1/shipping/presets/:id', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    await presets.remove(userId, parseShipping(idParams, request.params).id);
    return reply.code(204).send();
  });
}
