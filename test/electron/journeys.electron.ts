/*
 * The same journeys against the real Electron app (preload, ipcMain, app://,
 * the real window). Needs the Electron binary, which this build machine does
 * not have (DESIGN.md §6); on a machine with it:
 *
 *   npm run build
 *   scripts/with-secret-service.sh npx playwright test --project electron
 *
 * (`npm run test:electron` does the build and the run; on Linux keep the
 * with-secret-service.sh wrapper so the app's keychain is a private one.)
 * Each test starts its own API server with SMTP and SMS sinks and points the
 * app at it with CNS_API_URL, with a fresh user-data folder.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { SmsSink } from '../helpers/sms-sink';
import { SmtpSink } from '../helpers/smtp-sink';
import { expectNoAxeViolations } from '../e2e/fixtures';
import { E2eServer } from '../e2e/e2e-server';
import {
  acceptTerms,
  enterEmailedPasscode,
  expectSignedIn,
  logIn,
  onScreen,
  signOut,
  skipModify,
  type JourneyContext,
} from '../e2e/journeys';

const ROOT = resolve(import.meta.dirname, '../..');

interface Running {
  app: ElectronApplication;
  page: Page;
}

async function launch(apiUrl: string, userData: string): Promise<Running> {
  const app = await electron.launch({
    args: [ROOT, `--user-data-dir=${userData}`],
    env: { ...process.env, CNS_API_URL: apiUrl },
  });
  const page = await app.firstWindow();
  return { app, page };
}

test.describe('the real Electron app', () => {
  let mail: SmtpSink;
  let sms: SmsSink;
  let server: E2eServer;
  let userData: string;

  test.beforeEach(async () => {
    mail = await new SmtpSink().start();
    sms = await new SmsSink().start();
    server = await new E2eServer({ smtpUrl: mail.url, smsGateway: sms.gateway }).start();
    userData = mkdtempSync(join(tmpdir(), 'cns-electron-'));
  });
  test.afterEach(async () => {
    await server.dispose();
    await sms.stop();
    await mail.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  function context(page: Page, shots: string): JourneyContext {
    let n = 0;
    return {
      page,
      mail,
      sms,
      async screenshot(name) {
        n += 1;
        await page.screenshot({ path: join(shots, `${String(n).padStart(2, '0')}-${name}.png`) });
        await expectNoAxeViolations(page, name);
      },
    };
  }

  test('the window is locked down: no Node in the page, app:// only, navigation refused', async () => {
    const { app, page } = await launch(server.url, userData);
    try {
      expect(page.url()).toBe('app://renderer/');
      // The page has no Node: no require, no process; its only door is the frozen window.cns.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.isFrozen((window as unknown as { cns: object }).cns))).toBe(true);
      const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
      expect(windows).toBe(1);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await expect(page).toHaveURL('app://renderer/');
    } finally {
      await app.close();
    }
  });

  test('sign-in with an emailed passcode; J4: after quitting and relaunching, the remembered computer skips it', async () => {
    const testInfo = test.info();
    let running = await launch(server.url, userData);
    try {
      const ctx = context(running.page, testInfo.outputPath());
      await logIn(ctx, 'demo', DEMO_PASSWORD);
      await enterEmailedPasscode(ctx, 'demo@example.com', { remember: true });
      await skipModify(ctx);
      await acceptTerms(ctx);
      await expectSignedIn(ctx, 'demo');
      await signOut(ctx);
    } finally {
      await running.app.close();
    }
    running = await launch(server.url, userData);
    try {
      const ctx = context(running.page, testInfo.outputPath('relaunched'));
      const sent = mail.messages.length;
      await logIn(ctx, 'demo', DEMO_PASSWORD);
      await onScreen(running.page, 'Modify MFA Options');
      await skipModify(ctx);
      await expectSignedIn(ctx, 'demo');
      expect(mail.messages.length).toBe(sent);
    } finally {
      await running.app.close();
    }
  });
});
