import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { SECURITY_HEADERS, mimeType, resolveRendererFile } from '../../src-main/app-protocol/renderer-files';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable, type HandlerTable } from '../../src-main/ipc/handler-table';
import { startTestServer } from '../../test/helpers/test-server';
import { clearKeychain, testVault } from '../../test/helpers/test-vault';
import { installIpcBridge } from '../../test/e2e/ipc-bridge';
import { printFigure, printHeader } from '../lib/machine';
import { median, ms } from '../lib/stats';

/**
 * Renderer: gzipped size of the JavaScript the Log In screen needs (the
 * entry script and everything it preloads), and the time from navigation to
 * an interactive Log In screen in Chromium, median of several cold loads.
 * The production bundle is built into a private folder (so other people's
 * end-to-end runs reading out/ are undisturbed) and served with the app://
 * protocol's headers; window.cns is the real handler table over a real server
 * and keychain (test/e2e/ipc-bridge.ts), so nothing on the path is stubbed.
 */
const LOADS = Number(process.env.BENCH_RENDER_LOADS ?? 15);
const CHROMIUM = process.env.CNS_CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');

function build(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'cns-bench-build-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  return outDir;
}

/** Scripts the HTML loads before anything runs: entry modules and module preloads. */
function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ];
  return [...new Set(found.map((m) => m[1] ?? ''))].filter(Boolean);
}

async function host(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const file = resolveRendererFile(root, request.url ?? '/');
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': mimeType(file), ...SECURITY_HEADERS });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * Marks, in page time, the first frame after the Log In button exists, is
 * enabled and has its password field, plus a task (so work queued before that
 * frame, such as effects, is counted), and tells the test process through a
 * binding. Playwright's waitForFunction is not used: it evaluates Playwright's
 * injected script in the page right after the commit (about 20 ms of the page's
 * main thread, traced), inside the interval being measured, which no Electron
 * window pays. Also kept: whether "Loading…" was ever drawn, and the page's
 * long tasks (>= 50 ms), so that work merely pushed past the mark shows.
 * A string, not a function: tsx would wrap a function's inner helpers in
 * names the page does not define.
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
      window.__cnsBenchReady();
    }, 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/** How long after interactive the page is watched for long tasks. */
const AFTER_MS = 1_000;

/** The same handler table, timing each call, so the report can say what the Log In screen waited for. */
function timed(table: HandlerTable, into: Map<string, number[]>): HandlerTable {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(table) as Array<[string, (input: unknown) => Promise<unknown>]>) {
    wrapped[channel] = async (input) => {
      const t0 = performance.now();
      try {
        return await handler(input);
      } finally {
        const list = into.get(channel) ?? [];
        list.push(performance.now() - t0);
        into.set(channel, list);
      }
    };
  }
  return wrapped as unknown as HandlerTable;
}

