import type { CnsApi } from '../src-shared/ipc-contract';

declare global {
  interface Window {
    /** Defined by the preload (or the test bridge); read only through this module. */
    cns?: CnsApi;
  }
}

/**
 * The renderer's only door to the main process. Screens and stores import
 * this, never `window.cns`, so the surface stays in one place.
 */
export function bridge(): CnsApi {
  if (!window.cns) throw new Error('The app bridge is missing: this page must run inside Click-N-Ship.');
  return window.cns;
}
