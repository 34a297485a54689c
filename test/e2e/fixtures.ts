import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createAuthServices, type AuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable, type HandlerTable } from '../../src-main/ipc/handler-table';
import { currentPolicyLocations, nodePolicyIo } from '../../src-main/policy/node-policy-io';
import { confFileFactory } from '../../src-main/settings/conf-file';
import { startSettingsSide, type SettingsSide } from '../../src-main/settings/settings-side';
import { UpdateController, type UpdaterPort } from '../../src-main/updates/update-controller';
import { FolderLabelOutput } from '../../src-main/shipping/label-output';
import { ShippingClient } from '../../src-main/shipping/shipping-client';
import type { AuthPolicy } from '../../src-server/services/auth-policy';
import { loadKeytar, SecretVault } from '../../src-main/vault/secret-vault';
import { SmsSink } from '../helpers/sms-sink';
import { SmtpSink } from '../helpers/smtp-sink';
import { clearKeychain } from '../helpers/test-vault';
import { startChildMainSide } from './child-main-side';
import { E2eServer } from './e2e-server';
import { installIpcBridge, type BridgeLog } from './ipc-bridge';
import { hostRenderer } from './renderer-host';

/** Where the main-process side runs: in the test process, or in a child without a Secret Service (J9). */
export type MainSide = 'in-process' | 'child-without-secret-service';

/**
 * IT policy for a managed test, written to a temp file that stands for
 * /etc/click-n-ship/policy.json (an object, since `test.use` takes a bare function for a fixture).
 */
export type AppPolicyOption = { forServer(serverUrl: string): Record<string, unknown> } | undefined;

/** One app instance per test: its own server database, keychain service, mailbox and SMS gateway. */
export interface AppHarness {
  /** The Linux policy file this instance reads (it exists only when the test sets `appPolicy`). */
  policyFile: string;
  /** The instance's userData folder, where settings.json lives (seeded by `userSettings`). */
  settingsDir: string;
  page: Page;
  serverUrl: string;
  mail: SmtpSink;
  sms: SmsSink;
  server: E2eServer;
  /** The keychain service this app instance uses (a test's own, in the real gnome-keyring). */
  vault: SecretVault;
  /** The main-process services now running (undefined when they run in a child process). */
  services: AuthServices | undefined;
  bridgeLog: BridgeLog;
  /**
   * Saves a screenshot of the current screen under the test's output folder
   * and runs axe-core on it; any accessibility violation fails the test.
   */
  screenshot(name: string): Promise<void>;
  /**
   * A full restart of the main-process side: new services and handlers over
   * the same keychain service, or over another one (`vaultService`), which
   * plays a different computer (an empty keychain, or one seen before).
   */
  restartMain(options?: { vaultService?: string }): Promise<void>;
  /** The keychain service the main side now uses. */
  vaultService: string;
  /** Opens a URL (an emailed link) in a separate browser tab, as the system browser would. */
  openInBrowser(url: string): Promise<Page>;
  /** Where Print and Save put label files in this harness (a folder instead of the system dialogs). */
  labelOutput: FolderLabelOutput;
}

/** A keychain service name of its own: another computer's keychain, empty at first. */
export function newVaultService(): string {
  return `Click-N-Ship Desktop e2e ${randomBytes(4).toString('hex')}`;
}

/** Runs axe-core (every rule it has on by default: WCAG 2.x A/AA and best practices) and fails on any violation. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => ({
    screen,
    rule: v.id,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  expect(violations, `axe-core violations on "${screen}"`).toEqual([]);
}

/**
 * Element-Desktop-style fixture: a fresh profile per test. The server,
 * keychain (gnome-keyring), SMTP delivery and SMS gateway are real; only the
 * IPC transport is the Playwright binding instead of Electron's.
 */