async function main(): Promise<void> {
  printHeader(`Renderer: initial JavaScript and time to an interactive Log In (${LOADS} cold loads, Chromium)`);
  const outDir = build();
  const rendererRoot = join(outDir, 'renderer');
  const html = readFileSync(join(rendererRoot, 'index.html'), 'utf8');
  let raw = 0;
  let gzipped = 0;
  for (const src of initialScripts(html)) {
    const bytes = readFileSync(join(rendererRoot, src));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  printFigure('initial JS (entry + module preloads), raw', `${(raw / 1024).toFixed(1)} KB`);
  printFigure('initial JS gzipped (level 9), target <= 150 KB', `${(gzipped / 1024).toFixed(1)} KB`);

  const server = await startTestServer({ dialect: 'sqlite' });
  const site = await host(rendererRoot);
  const vault = testVault();
  const browser = await chromium.launch({
    executablePath: CHROMIUM === 'bundled' ? undefined : CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const entry = initialScripts(html).at(-1) ?? '';
  const early = initialScripts(html).slice(0, -1);
  const times: number[] = [];
  const handlerMs = new Map<string, number[]>();
  const phaseMs = new Map<string, number[]>();
  const bridgeTrips: number[] = [];
  const longBefore: number[] = [];
  const longAfter: number[] = [];
  let loadingShown = 0;
  try {
    for (let i = 0; i <= LOADS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      const page = await context.newPage();
      const table = timed(createHandlerTable(createAuthServices({ apiUrl: server.url, vault })), handlerMs);
      await installIpcBridge(page, table);
      let signalReady: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => (signalReady = resolve));
      await page.exposeBinding('__cnsBenchReady', () => signalReady());
      await page.addInitScript(MARK_LOGIN_INTERACTIVE);
      await page.goto(site.url, { waitUntil: 'commit' });
      await within(ready, 15_000).catch(async (error: unknown) => {
        const shown = await page.evaluate(() => document.body.innerHTML.slice(0, 2000));
        throw new Error(`The Log In screen did not become interactive; the page shows: ${shown}`, { cause: error });
      });
      await page.waitForTimeout(AFTER_MS);
      if (!(await page.getByRole('button', { name: 'Log In' }).isEnabled())) throw new Error('Log In is not enabled');
      const seen = (await page.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const scripts = performance.getEntriesByType('resource');
        const received = (src) => (scripts.find((e) => e.name.endsWith(src.replace(/^\\.\\//, ''))) || { responseEnd: 0 }).responseEnd;
        return {
          at: window.__cnsLoginReadyAt,
          loading: window.__cnsLoadingShown === true,
          longTasks: window.__cnsLongTasks,
          trip: ((window.__cnsBridgeTrips || {})['auth:get-step'] || [0])[0],
          phases: {
            html: nav.responseEnd,
            ...(${JSON.stringify(early)}.length ? { early: received(${JSON.stringify(early[0] ?? '')}) } : {}),
            script: received(${JSON.stringify(entry)}),
            dom: nav.domContentLoadedEventEnd,
          },
        };
      })()`)) as {
        at: number;
        loading: boolean;
        longTasks: Array<[number, number]>;
        trip: number;
        phases: Record<string, number>;
      };
      if (i > 0) {
        // The first load warms the browser process, as an app start would not repeat.
        times.push(seen.at);
        bridgeTrips.push(seen.trip);
        if (seen.loading) loadingShown += 1;
        longBefore.push(sum(seen.longTasks.filter(([start]) => start < seen.at).map(([, duration]) => duration)));
        longAfter.push(Math.max(0, ...seen.longTasks.filter(([start]) => start >= seen.at).map(([, d]) => d)));
        for (const [key, value] of Object.entries(seen.phases)) phaseMs.set(key, [...(phaseMs.get(key) ?? []), value]);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await clearKeychain(vault).catch(() => undefined);
    await site.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  const phaseNames: Record<string, string> = {
    html: 'HTML received',
    early: 'launch-questions script received',
    script: 'entry script received',
    dom: 'DOMContentLoaded done (script run)',
  };
  for (const [phase, samples] of phaseMs) {
    printFigure(`  ${phaseNames[phase] ?? phase} at, median`, ms(median(samples)));
  }
  for (const [channel, samples] of handlerMs) {
    printFigure(
      `  of which main-process handler ${channel}, median`,
      `${ms(median(samples))} (${samples.length} calls)`,
    );
  }
  printFigure(
    '  the step question sent at launch, round trip, median',
    `${ms(median(bridgeTrips))} (over the test bridge; Electron IPC is in-process)`,
  );
  printFigure('  loads that drew "Loading…" before Log In', `${loadingShown} of ${times.length}`);
  printFigure('  long tasks (>= 50 ms) before interactive, total, median', ms(median(longBefore)));
  printFigure(
    `  longest task in the ${AFTER_MS} ms after interactive, median`,
    `${ms(median(longAfter))} (max ${ms(Math.max(...longAfter))}; 0 = none >= 50 ms)`,
  );
  printFigure(
    'navigation -> interactive Log In, median, target <= 300 ms',
    `${ms(median(times))}  (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`,
  );
}

/** The promise, or a rejection once `limit` ms have passed. */
function within<T>(promise: Promise<T>, limit: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
