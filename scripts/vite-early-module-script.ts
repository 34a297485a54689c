import type { Plugin } from 'vite';

/**
 * Gives one renderer module a `<script type="module">` of its own, placed
 * before the entry's. Vite merges every module script of an HTML page into a
 * single entry chunk, so a module that must run before the entry has finished
 * loading (src-renderer/launch-questions.ts: the launch questions to the main
 * process) is built as a second Rollup input and listed here by its input name.
 * The entry imports the same chunk, so the module still runs once, and first.
 */
export function earlyModuleScript(inputName: string): Plugin {
  return {
    name: 'cns-early-module-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = ctx.chunk;
        const early = Object.values(ctx.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === inputName,
        );
        if (!entry || !early) throw new Error(`The renderer build has no entry chunk named ${inputName}.`);
        const entryTag = new RegExp(
          `<script type="module"[^>]*src="([^"]*)${escapeRegExp(entry.fileName)}"[^>]*></script>`,
        );
        const found = entryTag.exec(html);
        if (!found) throw new Error(`index.html has no module script for ${entry.fileName}.`);
        const base = found[1] ?? '';
        const tag = `<script type="module" crossorigin src="${base}${early.fileName}"></script>`;
        return html.replace(found[0], `${tag}\n    ${found[0]}`);
      },
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
