/** The browser for the Chromium journeys and the renderer benchmarks; `bundled` means Playwright's own. */
const chromiumPath = process.env.CNS_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium runs headless as the whole browser, and for every new
 * window it loads its two omnibox popups (chrome://omnibox-popup.top-chrome,
 * WebUI pages) into a renderer of their own: 400–700 ms of CPU per window,
 * traced, on a two-core machine, while the page under test loads. Neither
 * Electron's window nor Playwright's own headless shell has an omnibox, so
 * the tests and benchmarks turn those popups off. bench/renderer prints Log In
 * with them on as well, the way rounds 1–12 measured it.
 */
export const OMNIBOX_POPUPS_OFF = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup';

/**
 * How Chromium is started on this machine (DESIGN.md §6), in one place for
 * the end-to-end project and bench/renderer: root needs no sandbox, there is
 * no GPU, on a closed network background requests only fail, and the
 * browser's own omnibox is not loaded beside the page.
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
    OMNIBOX_POPUPS_OFF,
  ],
};
