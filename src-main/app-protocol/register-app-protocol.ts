import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_ORIGIN } from '../ipc/sender-check';
import { SECURITY_HEADERS, mimeType, resolveRendererFile } from './renderer-files';

/** Must run before `app.ready`: `app://` behaves like a secure standard origin. */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
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
