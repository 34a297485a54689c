// Checks what `npm test` needs from the machine and, when something is
// missing, stops with the exact command that installs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const missing = [];
const packages = new Set();
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const chromium = process.env.CNS_CHROMIUM_PATH ?? '/usr/bin/chromium';
if (chromium !== 'bundled' && !existsSync(chromium)) {
  missing.push(`Chromium at ${chromium} (or set CNS_CHROMIUM_PATH=bundled to use Playwright's own browser)`);
  packages.add('chromium');
}
if (!has('dbus-run-session')) {
  missing.push('dbus-run-session');
  packages.add('dbus');
}
if (!has('gnome-keyring-daemon')) {
  missing.push('gnome-keyring-daemon (the Secret Service keytar talks to)');
  packages.add('gnome-keyring');
}
try {
  execFileSync('pkg-config', ['--exists', 'libsecret-1']);
} catch {
  if (!existsSync('/usr/include/libsecret-1')) {
    missing.push('libsecret headers (keytar builds against them)');
    packages.add('libsecret-1-dev');
    packages.add('pkg-config');
  }
}

const pgUrl = new URL(process.env.CNS_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres');
const pgUp = await new Promise((resolve) => {
  const socket = net.connect({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  socket.setTimeout(2000);
  socket.once('connect', () => {
    socket.end();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => {
    socket.destroy();
    resolve(false);
  });
});

if (missing.length > 0) {
  console.error(`npm test needs: ${missing.join('; ')}.`);
  console.error(`On Debian/Ubuntu run: sudo apt-get update && sudo apt-get install -y ${[...packages].join(' ')}`);
}
if (!pgUp) {
  console.error(
    `PostgreSQL is not answering at ${pgUrl.host}. Start it (Debian: sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set CNS_TEST_PG_URL to a server where this user may create databases.`,
  );
}
process.exit(missing.length > 0 || !pgUp ? 1 : 0);
