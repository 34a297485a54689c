import { spawnSync } from 'node:child_process';
import { machineLine } from './lib/machine';

/**
 * `npm run bench`: every benchmark, one after the other, each in its own
 * process so none measures another's leftovers. Pass names to run a subset:
 * `npm run bench -- peer verify`.
 */
const benches: Record<string, string> = {
  cost: 'bench/sign-in-cost.ts',
  pool: 'bench/thread-pool-sizes.ts',
  batching: 'bench/loop-batching.ts',
  verify: 'bench/passcode-verify.ts',
  peer: 'bench/peer-better-auth.ts',
  renderer: 'bench/renderer/renderer-load.ts',
  load: 'bench/load-sign-ins.ts',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`Click-N-Ship benchmarks\n${machineLine()}\n`);
let failed = 0;
for (const [name, script] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  // The renderer benchmark drives the real keychain, so it runs inside a private Secret Service.
  const command = [process.execPath, '--import', 'tsx', script];
  if (name === 'renderer') command.unshift('scripts/with-secret-service.sh');
  const run = spawnSync(command[0] ?? '', command.slice(1), { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stderr.write(`benchmark ${name} failed (exit ${String(run.status)})\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
