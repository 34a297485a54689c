import { join } from 'node:path';
import { app, BrowserWindow, screen, session, shell } from 'electron';
import { declareAppScheme, serveAppProtocol } from './app-protocol/register-app-protocol';
import { createAuthServices, type AuthServices } from './auth/auth-services';
import { APP_PROTOCOL, findDeepLink, handleDeepLink } from './deep-link/deep-link';
import { startEmbeddedServer } from './embedded-server';
import { createHandlerTable } from './ipc/handler-table';
import { registerIpc } from './ipc/register-ipc';
import { APP_ORIGIN } from './ipc/sender-check';
import { currentPolicyLocations, nodePolicyIo } from './policy/node-policy-io';
import { createAdminLog } from './settings/admin-log';
import { electronStoreFileFactory } from './settings/electron-store-file';
import type { SettingsService } from './settings/settings-service';
import { startSettingsSide } from './settings/settings-side';
import { restorableBounds } from './settings/window-bounds';
import { ElectronLabelOutput } from './shipping/electron-label-output';
import { ShippingClient } from './shipping/shipping-client';
import { electronUpdaterPort } from './updates/electron-updater-port';
import { UpdateController } from './updates/update-controller';
import { loadKeytar, SecretVault } from './vault/secret-vault';
import { refuseNavigation, windowOpenHandler } from './window-guards';
import { mainWindowOptions } from './window-options';

/*
 * App lifecycle only: single instance, the secure window, and wiring of the
 * services. Everything testable lives in modules that do not import electron.
 */

const ownWebContents = new Set<number>();
let mainWindow: BrowserWindow | undefined;
let services: AuthServices | undefined;
let settings: SettingsService | undefined;

/** Brings the window forward; used by second-instance and clicknship:// links. */
function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** A clicknship:// link only focuses the window and polls the flow; its contents are ignored. */
function onDeepLink(): void {
  void handleDeepLink({ focusWindow, poll: () => services?.authFlow.poll() ?? Promise.resolve() });
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/preload.cjs')));
  ownWebContents.add(window.webContents.id);
  const bounds = restorableBounds(
    settings?.get().windowBounds,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  if (bounds) window.setBounds(bounds);
  window.on('close', () => {
    const { size } = screen.getDisplayMatching(window.getNormalBounds());
    settings?.saveWindow(window.getNormalBounds(), size);
  });
  window.webContents.on('will-navigate', refuseNavigation);
  window.webContents.on('will-redirect', refuseNavigation);
  window.webContents.on('will-attach-webview', refuseNavigation);
  window.webContents.setWindowOpenHandler(windowOpenHandler((url) => void shell.openExternal(url)));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = undefined;
  });
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveAppProtocol(join(import.meta.dirname, '../renderer'));
  // IT policy > the user's setting > CNS_API_URL > the embedded server (docs/it-admin.md).
  const log = createAdminLog(app.getPath('logs'));
  const side = await startSettingsSide({
    settingsDir: app.getPath('userData'),
    fileFactory: electronStoreFileFactory,
    policyLocations: currentPolicyLocations(),
    policyIo: nodePolicyIo,
    env: process.env,
    log,
    startEmbeddedServer: async () => (await startEmbeddedServer(app.getPath('userData'))).url,
  });
  settings = side.settings;
  const { apiUrl, appSettings, policy } = side;
  const updates = new UpdateController(app.isPackaged ? electronUpdaterPort(log) : undefined, {
    policy: policy.policy,
    packaged: app.isPackaged,
    log,
  });
  const vault = new SecretVault(loadKeytar);
  void vault.probe();
  services = createAuthServices({ apiUrl, vault, devicePolicy: () => appSettings.deviceTrustPolicy() });
  void services.authFlow.resume();
  const auth = services;
  const shipping = {
    client: new ShippingClient(apiUrl, auth.authFlow),
    output: new ElectronLabelOutput(() => mainWindow),
  };
  registerIpc(createHandlerTable({ ...services, appSettings, updates, shipping }), ownWebContents);
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  void updates.check();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  declareAppScheme();
  app.setAsDefaultProtocolClient(APP_PROTOCOL);
  app.on('second-instance', (_event, argv) => {
    if (findDeepLink(argv)) onDeepLink();
    else focusWindow();
  });
  app.on('open-url', (event) => {
    event.preventDefault();
    onDeepLink();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    process.stderr.write(`Click-N-Ship could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  });
}
