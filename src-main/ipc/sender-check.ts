/** What the sender check needs to know about an IPC call's origin. */
export interface SenderInfo {
  /** URL of the frame that sent the message (`event.senderFrame.url`). */
  frameUrl: string | undefined;
  /** `event.sender.id`, the WebContents that sent it. */
  webContentsId: number;
}

/** The origin the app's own pages are served from (custom protocol, not file://). */
export const APP_ORIGIN = 'app://renderer';

/**
 * True only for a window this app created, showing this app's own page. A
 * frame navigated elsewhere, a subframe from another origin or a foreign
 * WebContents gets no answer from any handler.
 */
export function isTrustedSender(sender: SenderInfo, ownWebContents: ReadonlySet<number>): boolean {
  if (!ownWebContents.has(sender.webContentsId) || !sender.frameUrl) return false;
  try {
    const url = new URL(sender.frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
