import type { IndexHtmlTransformContext, IndexHtmlTransformHook } from 'vite';
import { describe, expect, it } from 'vitest';
import { earlyModuleScript } from '../../scripts/vite-early-module-script';

const HTML = `<head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'" />
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head>`;

function chunk(fileName: string, name: string) {
  return { type: 'chunk', isEntry: true, name, fileName };
}

function transform(bundle: Record<string, unknown>): string {
  const hook = earlyModuleScript('launch-questions').transformIndexHtml as { handler: IndexHtmlTransformHook };
  const ctx = {
    path: '/index.html',
    filename: 'index.html',
    chunk: chunk('assets/index-abc.js', 'index'),
    bundle,
  } as unknown as IndexHtmlTransformContext;
  return hook.handler.call({} as never, HTML, ctx) as string;
}

describe('the early module script', () => {
  it('is listed after the CSP and before the entry, with the same base and attributes', () => {
    const html = transform({
      'assets/index-abc.js': chunk('assets/index-abc.js', 'index'),
      'assets/launch-questions-xyz.js': chunk('assets/launch-questions-xyz.js', 'launch-questions'),
    });
    const early = html.indexOf('<script type="module" crossorigin src="./assets/launch-questions-xyz.js"></script>');
    expect(early).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
    expect(early).toBeLessThan(html.indexOf('src="./assets/index-abc.js"'));
  });

  it('stops the build when the early chunk is missing, rather than shipping a page without it', () => {
    expect(() => transform({ 'assets/index-abc.js': chunk('assets/index-abc.js', 'index') })).toThrow(
      /no entry chunk named launch-questions/,
    );
  });
});
