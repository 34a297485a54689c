/** The scheme the "return to the app" page of an email link may open. */
export const APP_PROTOCOL = 'clicknship';

/** True when one of a second instance's arguments (or an open-url) is a clicknship:// link. */
export function findDeepLink(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${APP_PROTOCOL}://`));
}

/**
 * What a clicknship:// link does: bring the window forward and ask the server
 * whether the flow moved on. The link's contents are never read: anyone can
 * craft such a link, so it carries no data the app would trust.
 */
export function handleDeepLink(actions: { focusWindow: () => void; poll: () => Promise<unknown> }): Promise<void> {
  actions.focusWindow();
  return actions.poll().then(
    () => undefined,
    () => undefined,
  );
}
