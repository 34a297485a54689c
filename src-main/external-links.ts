/**
 * The only addresses the app will hand to the system browser. Anything else a
 * page tries to open is refused.
 */
export const EXTERNAL_LINK_ALLOW_LIST: readonly string[] = [
  'https://faq.usps.com/',
  'https://www.usps.com/help/',
  'https://www.usps.com/',
];

/** Addresses added at start from IT policy (the help URL). */
const policyLinks: string[] = [];

/**
 * Adds the organization's help URL (IT policy `helpUrl`) at start, so its
 * link in the page footer opens in the system browser. Only https is taken;
 * a URL ending in "/" also allows the pages below it. False when refused.
 */
export function allowPolicyLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
    if (!policyLinks.includes(parsed.href)) policyLinks.push(parsed.href);
    return true;
  } catch {
    return false;
  }
}

/** True when `url` is https and starts with an allowed prefix (or is the policy's help URL). */
export function isAllowedExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return false;
    return (
      EXTERNAL_LINK_ALLOW_LIST.some((prefix) => parsed.href.startsWith(prefix)) ||
      policyLinks.some((link) => parsed.href === link || (link.endsWith('/') && parsed.href.startsWith(link)))
    );
  } catch {
    return false;
  }
}
