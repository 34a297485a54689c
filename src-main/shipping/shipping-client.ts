import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import {
  accountSchema,
  addressEntrySchema,
  addressImportResponseSchema,
  addressListSchema,
  batchCheckResponseSchema,
  batchPurchaseResponseSchema,
  labelListSchema,
  labelSchema,
  presetListSchema,
  presetSchema,
  purchaseResponseSchema,
  ratesResponseSchema,
  standardizeResponseSchema,
  type Account,
  type AddressEntry,
  type AddressImportResponse,
  type BatchCheckResponse,
  type BatchPurchaseResponse,
  type Label,
  type LabelFormat,
  type LabelList,
  type LabelQuery,
  type Preset,
  type PurchaseRequest,
  type PurchaseResponse,
  type RatesResponse,
  type SaveAddressInput,
  type SavePresetInput,
  type ShipmentInput,
  type StandardizeResponse,
} from '../../src-shared/shipping/api';
import type { AddressInput } from '../../src-shared/shipping/address';
import { ApiError } from '../api/api-error';
import { toApiError } from '../api/api-client';

const refundSchema = z.object({ label: labelSchema, balanceCents: z.number().int() });

/** A file the server made (label PDF, ZPL, CSV export). */
export interface DownloadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

function fileNameOf(disposition: unknown, fallback: string): string {
  const match = typeof disposition === 'string' ? /filename="([^"/\\]+)"/.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

/**
 * Runs a call with the signed-in session's access token, rotating the session
 * once and retrying when the server answers 401 (AuthFlow.withSession). The
 * shipping client never reads a token on its own, so an expired access token
 * costs one refresh instead of a failed purchase.
 */
export interface SessionRunner {
  withSession<T>(call: (accessToken: string) => Promise<T>): Promise<T>;
}

/**
 * The shipping API over HTTP, called from the main process with the signed-in
 * session's access token (the renderer never holds it). Answers are checked
 * against the shared schemas; purchases carry the caller's idempotency key, so
 * the one retry after a 401 (or after a lost answer) cannot buy twice.
 */
export class ShippingClient {
  private readonly http: AxiosInstance;

  constructor(
    baseUrl: string,
    private readonly session: SessionRunner,
    options: { timeoutMs?: number } = {},
  ) {
    this.http = axios.create({ baseURL: baseUrl, timeout: options.timeoutMs ?? 60_000, maxRedirects: 0 });
  }

