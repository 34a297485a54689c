/** The browser for the Chromium journeys and the renderer benchmarks; `bundled` means Playwright's own. */
const chromiumPath = process.env.CNS_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How Chromium is started on this machine (DESIGN.md §6), in one place for
 * the end-to-end project and bench/renderer: root needs no sandbox, there is
 * no GPU, and on a closed network background requests only fail.
 */
export const chromiumLaunchOptions = {
  executablePath: chromiumPath === 'bundled' ? undefined : chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
