import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable, type HandlerTable } from '../../src-main/ipc/handler-table';
import { startTestServer } from '../../test/helpers/test-server';
import { clearKeychain, testVault } from '../../test/helpers/test-vault';
import { printFigure, printHeader } from '../lib/machine';
import { median, ms } from '../lib/stats';
import { buildRenderer, coldLoad, hostRenderer, initialScripts, launchBrowser } from './cold-load';

/**
 * Renderer: gzipped size of the JavaScript the Log In screen needs (the
 * entry script and everything it preloads), and the time from navigation to
 * an interactive Log In screen in Chromium, median of several cold loads.
 * The production bundle is built into a private folder (so other people's
 * end-to-end runs reading out/ are undisturbed) and served with the app://
 * protocol's headers; window.cns is the real handler table over a real server
 * and keychain (test/e2e/ipc-bridge.ts), so nothing on the path is stubbed.
 * Each load is repeated, alternating, in a second browser that loads
 * Chromium's omnibox popups beside every window, as rounds 1–12 measured
 * (test/helpers/chromium-launch.ts says why the first browser does not), and
 * served with the Cross-Origin-Opener-Policy header that rounds 1–15 served
 * (src-main/app-protocol/renderer-files.ts says why the app dropped it).
 */
const LOADS = Number(process.env.BENCH_RENDER_LOADS ?? 15);

/** The header the page was served with up to round 15: it made Chromium commit the page in a second renderer. */
const OPENER_POLICY = { 'cross-origin-opener-policy': 'same-origin' };
const ROOT = resolve(import.meta.dirname, '../..');

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
  const rendererRoot = buildRenderer(ROOT);
  const html = readFileSync(join(rendererRoot, 'index.html'), 'utf8');
  let raw = 0;
  let gzipped = 0;
  let nonAscii = 0;
  for (const src of initialScripts(html)) {
    const bytes = readFileSync(join(rendererRoot, src));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
    nonAscii += bytes.filter((byte) => byte > 0x7f).length;
  }
  printFigure('initial JS (entry + module preloads), raw', `${(raw / 1024).toFixed(1)} KB`);
  printFigure('initial JS gzipped (level 9), target <= 150 KB', `${(gzipped / 1024).toFixed(1)} KB`);
  // Any byte above ASCII makes Chromium hold the whole script as UTF-16 (electron.vite.config.ts).
  printFigure('  bytes above ASCII in the initial JS', String(nonAscii));

  const server = await startTestServer({ dialect: 'sqlite' });
  const site = await hostRenderer(rendererRoot);
  const siteWithOpenerPolicy = await hostRenderer(rendererRoot, OPENER_POLICY);
  const vault = testVault();
  const browser = await launchBrowser();
  const withPopups = await launchBrowser({ omniboxPopups: true });
  const times: number[] = [];
  const timesWithPopups: number[] = [];
  const timesWithOpenerPolicy: number[] = [];
  const handlerMs = new Map<string, number[]>();
  const phaseMs = new Map<string, number[]>();
  const bridgeTrips: number[] = [];
  const longBefore: number[] = [];
  const longAfter: number[] = [];
  let loadingShown = 0;
  try {
    for (let i = 0; i <= LOADS; i += 1) {
      const table = timed(createHandlerTable(createAuthServices({ apiUrl: server.url, vault })), handlerMs);
      const seen = await coldLoad(browser, site.url, table, 'binding', AFTER_MS);
      // The same load in the browser that loads its omnibox popups beside it, alternating, so both see the same minutes.
      const tableWithPopups = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
      const seenWithPopups = await coldLoad(withPopups, site.url, tableWithPopups, 'binding', AFTER_MS);
      const tableWithPolicy = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
      const seenWithPolicy = await coldLoad(browser, siteWithOpenerPolicy.url, tableWithPolicy, 'binding', AFTER_MS);
      if (i > 0) {
        // The first load warms the browser process, as an app start would not repeat.
        times.push(seen.at);
        timesWithPopups.push(seenWithPopups.at);
        timesWithOpenerPolicy.push(seenWithPolicy.at);
        bridgeTrips.push(seen.trip);
        if (seen.loading) loadingShown += 1;
        longBefore.push(sum(seen.longTasks.filter(([start]) => start < seen.at).map(([, duration]) => duration)));
        longAfter.push(Math.max(0, ...seen.longTasks.filter(([start]) => start >= seen.at).map(([, d]) => d)));
        for (const [key, value] of Object.entries(seen.phases)) phaseMs.set(key, [...(phaseMs.get(key) ?? []), value]);
      }
    }
  } finally {
    await browser.close();
    await withPopups.close();
    await clearKeychain(vault).catch(() => undefined);
    await site.close();
    await siteWithOpenerPolicy.close();
    await server.close();
    rmSync(dirname(rendererRoot), { recursive: true, force: true });
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
    "  the same with Chromium's omnibox popups loaded, median",
    `${ms(median(timesWithPopups))}  (min ${ms(Math.min(...timesWithPopups))}, max ${ms(Math.max(...timesWithPopups))}; as rounds 1-12 loaded them)`,
  );
  printFigure(
    '  the same served with Cross-Origin-Opener-Policy, median',
    `${ms(median(timesWithOpenerPolicy))}  (min ${ms(Math.min(...timesWithOpenerPolicy))}, max ${ms(Math.max(...timesWithOpenerPolicy))}; as rounds 1-15 served it: a second renderer process)`,
  );
  printFigure(
    'navigation -> interactive Log In, median, target <= 300 ms',
    `${ms(median(times))}  (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`,
  );
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
