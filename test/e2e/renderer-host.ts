import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SECURITY_HEADERS, mimeType, resolveRendererFile } from '../../src-main/app-protocol/renderer-files';

/** Where `npm run build` puts the renderer bundle. */
export const RENDERER_ROOT = resolve(import.meta.dirname, '../../out/renderer');

/**
 * Serves the production renderer bundle (out/renderer, or another build's
 * folder for bench/renderer) over loopback HTTP with the same headers the
 * `app://` protocol sends in Electron; `extraHeaders` lets bench/renderer
 * measure a header the app no longer sends beside the figure.
 */
export async function hostRenderer(
  root = RENDERER_ROOT,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new Error('The renderer bundle is missing: run `npm run build` first.');
  }
  const server: Server = createServer((request, response) => {
    const file = resolveRendererFile(root, request.url ?? '/');
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': mimeType(file), ...SECURITY_HEADERS, ...extraHeaders });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    // Chromium keeps keep-alive sockets open; end them, or close() waits up to a minute.
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