  account(): Promise<Account> {
    return this.json('GET', '/v1/shipping/account', accountSchema);
  }
  addSampleFunds(amountCents: number): Promise<Account> {
    return this.json('POST', '/v1/shipping/account/top-up', accountSchema, { data: { amountCents } });
  }
  standardize(address: AddressInput): Promise<StandardizeResponse> {
    return this.json('POST', '/v1/shipping/addresses/standardize', standardizeResponseSchema, { data: address });
  }
  rates(shipment: ShipmentInput): Promise<RatesResponse> {
    return this.json('POST', '/v1/shipping/rates', ratesResponseSchema, { data: shipment });
  }
  buy(request: PurchaseRequest): Promise<PurchaseResponse> {
    return this.json('POST', '/v1/shipping/labels', purchaseResponseSchema, { data: request });
  }
  labels(query: Partial<LabelQuery>): Promise<LabelList> {
    return this.json('GET', '/v1/shipping/labels', labelListSchema, { params: query });
  }
  refund(labelId: string): Promise<{ label: Label; balanceCents: number }> {
    return this.json('POST', `/v1/shipping/labels/${encodeURIComponent(labelId)}/refund`, refundSchema, { data: {} });
  }
  labelFile(labelId: string, format: LabelFormat): Promise<DownloadedFile> {
    return this.file(
      `/v1/shipping/labels/${encodeURIComponent(labelId)}/file`,
      { format },
      `label.${format === 'zpl' ? 'zpl' : 'pdf'}`,
    );
  }
  batchFile(batchId: string, format: LabelFormat): Promise<DownloadedFile> {
    return this.file(
      `/v1/shipping/batches/${encodeURIComponent(batchId)}/file`,
      { format },
      `batch.${format === 'zpl' ? 'zpl' : 'pdf'}`,
    );
  }
  historyCsv(query: Partial<LabelQuery>): Promise<DownloadedFile> {
    return this.file('/v1/shipping/labels/export.csv', query, 'label-history.csv');
  }
  addresses(q?: string): Promise<{ addresses: AddressEntry[] }> {
    return this.json('GET', '/v1/shipping/addresses', addressListSchema, { params: q ? { q } : {} });
  }
  saveAddress(id: string | undefined, address: SaveAddressInput): Promise<AddressEntry> {
    return id
      ? this.json('PUT', `/v1/shipping/addresses/${encodeURIComponent(id)}`, addressEntrySchema, { data: address })
      : this.json('POST', '/v1/shipping/addresses', addressEntrySchema, { data: address });
  }
  async deleteAddress(id: string): Promise<void> {
    await this.send('DELETE', `/v1/shipping/addresses/${encodeURIComponent(id)}`, {});
  }
  importAddresses(csv: Buffer): Promise<AddressImportResponse> {
    return this.json('POST', '/v1/shipping/addresses/import', addressImportResponseSchema, { data: csv, csv: true });
  }
  addressesCsv(): Promise<DownloadedFile> {
    return this.file('/v1/shipping/addresses/export.csv', {}, 'address-book.csv');
  }
  presets(): Promise<{ presets: Preset[] }> {
    return this.json('GET', '/v1/shipping/presets', presetListSchema);
  }
  savePreset(preset: SavePresetInput): Promise<Preset> {
    return this.json('POST', '/v1/shipping/presets', presetSchema, { data: preset });
  }
  async deletePreset(id: string): Promise<void> {
    await this.send('DELETE', `/v1/shipping/presets/${encodeURIComponent(id)}`, {});
  }
  checkBatch(csv: Buffer, fromAddressId: string): Promise<BatchCheckResponse> {
    return this.json('POST', '/v1/shipping/batches/check', batchCheckResponseSchema, {
      data: csv,
      csv: true,
      params: { fromAddressId },
    });
  }
  buyBatch(csv: Buffer, fromAddressId: string, idempotencyKey: string): Promise<BatchPurchaseResponse> {
    return this.json('POST', '/v1/shipping/batches', batchPurchaseResponseSchema, {
      data: csv,
      csv: true,
      params: { fromAddressId, idempotencyKey },
      timeoutMs: 300_000,
    });
  }

  private send(
    method: string,
    url: string,
    options: { data?: unknown; params?: object; csv?: boolean; binary?: boolean; timeoutMs?: number },
  ) {
    return this.session.withSession((token) => this.sendWith(token, method, url, options));
  }

  private async sendWith(
    token: string,
    method: string,
    url: string,
    options: { data?: unknown; params?: object; csv?: boolean; binary?: boolean; timeoutMs?: number },
  ) {
    try {
      return await this.http.request({
        method,
        url,
        data: options.data,
        params: options.params,
        timeout: options.timeoutMs,
        responseType: options.binary ? 'arraybuffer' : 'json',
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.data === undefined ? {} : { 'content-type': options.csv ? 'text/csv' : 'application/json' }),
        },
      });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const data: unknown = axios.isAxiosError(error) ? error.response?.data : undefined;
      if (
        options.binary &&
        axios.isAxiosError(error) &&
        error.response &&
        (Buffer.isBuffer(data) || data instanceof ArrayBuffer)
      ) {
        try {
          error.response.data = JSON.parse(Buffer.from(data as ArrayBuffer).toString('utf8')) as unknown;
        } catch {
          // not JSON: toApiError classifies by status
        }
      }
      throw toApiError(error);
    }
  }

  private async json<S extends z.ZodType>(
    method: string,
    url: string,
    schema: S,
    options: { data?: unknown; params?: object; csv?: boolean; timeoutMs?: number } = {},
  ): Promise<z.output<S>> {
    const response = await this.send(method, url, options);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new ApiError('UNEXPECTED_RESPONSE', 'The server gave an answer this app does not understand.');
    }
    return parsed.data;
  }

  private async file(url: string, params: object, fallback: string): Promise<DownloadedFile> {
    const response = await this.send('GET', url, { params, binary: true });
    return {
      fileName: fileNameOf(response.headers['content-disposition'], fallback),
      contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
      bytes: Buffer.from(response.data as ArrayBuffer),
    };
  }
}
