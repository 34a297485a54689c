import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_ORIGIN } from '../ipc/sender-check';
import { SECURITY_HEADERS, mimeType, resolveRendererFile } from './renderer-files';

/**
 * Must run before `app.ready`: `app://` behaves like a secure standard origin.
 * `codeCache` lets V8 keep the compiled renderer scripts between launches
 * (custom schemes get none by default), so a later start does not compile
 * React again before the Log In screen can draw (bench/renderer: most of the
 * entry script's run is React DOM being compiled and evaluated).
 */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the renderer bundle from `root` at `app://renderer/` with the CSP header. */
export function serveAppProtocol(root: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = `${url.protocol}//${url.host}` === APP_ORIGIN ? resolveRendererFile(root, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'content-type': mimeType(file), ...SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