export const test = base.extend<{
  app: AppHarness;
  mainSide: MainSide;
  serverPolicy: Partial<AuthPolicy>;
  appPolicy: AppPolicyOption;
  userSettings: Record<string, unknown> | undefined;
  /** Plays electron-updater (which needs Electron) and makes this instance count as installed. */
  appUpdater: { port: UpdaterPort } | undefined;
}>({
  mainSide: ['in-process', { option: true }],
  serverPolicy: [{}, { option: true }],
  appPolicy: [undefined, { option: true }],
  userSettings: [undefined, { option: true }],
  appUpdater: [undefined, { option: true }],
  app: async ({ page, context, mainSide, serverPolicy, appPolicy, userSettings, appUpdater }, use, testInfo) => {
    // Journeys click through many screens, each with an axe-core run; give them room on a busy machine.
    testInfo.setTimeout(Math.max(testInfo.timeout, 150_000));
    const mail = await new SmtpSink().start();
    const sms = await new SmsSink().start();
    const server = await new E2eServer({ smtpUrl: mail.url, smsGateway: sms.gateway }, serverPolicy).start();
    const renderer = await hostRenderer();
    // Policy and settings are read by the app's own start-up code (src-main/settings/settings-side.ts).
    const policyFile = testInfo.outputPath('etc', 'click-n-ship', 'policy.json');
    const settingsDir = testInfo.outputPath('user-data');
    if (appPolicy) {
      mkdirSync(dirname(policyFile), { recursive: true });
      writeFileSync(policyFile, JSON.stringify(appPolicy.forServer(server.url), null, 2));
    }
    if (userSettings) {
      mkdirSync(settingsDir, { recursive: true });
      writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify(userSettings));
    }
    const startSettings = () =>
      startSettingsSide({
        settingsDir,
        fileFactory: confFileFactory,
        policyLocations: currentPolicyLocations({
          platform: 'linux',
          execPath: testInfo.outputPath('app', 'click-n-ship-desktop'),
          linuxPolicyPath: policyFile,
        }),
        policyIo: nodePolicyIo,
        env: {},
        log: () => undefined,
        startEmbeddedServer: () => Promise.resolve(server.url),
      });
    const settingsDeps = (side: SettingsSide) => ({
      appSettings: side.appSettings,
      updates: new UpdateController(appUpdater?.port, {
        policy: side.policy.policy,
        packaged: appUpdater !== undefined,
      }),
    });
    // Shipping: the real API client with the signed-in session's token; files land in a folder.
    const labelOutput = new FolderLabelOutput(testInfo.outputPath('labels'));
    const shippingDeps = (apiUrl: string, auth: AuthServices) => ({
      shipping: { client: new ShippingClient(apiUrl, auth.authFlow), output: labelOutput },
    });
    const vaultService = newVaultService();
    const vault = new SecretVault(loadKeytar, vaultService);
    const usedServices = new Set([vaultService]);
    let services: AuthServices | undefined;
    let stopChild: (() => void) | undefined;
    const main: { table: HandlerTable } = { table: {} as HandlerTable };
    if (mainSide === 'in-process') {
      const side = await startSettings();
      services = createAuthServices({
        apiUrl: side.apiUrl,
        vault,
        timeoutMs: 5_000,
        devicePolicy: () => side.appSettings.deviceTrustPolicy(),
      });
      main.table = createHandlerTable({ ...services, ...settingsDeps(side), ...shippingDeps(side.apiUrl, services) });
    } else {
      const child = await startChildMainSide({
        apiUrl: server.url,
        vaultService,
        env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cns-e2e-bus' },
      });
      main.table = child.table;
      stopChild = child.stop;
    }
    const bridgeLog = await installIpcBridge(page, main);
    let shot = 0;
    await page.goto(renderer.url);
    const harness: AppHarness = {
      policyFile,
      settingsDir,
      page,
      serverUrl: server.url,
      mail,
      sms,
      server,
      vault,
      services,
      bridgeLog,
      async screenshot(name) {
        shot += 1;
        await page.screenshot({
          path: testInfo.outputPath(`${String(shot).padStart(2, '0')}-${name}.png`),
          fullPage: true,
        });
        await expectNoAxeViolations(page, name);
      },
      vaultService,
      labelOutput,
      async restartMain(options = {}) {
        const service = options.vaultService ?? harness.vaultService;
        usedServices.add(service);
        const side = await startSettings();
        const fresh = createAuthServices({
          apiUrl: side.apiUrl,
          vault: new SecretVault(loadKeytar, service),
          timeoutMs: 5_000,
          devicePolicy: () => side.appSettings.deviceTrustPolicy(),
        });
        void fresh.authFlow.resume();
        harness.vaultService = service;
        harness.vault = fresh.vault;
        harness.services = fresh;
        main.table = createHandlerTable({ ...fresh, ...settingsDeps(side), ...shippingDeps(side.apiUrl, fresh) });
        await page.reload();
      },
      async openInBrowser(url) {
        const tab = await context.newPage();
        await tab.goto(url);
        return tab;
      },
    };
    await use(harness);
    stopChild?.();
    for (const service of usedServices) await clearKeychain(new SecretVault(loadKeytar, service));
    await renderer.close();
    await server.dispose();
    await sms.stop();
    await mail.stop();
  },
});

export { expect };
