import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  labelFormatSchema,
  labelQuerySchema,
  purchaseRequestSchema,
  shipmentSchema,
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
import { parseShipping, shippingUserId } from './shipping-parse';

const idParams = z.object({ id: z.uuid('Label id is not valid') });
const fileQuery = z.object({ format: labelFormatSchema.default('pdf-4x6') });

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
