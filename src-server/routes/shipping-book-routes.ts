import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addressEntrySchema,
  addressListSchema,
  presetListSchema,
  presetSchema,
  saveAddressSchema,
  savePresetSchema,
} from '../../src-shared/shipping/api';
import type { SessionService } from '../services/sessions';
import type { ShippingServices } from '../shipping/shipping-services';
import { addToApiCatalog } from './api-catalog';
import { parseShipping, shippingUserId } from './shipping-parse';

const idParams = z.object({ id: z.uuid('Id is not valid') });
const searchQuery = z.object({ q: z.string().max(100, 'Search text can be at most 100 characters').optional() });

addToApiCatalog([
  {
    method: 'GET',
    path: '/v1/shipping/addresses',
    summary: 'Address book, optionally searched',
    bearer: true,
    query: searchQuery,
    success: { status: 200, schema: addressListSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/addresses',
    summary: 'Save an address (optionally as the default return address)',
    bearer: true,
    body: saveAddressSchema,
    success: { status: 201, schema: addressEntrySchema },
  },
  {
    method: 'PUT',
    path: '/v1/shipping/addresses/:id',
    summary: 'Replace a saved address',
    bearer: true,
    params: idParams,
    body: saveAddressSchema,
    success: { status: 200, schema: addressEntrySchema },
  },
  {
    method: 'DELETE',
    path: '/v1/shipping/addresses/:id',
    summary: 'Delete a saved address',
    bearer: true,
    params: idParams,
    success: { status: 204, schema: null },
  },
  {
    method: 'GET',
    path: '/v1/shipping/addresses/export.csv',
    summary: 'Address book as CSV',
    bearer: true,
    success: { status: 200, schema: 'csv' },
  },
  {
    method: 'GET',
    path: '/v1/shipping/presets',
    summary: 'Package presets',
    bearer: true,
    success: { status: 200, schema: presetListSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/presets',
    summary: 'Save a package preset',
    bearer: true,
    body: savePresetSchema,
    success: { status: 201, schema: presetSchema },
  },
  {
    method: 'DELETE',
    path: '/v1/shipping/presets/:id',
    summary: 'Delete a package preset',
    bearer: true,
    params: idParams,
    success: { status: 204, schema: null },
  },
]);

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
