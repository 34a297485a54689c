import type { Page } from '@playwright/test';
import { cnsMethods, type IpcChannel } from '../../src-shared/ipc-methods';
import type { HandlerTable } from '../../src-main/ipc/handler-table';

/** Every answer the renderer received, for asserting that no secret crossed. */
export type BridgeLog = Array<{ channel: string; answer: unknown }>;

/**
 * Installs `window.cns` in the page, as the preload does in Electron, but
 * forwarding each call through `page.exposeBinding` to the real main-process
 * handler table in this test process (`main.table`, which a test may replace to
 * restart the main-process side). The binding plays the sender check: it
 * answers only the page's own main frame.
 */
export async function installIpcBridge(
  page: Page,
  tableOrHolder: HandlerTable | { table: HandlerTable },
): Promise<BridgeLog> {
  const main = 'table' in tableOrHolder ? tableOrHolder : { table: tableOrHolder };
  const log: BridgeLog = [];
  await page.exposeBinding('__cnsInvoke', async (source, channel: string, input: unknown) => {
    if (source.page !== page || source.frame !== page.mainFrame()) {
      return {
        ok: false,
        error: { code: 'UNTRUSTED_SENDER', message: 'This request did not come from the app window.' },
      };
    }
    if (!Object.hasOwn(main.table, channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown request.' } };
    }
    const answer = await main.table[channel as IpcChannel](input);
    log.push({ channel, answer });
    return answer;
  });
  await page.addInitScript((methods: Record<string, string>) => {
    const scope = window as unknown as Record<string, unknown>;
    const invoke = scope.__cnsInvoke as (channel: string, input: unknown) => Promise<unknown>;
    const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
    // Each call's round trip as the page sees it (page time, per channel), for bench/renderer: this
    // bridge crosses the DevTools protocol to the test process, which Electron's IPC does not.
    const trips: Record<string, number[]> = {};
    scope.__cnsBridgeTrips = trips;
    for (const [method, channel] of Object.entries(methods)) {
      api[method] = (input?: unknown) => {
        const started = performance.now();
        return invoke(channel, input).finally(() => {
          (trips[channel] ??= []).push(performance.now() - started);
        });
      };
    }
    Object.defineProperty(window, 'cns', { value: Object.freeze(api), enumerable: true });
  }, cnsMethods);
  return log;
}
