import { test as base, expect, type Page } from '@playwright/test';
import type { ApiClient } from '../../src-main/api/api-client';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import type { SecretVault } from '../../src-main/vault/secret-vault';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestServer } from '../helpers/test-server';
import { clearKeychain, testVault } from '../helpers/test-vault';
import { installIpcBridge, type BridgeLog } from './ipc-bridge';
import { hostRenderer } from './renderer-host';

/** One app instance per test: its own server database, keychain service and mailbox. */
export interface AppHarness {
  page: Page;
  serverUrl: string;
  mail: SmtpSink;
  vault: SecretVault;
  api: ApiClient;
  bridgeLog: BridgeLog;
  /** Saves a screenshot of the current screen under the test's output folder. */
  screenshot(name: string): Promise<void>;
}

/**
 * Element-Desktop-style fixture: a fresh profile per test. The server,
 * keychain (gnome-keyring) and SMTP delivery are real; only the IPC transport
 * is the Playwright binding instead of Electron's.
 */
export const test = base.extend<{ app: AppHarness }>({
  app: async ({ page }, use, testInfo) => {
    const mail = await new SmtpSink().start();
    const server = await startTestServer({ dialect: 'sqlite', smtpUrl: mail.url });
    const renderer = await hostRenderer();
    const vault = testVault();
    const services = createAuthServices({ apiUrl: server.url, vault });
    const api = services.api;
    const table = createHandlerTable(services);
    const bridgeLog = await installIpcBridge(page, table);
    let shot = 0;
    await page.goto(renderer.url);
    await use({
      page,
      serverUrl: server.url,
      mail,
      vault,
      api,
      bridgeLog,
      async screenshot(name) {
        shot += 1;
        await page.screenshot({
          path: testInfo.outputPath(`${String(shot).padStart(2, '0')}-${name}.png`),
          fullPage: true,
        });
      },
    });
    await clearKeychain(vault);
    await renderer.close();
    await server.close();
    await mail.stop();
  },
});

export { expect };
