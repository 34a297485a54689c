import { z } from 'zod';

/*
 * Managed settings ("policy") that a company's IT sets for every user of a
 * machine. One schema per key, so a bad value is refused key by key: the other
 * keys of the same source still apply and the app never stops over a typo.
 */

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * A Click-N-Ship API server address: https anywhere, plain http only on this
 * computer (the embedded and test servers), never credentials or a fragment.
 */
export const serverUrlSchema = z
  .string({ error: 'Enter the server address.' })
  .trim()
  .min(1, 'Enter the server address.')
  .max(2048, 'The server address is too long.')
  .superRefine((raw, ctx) => {
    if (!URL.canParse(raw)) {
      ctx.addIssue({
        code: 'custom',
        message: 'The server address is not a valid URL (example: https://ship.example.com).',
      });
      return;
    }
    const url = new URL(raw);
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
      ctx.addIssue({
        code: 'custom',
        message: 'The server address must start with https:// (plain http only for this computer).',
      });
    } else if (url.username || url.password || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message: 'The server address must not contain a user name, password or #fragment.',
      });
    }
  })
  .transform((raw) => raw.replace(/\/+$/, ''));

/** An https address IT points the app at (updates, help pages). */
export const httpsUrlSchema = z
  .string()
  .trim()
  .max(2048, 'The address is too long.')
  .refine(
    (raw) => URL.canParse(raw) && new URL(raw).protocol === 'https:',
    'The address must be a valid https:// URL.',
  );

/** Each policy key and the rule its value must meet. */
export const policyKeySchemas = {
  /** The API server every user of this machine signs in to. */
  apiUrl: serverUrlSchema,
  /** false hides "Remember this computer": every sign-in asks for a passcode. */
  allowRememberDevice: z.boolean({ error: 'Must be true or false.' }),
  /** Upper bound on how long a remembered computer stays trusted. */
  trustedDeviceMaxDays: z
    .number({ error: 'Must be a whole number of days.' })
    .int('Must be a whole number of days.')
    .min(1, 'Must be at least 1 day.')
    .max(365, 'Must be at most 365 days.'),
  /** The generic update feed (a folder with latest.yml / latest-mac.yml / latest-linux.yml). */
  updateUrl: httpsUrlSchema,
  /** true turns every update check off; IT ships new versions itself. */
  updatesDisabled: z.boolean({ error: 'Must be true or false.' }),
  /** The help-desk number shown to users instead of Customer Care. */
  supportPhone: z
    .string({ error: 'Must be text.' })
    .trim()
    .min(3, 'Too short for a phone number.')
    .max(40, 'Too long for a phone number.')
    .regex(/^[0-9+() .\-x]+$/i, 'Only digits, spaces and + ( ) - . x are allowed.'),
  /** The company's own help page. */
  helpUrl: httpsUrlSchema,
} as const;

/** Name of a policy key. */
export type PolicyKey = keyof typeof policyKeySchemas;

/** Every policy key, in the order the documentation and the settings screen list them. */
export const POLICY_KEYS = Object.keys(policyKeySchemas) as PolicyKey[];

/** The effective policy: only keys some source set to a valid value are present. */
export type Policy = { [K in PolicyKey]?: z.output<(typeof policyKeySchemas)[K]> };

/** Boolean keys: the registry and plist sources store them as 0/1 numbers. */
export const BOOLEAN_POLICY_KEYS: ReadonlySet<PolicyKey> = new Set(['allowRememberDevice', 'updatesDisabled']);

/** True when `key` names a policy key (registry and plist keys match case-insensitively). */
export function findPolicyKey(name: string): PolicyKey | undefined {
  const lower = name.toLowerCase();
  return POLICY_KEYS.find((key) => key.toLowerCase() === lower);
}
