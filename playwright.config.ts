import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/helpers/chromium-launch';

/**
 * Two projects for the same journeys: `chromium` loads the production renderer
 * bundle in Debian's Chromium with the IPC bridge of DESIGN.md §6 (runs
 * everywhere); `electron` drives the real app (needs the Electron binary).
 * Set CNS_CHROMIUM_PATH to another browser, or to `bundled` for Playwright's own.
 */
export default defineConfig({
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  projects: [
    {
      name: 'chromium',
      testDir: 'test/e2e',
      testMatch: '**/*.e2e.ts',
      use: {
        viewport: { width: 1100, height: 760 },
        launchOptions: chromiumLaunchOptions,
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
      testMatch: '**/*.electron.ts',
    },
  ],
});
