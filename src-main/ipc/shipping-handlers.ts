import { shippingRequestSchemas, type ShippingResponses } from '../../src-shared/ipc/shipping-contract';
import { fail } from '../../src-shared/result';
import type { LabelOutput } from '../shipping/label-output';
import type { ShippingClient } from '../shipping/shipping-client';
import { defineHandler, type IpcHandler } from './define-handler';

/** Handlers of the shipping channels. */
export type ShippingHandlers = { [C in keyof ShippingResponses]: IpcHandler<ShippingResponses[C]> };

/** What the shipping handlers call: the API client and where files go. */
export interface ShippingDesk {
  client: ShippingClient;
  output: LabelOutput;
}

const s = shippingRequestSchemas;

function csvBytes(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

/**
 * Shipping handlers: each validates the renderer's request with the shared
 * schema and calls the shipping API with the session's token; label files go
 * to the print or save dialog without ever passing through the renderer.
 */
export function createShippingHandlers(desk: ShippingDesk | undefined): ShippingHandlers {
  if (!desk) {
    const unavailable: IpcHandler<never> = () =>
      Promise.resolve(fail('SHIPPING_UNAVAILABLE', 'Shipping is not available in this window.'));
    return Object.fromEntries(Object.keys(s).map((channel) => [channel, unavailable])) as unknown as ShippingHandlers;
  }
  const { client, output } = desk;
  return {
    'shipping:get-account': defineHandler(s['shipping:get-account'], () => client.account()),
    'shipping:top-up': defineHandler(s['shipping:top-up'], (req) => client.addSampleFunds(req.amountCents)),
    'shipping:standardize-address': defineHandler(s['shipping:standardize-address'], (req) => client.standardize(req)),
    'shipping:get-rates': defineHandler(s['shipping:get-rates'], (req) => client.rates(req)),
    'shipping:buy-label': defineHandler(s['shipping:buy-label'], (req) => client.buy(req)),
    'shipping:list-labels': defineHandler(s['shipping:list-labels'], (req) => client.labels(req)),
    'shipping:refund-label': defineHandler(s['shipping:refund-label'], (req) => client.refund(req.labelId)),
    'shipping:print-label': defineHandler(s['shipping:print-label'], async (req) => {
      await output.print(await client.labelFile(req.labelId, req.format));
      return { sent: true as const };
    }),
    'shipping:save-label': defineHandler(s['shipping:save-label'], async (req) => ({
      savedTo: await output.save(await client.labelFile(req.labelId, req.format)),
    })),
    'shipping:export-history': defineHandler(s['shipping:export-history'], async (req) => ({
      savedTo: await output.save(await client.historyCsv(req)),
    })),
    'shipping:list-addresses': defineHandler(s['shipping:list-addresses'], (req) => client.addresses(req.q)),
    'shipping:save-address': defineHandler(s['shipping:save-address'], (req) => {
      const { id, ...address } = req;
      return client.saveAddress(id, address);
    }),
    'shipping:delete-address': defineHandler(s['shipping:delete-address'], async (req) => {
      await client.deleteAddress(req.id);
      return { deleted: true as const };
    }),
    'shipping:import-addresses': defineHandler(s['shipping:import-addresses'], (req) =>
      client.importAddresses(csvBytes(req.base64)),
    ),
    'shipping:export-addresses': defineHandler(s['shipping:export-addresses'], async () => ({
      savedTo: await output.save(await client.addressesCsv()),
    })),
    'shipping:list-presets': defineHandler(s['shipping:list-presets'], () => client.presets()),
    'shipping:save-preset': defineHandler(s['shipping:save-preset'], (req) => client.savePreset(req)),
    'shipping:delete-preset': defineHandler(s['shipping:delete-preset'], async (req) => {
      await client.deletePreset(req.id);
      return { deleted: true as const };
    }),
    'shipping:check-batch': defineHandler(s['shipping:check-batch'], (req) =>
      client.checkBatch(csvBytes(req.base64), req.fromAddressId),
    ),
    'shipping:buy-batch': defineHandler(s['shipping:buy-batch'], (req) =>
      client.buyBatch(csvBytes(req.base64), req.fromAddressId, req.idempotencyKey),
    ),
    'shipping:save-batch-labels': defineHandler(s['shipping:save-batch-labels'], async (req) => ({
      savedTo: await output.save(await client.batchFile(req.batchId, req.format)),
    })),
    'shipping:print-batch-labels': defineHandler(s['shipping:print-batch-labels'], async (req) => {
      await output.print(await client.batchFile(req.batchId, 'pdf-4x6'));
      return { sent: true as const };
    }),
  };
}
