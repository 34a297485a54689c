import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import { startTestServer } from '../../test/helpers/test-server';
import { clearKeychain, testVault } from '../../test/helpers/test-vault';
import { printFigure, printHeader } from '../lib/machine';
import { median, ms } from '../lib/stats';
import { buildRenderer, coldLoad, hostRenderer, launchBrowser, type Readiness } from './cold-load';

/**
 * Renderer A/B: time to an interactive Log In of several builds, on cold
 * loads that alternate between them in one browser, so the drift of a shared
 * two-core machine (the median of one build moves by ±50 ms between minutes
 * here) falls on every build alike. A build is a git revision (checked out
 * into a temporary worktree and built there) or a folder holding a built
 * renderer's index.html.
 *   scripts/with-secret-service.sh npx tsx bench/renderer/renderer-ab.ts 96b6586 HEAD
 * BENCH_AB_LOADS (20 per variant); BENCH_AB_READINESS ('binding', or
 * 'binding,waitForFunction' to compare the two ways of reading readiness).
 */
const LOADS = Number(process.env.BENCH_AB_LOADS ?? 20);
const READINESS = (process.env.BENCH_AB_READINESS ?? 'binding').split(',') as Readiness[];
const ROOT = resolve(import.meta.dirname, '../..');

interface Build {
  name: string;
  renderer: string;
  cleanup(): void;
}

/** The renderer of `what`: a built folder as it is, or a git revision built in a worktree of its own. */
function prepare(what: string): Build {
  if (existsSync(join(what, 'index.html'))) return { name: what, renderer: what, cleanup: () => undefined };
  const tree = mkdtempSync(join(tmpdir(), 'cns-ab-tree-'));
  const removeTree = (): void => {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' });
  };
  execFileSync('git', ['worktree', 'add', '--detach', tree, what], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    const renderer = buildRenderer(tree);
    return {
      name: what,
      renderer,
      cleanup: () => {
        rmSync(dirname(renderer), { recursive: true, force: true });
        removeTree();
      },
    };
  } catch (error) {
    removeTree();
    throw error;
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  if (wanted.length < 2) {
    process.stderr.write('usage: tsx bench/renderer/renderer-ab.ts <revision | renderer folder> <…> [more]\n');
    process.exit(2);
  }
  printHeader(`Renderer A/B: time to an interactive Log In, ${LOADS} alternating cold loads per variant`);
  const builds: Build[] = [];
  const server = await startTestServer({ dialect: 'sqlite' });
  const vault = testVault();
  const browser = await launchBrowser();
  const sites: Array<{ url: string; close: () => Promise<void> }> = [];
  try {
    for (const what of wanted) builds.push(prepare(what));
    for (const build of builds) sites.push(await hostRenderer(build.renderer));
    const variants = builds.flatMap((build, index) =>
      READINESS.map((readiness) => ({
        label: `${build.name} [${readiness}]`,
        url: sites[index]?.url ?? '',
        readiness,
      })),
    );
    const seen = new Map<string, { times: number[]; trips: number[]; loading: number }>();
    // One round of warm-up loads first (the browser process's own start), then LOADS rounds.
    for (let round = 0; round <= LOADS; round += 1) {
      for (const variant of variants) {
        const table = createHandlerTable(createAuthServices({ apiUrl: server.url, vault }));
        const load = await coldLoad(browser, variant.url, table, variant.readiness, 0);
        if (round === 0) continue;
        const entry = seen.get(variant.label) ?? { times: [], trips: [], loading: 0 };
        entry.times.push(load.at);
        entry.trips.push(load.trip);
        if (load.loading) entry.loading += 1;
        seen.set(variant.label, entry);
      }
    }
    for (const [label, { times, trips, loading }] of seen) {
      printFigure(
        `${label}`,
        `${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}); "Loading…" ${loading}/${times.length}; step trip ${ms(median(trips))}`,
      );
    }
  } finally {
    await browser.close();
    await clearKeychain(vault).catch(() => undefined);
    for (const site of sites) await site.close();
    await server.close();
    for (const build of builds) build.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
