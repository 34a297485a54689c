import type { FastifyError, FastifyInstance } from 'fastify';
import {
  addressImportResponseSchema,
  batchCheckResponseSchema,
  batchPurchaseResponseSchema,
  batchQuerySchema,
  labelFormatSchema,
  MAX_CSV_BYTES,
} from '../../src-shared/shipping/api';
import { z } from 'zod';
import { HttpError } from '../http-error';
import type { SessionService } from '../services/sessions';
import { csvTooLarge } from '../shipping/csv';
import type { ShippingServices } from '../shipping/shipping-services';
import { addToApiCatalog } from './api-catalog';
import { parseShipping, shippingUserId } from './shipping-parse';

const batchParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'Batch id is not valid') });
const fileQuery = z.object({ format: labelFormatSchema.default('pdf-4x6') });
const UPLOAD_LIMIT = MAX_CSV_BYTES + 1024;

addToApiCatalog([
  {
    method: 'POST',
    path: '/v1/shipping/addresses/import',
    summary: 'Import addresses from a CSV file (raw text/csv body)',
    bearer: true,
    bodyMediaType: 'text/csv',
    success: { status: 200, schema: addressImportResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/batches/check',
    summary: 'Check a batch CSV file and price its rows (raw text/csv body)',
    bearer: true,
    bodyMediaType: 'text/csv',
    query: batchQuerySchema,
    success: { status: 200, schema: batchCheckResponseSchema },
  },
  {
    method: 'POST',
    path: '/v1/shipping/batches',
    summary: 'Buy the labels of a batch CSV file (raw text/csv body; idempotencyKey required)',
    bearer: true,
    bodyMediaType: 'text/csv',
    query: batchQuerySchema,
    success: { status: 200, schema: batchPurchaseResponseSchema },
  },
  {
    method: 'GET',
    path: '/v1/shipping/batches/:id/file',
    summary: 'All labels of a batch in one file',
    bearer: true,
    params: batchParams,
    query: fileQuery,
    success: { status: 200, schema: 'label-file' },
  },
]);

function csvBody(body: unknown): Uint8Array {
  if (!(body instanceof Buffer)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv.');
  }
  if (body.byteLength > MAX_CSV_BYTES) throw csvTooLarge(body.byteLength);
  return body;
}

/**
 * CSV uploads (address-book import, batch check and purchase) and the batch
 * PDF. The file is the raw text/csv body, so its encoding can be checked, with
 * its own size limit and a message about the file, not about JSON.
 */
export function registerShippingCsvRoutes(
  app: FastifyInstance,
  sessions: SessionService,
  shipping: ShippingServices,
): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
      (_req, body, done) => {
        done(null, body);
      },
    );
    scope.setErrorHandler((error: FastifyError) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw csvTooLarge();
      throw error;
    });

    scope.post('/v1/shipping/addresses/import', { bodyLimit: UPLOAD_LIMIT }, async (request) => {
      const userId = await shippingUserId(request, sessions);
      return shipping.addresses.importCsv(userId, csvBody(request.body));
    });

    scope.post('/v1/shipping/batches/check', { bodyLimit: UPLOAD_LIMIT }, async (request) => {
      const userId = await shippingUserId(request, sessions);
      const query = parseShipping(batchQuerySchema, request.query);
      return shipping.batches.check(userId, csvBody(request.body), query.fromAddressId);
    });

    scope.post('/v1/shipping/batches', { bodyLimit: UPLOAD_LIMIT }, async (request) => {
      const userId = await shippingUserId(request, sessions);
      const query = parseShipping(batchQuerySchema, request.query);
      if (!query.idempotencyKey)
        throw new HttpError(400, 'INVALID_REQUEST', 'idempotencyKey is required to buy a batch');
      return shipping.batches.purchase(userId, csvBody(request.body), query.fromAddressId, query.idempotencyKey);
    });

    scope.get('/v1/shipping/batches/:id/file', async (request, reply) => {
      const userId = await shippingUserId(request, sessions);
      const { id } = parseShipping(batchParams, request.params);
      const { format } = parseShipping(fileQuery, request.query);
      const ids = await shipping.batches.labelIds(userId, id);
      const file = await shipping.labels.file(userId, ids, format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="batch-${id.slice(0, 8)}-${file.fileName}"`)
        .send(file.body);
    });
  });
}
