// `npm start`: builds the app and launches Electron. With no API URL
// configured (CNS_API_URL or IT policy), the app starts its embedded server:
// SQLite, dev outbox, demo accounts (printed below).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function electronBinary() {
  const dir = join('node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const exe = electronBinary();
if (!exe) {
  console.error(
    "Electron's binary is not installed on this machine; fetch it with: node node_modules/electron/install.js",
  );
  process.exit(1);
}
run(process.execPath, ['scripts/ensure-native.mjs', 'electron']);
run('npx', ['electron-vite', 'build']);
const child = spawn(exe, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
