import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  accountSchema,
  labelFormatSchema,
  labelListSchema,
  labelQuerySchema,
  labelSchema,
  purchaseRequestSchema,
  purchaseResponseSchema,
  ratesResponseSchema,
  shipmentSchema,
  standardizeResponseSchema,
  topUpRequestSchema,
  type Account,
  type LabelList,
  type PurchaseResponse,
  type RatesResponse,
  type StandardizeResponse,
} from '../../src-shared/shipping/api';
import { addressSchema } from '../../src-shared/shipping/address';
import type { SessionService } from '../services/sessions';
import type { ShippingServices } from '../shipping/shipping-services';
import { addToApiCatalog } from './api-catalog';
import { parseShipping, shippingUserId } from './shipping-parse';

const idParams = z.object({ id: z.uuid('Label id is not valid') });
const fileQuery = z.object({ format: labelFormatSchema.default('pdf-4x6') });
const cents = z.number().int();

addToApiCatalog([
  {
    method: 'GET',
    path: '/v1/shipping/account',
    summary: 'Postage balance and ledger',
    bearer: true,
    success: { status: 200, schema: accountSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/account/top-up',
    summary: 'Add funds to the postage account (sample money in local mode)',
    bearer: true,
    body: topUpRequestSchema,
    success: { status: 200, schema: accountSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/addresses/standardize',
    summary: 'Check and standardize an address',
    bearer: true,
    body: addressSchema,
    success: { status: 200, schema: standardizeResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/rates',
    summary: 'Prices of every service for a shipment',
    bearer: true,
    body: shipmentSchema,
    success: { status: 200, schema: ratesResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/labels',
    summary: 'Buy a label (idempotent by idempotencyKey: a retry answers the first purchase)',
    bearer: true,
    body: purchaseRequestSchema,
    success: { status: 200, schema: purchaseResponseSchema },
  },
  {
    method: 'GET',
    path: '/v1/shipping/labels',
    summary: 'Label history, searched by text and ship-date range',
    bearer: true,
    query: labelQuerySchema,
    success: { status: 200, schema: labelListSchema },
  },
  {
    method: 'GET',
    path: '/v1/shipping/labels/export.csv',
    summary: 'Label history as CSV, same filters as the list',
    bearer: true,
    query: labelQuerySchema,
    success: { status: 200, schema: 'csv' },
  },
  {
    method: 'GET',
    path: '/v1/shipping/labels/:id',
    summary: 'One label',
    bearer: true,
    params: idParams,
    success: { status: 200, schema: z.object({ label: labelSchema }) },
  },
  {
    method: 'GET',
    path: '/v1/shipping/labels/:id/file',
    summary: 'Reprint: the label file in the format asked for',
    bearer: true,
    params: idParams,
    query: fileQuery,
    success: { status: 200, schema: 'label-file' },
  },
  {
    method: 'POST',
    path: '/v1/shipping/labels/:id/refund',
    summary: 'Ask for a refund of an unused label',
    bearer: true,
    params: idParams,
    success: { status: 200, schema: z.object({ label: labelSchema, balanceCents: cents }) },
  },
]);

/** Postage account, prices, address check, label purchase, history, reprint and refund. */
export function registerShippingRoutes(
  app: FastifyInstance,
  sessions: SessionService,
  shipping: ShippingServices,
): void {
  const { labels } = shipping;

  app.get('/v1/shipping/account', async (request): Promise<Account> => {
    return labels.account(await shippingUserId(request, sessions));
  });

  app.post('/v1/shipping/account/top-up', async (request): Promise<Account> => {
    const userId = await shippingUserId(request, sessions);
    const { amountCents } = parseShipping(topUpRequestSchema, request.body);
    return labels.topUp(userId, amountCents);
  });

  app.post('/v1/shipping/addresses/standardize', async (request): Promise<StandardizeResponse> => {
    await shippingUserId(request, sessions);
    return labels.standardize(parseShipping(addressSchema, request.body));
  });

  app.post('/v1/shipping/rates', async (request): Promise<RatesResponse> => {
    await shippingUserId(request, sessions);
    return labels.rates(parseShipping(shipmentSchema, request.body));
  });

  app.post('/v1/shipping/labels', async (request): Promise<PurchaseResponse> => {
    const userId = await shippingUserId(request, sessions);
    // The ship date is checked when pricing, after a retry of a finished purchase has had its answer.
    return labels.purchase(userId, parseShipping(purchaseRequestSchema, request.body));
  });

  app.get('/v1/shipping/labels', async (request): Promise<LabelList> => {
    const userId = await shippingUserId(request, sessions);
    return { labels: await labels.list(userId, parseShipping(labelQuerySchema, request.query)) };
  });

  app.get('/v1/shipping/labels/export.csv', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    const csv = await labels.exportCsv(userId, parseShipping(labelQuerySchema, request.query));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="label-history.csv"')
      .send(csv);
  });

  app.get('/v1/shipping/labels/:id', async (request) => {
    const userId = await shippingUserId(request, sessions);
    return { label: await labels.get(userId, parseShipping(idParams, request.params).id) };
  });

  app.get('/v1/shipping/labels/:id/file', async (request, reply) => {
    const userId = await shippingUserId(request, sessions);
    const { id } = parseShipping(idParams, request.params);
    const { format } = parseShipping(fileQuery, request.query);
    const file = await labels.file(userId, [id], format);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.body);
  });

  app.post('/v1/shipping/labels/:id/refund', async (request) => {
    const userId = await shippingUserId(request, sessions);
    return labels.requestRefund(userId, parseShipping(idParams, request.params).id);
  });
}
