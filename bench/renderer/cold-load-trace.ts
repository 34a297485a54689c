import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import { startTestServer } from '../../test/helpers/test-server';
import { clearKeychain, testVault } from '../../test/helpers/test-vault';
import { summarizeColdLoad, type ColdLoadBreakdown, type Span, type TraceEvent } from '../lib/chromium-trace';
import { printFigure, printHeader } from '../lib/machine';
import { median, ms } from '../lib/stats';
import { buildRenderer, coldLoad, hostRenderer, launchBrowser } from './cold-load';

/**
 * Where a cold load's time to Log In goes, from a Chromium trace of each
 * load: the page renderer's commit (and the script context inside it, where
 * the test bridge's init scripts run), the entry's evaluation, style and
 * layout, each as wall time beside CPU, and every process's CPU until Log In.
 * Tracing costs CPU of its own (its service shows in the list), so the Log
 * In times here run higher than bench/renderer/renderer-load.ts's figure;
 * this is for finding where the time goes, not a target.
 *   scripts/with-secret-service.sh npx tsx bench/renderer/cold-load-trace.ts
 * BENCH_TRACE_LOADS (5) traced loads after one warm-up.
 */
const LOADS = Number(process.env.BENCH_TRACE_LOADS ?? 5);
const ROOT = resolve(import.meta.dirname, '../..');
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute', 'loading', 'toplevel', 'blink', 'navigation'];

const both = (s: Span): string => `${s.wallMs.toFixed(1)} / ${ms(s.cpuMs)}`;

async function main(): Promise<void> {
  printHeader(`Renderer cold load, traced: where the time to Log In goes (${LOADS} loads, Chromium)`);
  const rendererRoot = buildRenderer(ROOT);
  const traces = mkdtempSync(join(tmpdir(), 'cns-bench-trace-'));
  const server = await startTestServer({ dialect: 'sqlite' });
  const site = await hostRenderer(rendererRoot);
  const vault = testVault();
  const browser = await launchBrowser();
  const loads: Array<{ at: number; breakdown: ColdLoadBreakdown }> = [];
  try {
    for (let i = 0; i <= LOADS; i += 1) {
      const table = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
      const path = join(traces, `load-${i}.json`);
      await browser.startTracing(undefined, { path, categories: CATEGORIES });
      const seen = await coldLoad(browser, site.url, table, 'binding', 0);
      await browser.stopTracing();
      // The first load warms the browser process, as an app start would not repeat.
      if (i === 0) continue;
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
      const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
      const breakdown = summarizeColdLoad(events, site.url, seen.at);
      if (!breakdown) throw new Error(`The trace of load ${i} holds no navigation to ${site.url} with its renderer`);
      loads.push({ at: seen.at, breakdown });
      printFigure(
        `load ${i}: Log In; commit, entry evaluation (wall / CPU)`,
        `${ms(seen.at)}; ${both(breakdown.commit)}, ${both(breakdown.entryEvaluation)}`,
      );
    }
  } finally {
    await browser.close();
    await clearKeychain(vault).catch(() => undefined);
    await site.close();
    await server.close();
    rmSync(traces, { recursive: true, force: true });
    rmSync(dirname(rendererRoot), { recursive: true, force: true });
  }
  const mid = (pick: (b: ColdLoadBreakdown) => number): number => median(loads.map((l) => pick(l.breakdown)));
  const midSpan = (pick: (b: ColdLoadBreakdown) => Span): Span => ({
    wallMs: mid((b) => pick(b).wallMs),
    cpuMs: mid((b) => pick(b).cpuMs),
  });
  printFigure('Log In interactive (traced, so slower), median', ms(median(loads.map((l) => l.at))));
  printFigure('  navigation -> the page renderer commits, median', ms(mid((b) => b.toCommitMs)));
  printFigure('  the commit, wall / CPU, median', both(midSpan((b) => b.commit)));
  printFigure('    of which the script context (init scripts), wall / CPU', both(midSpan((b) => b.scriptContext)));
  printFigure('  the entry evaluation, wall / CPU, median', both(midSpan((b) => b.entryEvaluation)));
  printFigure('  style and layout before Log In, wall / CPU, median', both(midSpan((b) => b.styleAndLayout)));
  const names = new Set(loads.flatMap((l) => l.breakdown.cpuByProcess.map((p) => p.process)));
  const cpuOf = (name: string): number => mid((b) => b.cpuByProcess.find((p) => p.process === name)?.cpuMs ?? 0);
  for (const name of [...names].sort((a, b) => cpuOf(b) - cpuOf(a))) {
    printFigure(`  CPU until Log In: ${name}, median`, ms(cpuOf(name)));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
