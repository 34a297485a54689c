import { z } from 'zod';
import { addressSchema } from './address';
import { packageSchema } from './package';
import { containerIdSchema, MAX_INSURED_VALUE_CENTS, serviceIdSchema, type ServiceId } from './services';

/**
 * HTTP DTOs of the shipping API (/v1/shipping/...), shared by the server's
 * routes, the main-process client and the renderer's forms so a shape is
 * written once.
 */

const cents = z.number().int('Amounts are whole cents');

/** Extra services: signature confirmation, insurance by declared value (0 = none). */
export const extrasSchema = z.object({
  signature: z.boolean().default(false),
  insuredValueCents: cents
    .min(0, 'Declared value cannot be negative')
    .max(MAX_INSURED_VALUE_CENTS, `Declared value can be at most $${MAX_INSURED_VALUE_CENTS / 100}`)
    .default(0),
});

/** Ship date as YYYY-MM-DD; the window (today..+7) is checked by the server against its clock. */
export const shipDateSchema = z.string({ error: 'Ship date is required' }).regex(/^\d{4}-\d{2}-\d{2}$/, {
  message: 'Ship date must be a date such as 2026-03-14',
});

/** Everything a price depends on. */
export const shipmentSchema = z.object({
  from: addressSchema,
  to: addressSchema,
  package: packageSchema,
  shipDate: shipDateSchema,
  extras: extrasSchema.default({ signature: false, insuredValueCents: 0 }),
});
/** A shipment after validation. */
export type Shipment = z.output<typeof shipmentSchema>;
/** A shipment as the client sends it. */
export type ShipmentInput = z.input<typeof shipmentSchema>;

/** One priced choice for a shipment. */
export const rateOptionSchema = z.object({
  service: serviceIdSchema,
  serviceName: z.string(),
  postageCents: cents,
  extrasCents: cents,
  totalCents: cents,
  zone: z.number().int(),
  deliveryDays: z.object({ min: z.number().int(), max: z.number().int() }),
  expectedDelivery: z.string(),
});
/** See {@link rateOptionSchema}. */
export type RateOption = z.infer<typeof rateOptionSchema>;

/** Prices of every service that can carry the shipment, and why the others cannot. */
export const ratesResponseSchema = z.object({
  zone: z.number().int(),
  sample: z.boolean(),
  options: z.array(rateOptionSchema),
  unavailable: z.array(z.object({ service: serviceIdSchema, reason: z.string() })),
});
/** See {@link ratesResponseSchema}. */
export type RatesResponse = z.infer<typeof ratesResponseSchema>;

/** Buying one label: the idempotency key makes a retry return the same label, charged once. */
export const purchaseRequestSchema = z.object({
  idempotencyKey: z
    .string({ error: 'idempotencyKey is required' })
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'idempotencyKey must be 8-100 letters, digits or _ . : -'),
  shipment: shipmentSchema,
  service: serviceIdSchema,
});
/** See {@link purchaseRequestSchema}. */
export type PurchaseRequest = z.input<typeof purchaseRequestSchema>;

/** Label life: bought, refund asked for, refund credited. */
export const labelStatusSchema = z.enum(['purchased', 'refund-requested', 'refunded']);
/** See {@link labelStatusSchema}. */
export type LabelStatus = z.infer<typeof labelStatusSchema>;

/** A bought label as history lists it. */
export const labelSchema = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  service: serviceIdSchema,
  serviceName: z.string(),
  container: containerIdSchema,
  from: addressSchema,
  to: addressSchema,
  weightLb: z.number(),
  shipDate: z.string(),
  zone: z.number().int(),
  postageCents: cents,
  extrasCents: cents,
  totalCents: cents,
  signature: z.boolean(),
  insuredValueCents: cents,
  status: labelStatusSchema,
  sample: z.boolean(),
  provider: z.string(),
  batchId: z.string().nullable(),
  createdAt: z.string(),
  refundRequestedAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
});
/** See {@link labelSchema}. */
export type Label = z.infer<typeof labelSchema>;

/** Answer to a purchase: the label and the balance after it. */
export const purchaseResponseSchema = z.object({ label: labelSchema, balanceCents: cents, replayed: z.boolean() });
/** See {@link purchaseResponseSchema}. */
export type PurchaseResponse = z.infer<typeof purchaseResponseSchema>;

