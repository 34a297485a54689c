// Native modules (keytar, better-sqlite3) are compiled for one runtime at a
// time. `npm test` needs them built for Node, `npm start` for Electron; this
// rebuilds them only when the current build is for the other runtime.
import { spawnSync } from 'node:child_process';

const target = process.argv[2] === 'electron' ? 'electron' : 'node';
const modules = ['keytar', 'better-sqlite3'];

function loadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', modules.map((m) => `require('${m}')`).join(';')], {
    encoding: 'utf8',
  });
  return probe.status === 0;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (target === 'node') {
  if (!loadsInNode()) {
    console.log('Rebuilding native modules (keytar, better-sqlite3) for Node…');
    run('npm', ['rebuild', ...modules]);
  }
} else {
  console.log('Building native modules (keytar, better-sqlite3) for Electron…');
  run('npx', ['electron-builder', 'install-app-deps']);
}
