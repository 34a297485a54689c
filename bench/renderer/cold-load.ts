import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { HandlerTable } from '../../src-main/ipc/handler-table';
import { OMNIBOX_POPUPS_OFF, chromiumLaunchOptions } from '../../test/helpers/chromium-launch';
import { installIpcBridge } from '../../test/e2e/ipc-bridge';
export { hostRenderer } from '../../test/e2e/renderer-host';

// One cold load of the production renderer in Chromium, shared by the
// renderer benchmark (one build) and its A/B form (several builds, loads
// alternating): the page is served with the app:// protocol's headers
// (test/e2e/renderer-host.ts) and window.cns is the real handler table
// (test/e2e/ipc-bridge.ts).

/** Builds the renderer of the source tree at `root` into a private folder; returns the folder of index.html. */
export function buildRenderer(root: string): string {
  const outDir = mkdtempSync(join(tmpdir(), 'cns-bench-build-'));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
    { cwd: root, stdio: 'ignore' },
  );
  return join(outDir, 'renderer');
}

/** Scripts the HTML loads before anything runs: module scripts (the entry last) and module preloads. */
export function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ];
  return [...new Set(found.map((m) => m[1] ?? ''))].filter(Boolean);
}

/**
 * Chromium as the end-to-end tests start it, or, with `omniboxPopups`, with
 * the browser's omnibox popups loaded beside every window as Chromium does by
 * default (how rounds 1–12 measured), so the two readings can be compared.
 */
export function launchBrowser(options: { omniboxPopups?: boolean } = {}): Promise<Browser> {
  if (!options.omniboxPopups) return chromium.launch(chromiumLaunchOptions);
  return chromium.launch({
    ...chromiumLaunchOptions,
    args: chromiumLaunchOptions.args.filter((arg) => arg !== OMNIBOX_POPUPS_OFF),
  });
}

/**
 * Marks, in page time, the first frame after the Log In button exists, is
 * enabled and has its password field, plus a task (so work queued before that
 * frame, such as effects, is counted), and tells the test process through a
 * binding where there is one. Playwright's waitForFunction is not used by
 * default: it evaluates Playwright's injected script in the page right after
 * the commit (about 20 ms of the page's main thread, traced), inside the
 * interval being measured, which no Electron window pays. Also kept: whether
 * "Loading…" was ever drawn, and the page's long tasks (>= 50 ms), so that
 * work merely pushed past the mark shows. A string, not a function: tsx would
 * wrap a function's inner helpers in names the page does not define.
 */
const MARK_LOGIN_INTERACTIVE = `(() => {
  const longTasks = [];
  window.__cnsLongTasks = longTasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const ready = () => {
    const button = [...document.querySelectorAll('button')].find(
      (b) => /^\\s*log in\\s*$/i.test(b.textContent || '') && !b.disabled,
    );
    return Boolean(button && document.querySelector('input[type="password"]'));
  };
  const observer = new MutationObserver(() => {
    if (document.querySelector('.loading')) window.__cnsLoadingShown = true;
    if (!ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => {
      window.__cnsLoginReadyAt = performance.now();
      if (window.__cnsBenchReady) window.__cnsBenchReady();
    }, 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/**
 * How the benchmark learns that Log In is interactive: through a binding the
 * page calls (the default), or by Playwright's waitForFunction (as before
 * round 6), kept so the two can be compared on the same loads.
 */
export type Readiness = 'binding' | 'waitForFunction';

/** What one cold load showed, in page time (ms from navigation start). */
export interface ColdLoad {
  /** Log In interactive. */
  at: number;
  /** "Loading…" was drawn before Log In. */
  loading: boolean;
  /** The page's long tasks: [start, duration]. */
  longTasks: Array<[number, number]>;
  /** Round trip of the first step question, as the page saw it. */
  trip: number;
  /** HTML received; the launch-questions script (if the build has one) and the entry received; DOMContentLoaded. */
  phases: Record<string, number>;
}

/**
 * Loads the renderer at `url` in a new browser context (a cold profile, as a
 * first launch), waits until Log In is interactive and then `afterMs` more
 * (for the long tasks after it), and closes the context.
 */
export async function coldLoad(
  browser: Browser,
  url: string,
  table: HandlerTable,
  readiness: Readiness,
  afterMs: number,
): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  try {
    const page = await context.newPage();
    await installIpcBridge(page, table);
    let signalReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (signalReady = resolve));
    if (readiness === 'binding') await page.exposeBinding('__cnsBenchReady', () => signalReady());
    await page.addInitScript(MARK_LOGIN_INTERACTIVE);
    await page.goto(url, { waitUntil: 'commit' });
    const interactive =
      readiness === 'binding'
        ? within(ready, 15_000)
        : page.waitForFunction(() => (window as unknown as { __cnsLoginReadyAt?: number }).__cnsLoginReadyAt, null, {
            timeout: 15_000,
          });
    await interactive.catch(async (error: unknown) => {
      const shown = await page.evaluate(() => document.body.innerHTML.slice(0, 2000));
      throw new Error(`The Log In screen did not become interactive; the page shows: ${shown}`, { cause: error });
    });
    await page.waitForTimeout(afterMs);
    if (!(await page.getByRole('button', { name: 'Log In' }).isEnabled())) throw new Error('Log In is not enabled');
    return (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const received = (src) => (resources.find((e) => e.name === new URL(src, location.href).href) || { responseEnd: 0 }).responseEnd;
      const modules = [...document.querySelectorAll('script[type="module"][src]')].map((s) => s.getAttribute('src'));
      const entry = modules[modules.length - 1];
      return {
        at: window.__cnsLoginReadyAt,
        loading: window.__cnsLoadingShown === true,
        longTasks: window.__cnsLongTasks,
        trip: ((window.__cnsBridgeTrips || {})['auth:get-step'] || [0])[0],
        phases: {
          html: nav.responseEnd,
          ...(modules.length > 1 ? { early: received(modules[0]) } : {}),
          script: entry ? received(entry) : 0,
          dom: nav.domContentLoadedEventEnd,
        },
      };
    })()`)) as ColdLoad;
  } finally {
    await context.close();
  }
}

/** The promise, or a rejection once `limit` ms have passed. */
function within<T>(promise: Promise<T>, limit: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
