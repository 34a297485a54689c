import { isAllowedExternalLink } from './external-links';

/** What Electron passes to navigation listeners; only `preventDefault` matters here. */
export interface Preventable {
  preventDefault(): void;
}

/**
 * Refuses every in-window navigation and webview: the app's page never leaves
 * app://renderer, so a link or script cannot turn the window (and its
 * preload API) over to another site.
 */
export function refuseNavigation(event: Preventable): void {
  event.preventDefault();
}

/**
 * The window-open handler: never a new app window; allow-listed https
 * addresses (help, FAQs) go to the system browser, anything else nowhere.
 */
export function windowOpenHandler(
  openExternal: (url: string) => void,
): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    if (isAllowedExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  };
}