/** History search: free text (recipient or tracking number) and a ship-date range. */
export const labelQuerySchema = z.object({
  q: z.string().trim().max(100, 'Search text can be at most 100 characters').optional(),
  from: shipDateSchema.optional(),
  to: shipDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** See {@link labelQuerySchema}. */
export type LabelQuery = z.input<typeof labelQuerySchema>;

/** History page. */
export const labelListSchema = z.object({ labels: z.array(labelSchema) });
/** See {@link labelListSchema}. */
export type LabelList = z.infer<typeof labelListSchema>;

/** Label file layouts: 4x6 thermal PDF, letter sheet with two 4x6 labels, ZPL for thermal printers. */
export const labelFormatSchema = z.enum(['pdf-4x6', 'pdf-letter', 'zpl'], {
  error: 'Format must be pdf-4x6, pdf-letter or zpl',
});
/** See {@link labelFormatSchema}. */
export type LabelFormat = z.infer<typeof labelFormatSchema>;

/** The postage account. */
export const accountSchema = z.object({
  balanceCents: cents,
  provider: z.string(),
  sample: z.boolean(),
  ledger: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['top-up', 'purchase', 'refund']),
      amountCents: cents,
      labelId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
/** See {@link accountSchema}. */
export type Account = z.infer<typeof accountSchema>;

/** Adds funds (sample money in local mode). */
export const topUpRequestSchema = z.object({
  amountCents: cents.min(100, 'Add at least $1.00').max(100_000, 'Add at most $1,000.00 at a time'),
});

/** An address-book entry. */
export const addressEntrySchema = addressSchema.extend({
  id: z.string(),
  isDefaultReturn: z.boolean(),
});
/** See {@link addressEntrySchema}. */
export type AddressEntry = z.infer<typeof addressEntrySchema>;

/** Address book listing. */
export const addressListSchema = z.object({ addresses: z.array(addressEntrySchema) });

/** Saving an address (create or edit). */
export const saveAddressSchema = addressSchema.extend({ isDefaultReturn: z.boolean().default(false) });
/** See {@link saveAddressSchema}. */
export type SaveAddressInput = z.input<typeof saveAddressSchema>;

/** Result of checking an address: the standardised form if it differs. */
export const standardizeResponseSchema = z.object({
  address: addressSchema,
  changed: z.boolean(),
  sample: z.boolean(),
});
/** See {@link standardizeResponseSchema}. */
export type StandardizeResponse = z.infer<typeof standardizeResponseSchema>;

/** A saved package preset. */
export const presetSchema = packageSchema.extend({
  id: z.string(),
  name: z.string().trim().min(1, 'Preset name is required').max(40, 'Preset name can be at most 40 characters'),
});
/** See {@link presetSchema}. */
export type Preset = z.infer<typeof presetSchema>;
/** Saving a preset. */
export const savePresetSchema = presetSchema.omit({ id: true });
/** See {@link savePresetSchema}. */
export type SavePresetInput = z.input<typeof savePresetSchema>;
/** Preset listing. */
export const presetListSchema = z.object({ presets: z.array(presetSchema) });

/** Import report (address book or batch): each bad row with its reason. */
export const rowProblemSchema = z.object({ row: z.number().int(), reason: z.string() });
/** See {@link rowProblemSchema}. */
export type RowProblem = z.infer<typeof rowProblemSchema>;

/** Address CSV import answer. */
export const addressImportResponseSchema = z.object({
  imported: z.number().int(),
  problems: z.array(rowProblemSchema),
});
/** See {@link addressImportResponseSchema}. */
export type AddressImportResponse = z.infer<typeof addressImportResponseSchema>;

/** One checked batch row. */
export const batchRowSchema = z.object({
  row: z.number().int(),
  ok: z.boolean(),
  reason: z.string().optional(),
  reference: z.string(),
  recipient: z.string(),
  service: z.string(),
  totalCents: cents.optional(),
});
/** See {@link batchRowSchema}. */
export type BatchRow = z.infer<typeof batchRowSchema>;

/** Validation of a batch file before anything is bought. */
export const batchCheckResponseSchema = z.object({
  rows: z.array(batchRowSchema),
  validCount: z.number().int(),
  invalidCount: z.number().int(),
  totalCents: cents,
  sample: z.boolean(),
});
/** See {@link batchCheckResponseSchema}. */
export type BatchCheckResponse = z.infer<typeof batchCheckResponseSchema>;

/** Answer to buying a batch: what was bought, what was not (never charged), and the balance. */
export const batchPurchaseResponseSchema = z.object({
  batchId: z.string(),
  labels: z.array(labelSchema),
  failed: z.array(rowProblemSchema),
  chargedCents: cents,
  balanceCents: cents,
});
/** See {@link batchPurchaseResponseSchema}. */
export type BatchPurchaseResponse = z.infer<typeof batchPurchaseResponseSchema>;

/** Largest CSV file the app accepts (batch or address book). */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;
/** Most rows one batch may hold. */
export const MAX_BATCH_ROWS = 500;

/**
 * The documented batch CSV header, one row per label. Weight in pounds,
 * dimensions in inches, declared value in dollars, signature yes/no.
 */
export const BATCH_CSV_COLUMNS = [
  'reference',
  'to_name',
  'to_company',
  'to_street1',
  'to_street2',
  'to_city',
  'to_state',
  'to_zip',
  'weight_lb',
  'length_in',
  'width_in',
  'height_in',
  'service',
  'package_type',
  'ship_date',
  'signature',
  'insured_value',
] as const;

/** Address-book CSV columns (export writes them, import reads them). */
export const ADDRESS_CSV_COLUMNS = [
  'name',
  'company',
  'street1',
  'street2',
  'city',
  'state',
  'zip',
  'default_return',
] as const;

/**
 * Query of the batch routes (the CSV file itself is the raw text/csv body, so
 * a non-UTF-8 file can be recognised and named). Buying needs a key for retry.
 */
export const batchQuerySchema = z.object({
  fromAddressId: z.string({ error: 'Choose a return address' }).min(1, 'Choose a return address'),
  idempotencyKey: purchaseRequestSchema.shape.idempotencyKey.optional(),
});

/** Service names accepted in batch CSV files (ids, or the names as printed). */
export const SERVICE_ALIASES: Record<string, ServiceId> = {
  PRIORITY_MAIL_EXPRESS: 'PRIORITY_MAIL_EXPRESS',
  'PRIORITY MAIL EXPRESS': 'PRIORITY_MAIL_EXPRESS',
  PRIORITY_MAIL: 'PRIORITY_MAIL',
  'PRIORITY MAIL': 'PRIORITY_MAIL',
  USPS_GROUND_ADVANTAGE: 'USPS_GROUND_ADVANTAGE',
  'USPS GROUND ADVANTAGE': 'USPS_GROUND_ADVANTAGE',
  'GROUND ADVANTAGE': 'USPS_GROUND_ADVANTAGE',
};
