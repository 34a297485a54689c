import { z } from 'zod';
import { addressSchema } from '../shipping/address';
import {
  labelFormatSchema,
  labelQuerySchema,
  purchaseRequestSchema,
  saveAddressSchema,
  savePresetSchema,
  shipmentSchema,
  topUpRequestSchema,
  MAX_CSV_BYTES,
  type Account,
  type AddressEntry,
  type AddressImportResponse,
  type BatchCheckResponse,
  type BatchPurchaseResponse,
  type Label,
  type LabelList,
  type Preset,
  type PurchaseResponse,
  type RatesResponse,
  type StandardizeResponse,
} from '../shipping/api';

const id = z.string().min(1).max(100);
/** A CSV file read by the renderer, as base64 (the main process decodes and uploads the bytes as they are). */
const csvFile = z.object({
  fileName: z.string().max(255),
  base64: z
    .string()
    .max(
      Math.ceil((MAX_CSV_BYTES * 4) / 3) + 8,
      `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    ),
});

/** Request schemas of the shipping channels. */
export const shippingRequestSchemas = {
  'shipping:get-account': z.undefined(),
  'shipping:top-up': topUpRequestSchema,
  'shipping:standardize-address': addressSchema,
  'shipping:get-rates': shipmentSchema,
  'shipping:buy-label': purchaseRequestSchema,
  'shipping:list-labels': labelQuerySchema.partial(),
  'shipping:refund-label': z.object({ labelId: id }),
  'shipping:print-label': z.object({ labelId: id, format: labelFormatSchema.default('pdf-4x6') }),
  'shipping:save-label': z.object({ labelId: id, format: labelFormatSchema.default('pdf-4x6') }),
  'shipping:export-history': labelQuerySchema.partial(),
  'shipping:list-addresses': z.object({ q: z.string().max(100).optional() }),
  'shipping:save-address': saveAddressSchema.extend({ id: id.optional() }),
  'shipping:delete-address': z.object({ id }),
  'shipping:import-addresses': csvFile,
  'shipping:export-addresses': z.undefined(),
  'shipping:list-presets': z.undefined(),
  'shipping:save-preset': savePresetSchema,
  'shipping:delete-preset': z.object({ id }),
  'shipping:check-batch': csvFile.extend({ fromAddressId: id }),
  'shipping:buy-batch': csvFile.extend({
    fromAddressId: id,
    idempotencyKey: purchaseRequestSchema.shape.idempotencyKey,
  }),
  'shipping:save-batch-labels': z.object({ batchId: id, format: labelFormatSchema.default('pdf-4x6') }),
  'shipping:print-batch-labels': z.object({ batchId: id }),
};

/** Where a file went: the chosen path, or null when the person cancelled the dialog. */
export interface SavedFile {
  savedTo: string | null;
}

/** Answer types of the shipping channels. */
export interface ShippingResponses {
  'shipping:get-account': Account;
  'shipping:top-up': Account;
  'shipping:standardize-address': StandardizeResponse;
  'shipping:get-rates': RatesResponse;
  'shipping:buy-label': PurchaseResponse;
  'shipping:list-labels': LabelList;
  'shipping:refund-label': { label: Label; balanceCents: number };
  'shipping:print-label': { sent: true };
  'shipping:save-label': SavedFile;
  'shipping:export-history': SavedFile;
  'shipping:list-addresses': { addresses: AddressEntry[] };
  'shipping:save-address': AddressEntry;
  'shipping:delete-address': { deleted: true };
  'shipping:import-addresses': AddressImportResponse;
  'shipping:export-addresses': SavedFile;
  'shipping:list-presets': { presets: Preset[] };
  'shipping:save-preset': Preset;
  'shipping:delete-preset': { deleted: true };
  'shipping:check-batch': BatchCheckResponse;
  'shipping:buy-batch': BatchPurchaseResponse;
  'shipping:save-batch-labels': SavedFile;
  'shipping:print-batch-labels': { sent: true };
}
