import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=<dir> npm run bench ...):
 * the functions with the most self time, and the files with the most, so a
 * hot spot in our server's path is found without a GUI.
 * Usage: tsx scripts/bench-profile-summary.ts <file.cpuprofile> [top]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx scripts/bench-profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const top = Number(topArg ?? 30);
const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const where = node.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:');
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  const group = where.startsWith('nm:')
    ? where
        .split('/')
        .slice(0, where.startsWith('nm:@') ? 2 : 1)
        .join('/')
    : where || node.callFrame.functionName;
  byFile.set(group, (byFile.get(group) ?? 0) + hits);
}
const show = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
show('self time by function', byFunction);
show('self time by file or package', byFile);
