/**
 * The only addresses the app will hand to the system browser. Anything else a
 * page tries to open is refused.
 */
export const EXTERNAL_LINK_ALLOW_LIST: readonly string[] = [
  'https://faq.usps.com/',
  'https://www.usps.com/help/',
  'https://www.usps.com/',
];

/** True when `url` is https and starts with an allowed prefix. */
export function isAllowedExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_LINK_ALLOW_LIST.some((prefix) => parsed.href.startsWith(prefix));
  } catch {
    return false;
  }
}
