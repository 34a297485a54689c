import { z } from 'zod';
import { serverUrlSchema, type PolicyKey } from '../policy';

/** Where the server address in use came from (policy beats the user's choice). */
export type ServerUrlSource = 'policy' | 'settings' | 'environment' | 'embedded';

/**
 * What the settings screen shows. A `managed` value was set by the user's
 * organization: the screen shows it locked with "Managed by your organization".
 */
export interface SettingsView {
  serverUrl: {
    /** The value the field shows: the policy's when managed, else the user's ('' = default). */
    value: string;
    managed: boolean;
    /** The server this running app talks to, and why. */
    inUse: string;
    inUseSource: ServerUrlSource;
    /** True after the user changed it: it takes effect at the next start. */
    restartNeeded: boolean;
  };
  rememberUsername: boolean;
  /** The user name kept for the Log In form (only when the user opted in). */
  rememberedUsername: string | null;
  rememberDevice: { allowed: boolean; managed: boolean; maxDays: number | null };
  support: { phone: string | null; helpUrl: string | null };
  /** Every policy key the organization set. */
  managedKeys: PolicyKey[];
  /** Things the user should know: a reset settings file, an unusable policy value. */
  notices: string[];
}

/** A server address, or '' for the default server; the address rule's own message on error. */
const serverUrlOrDefaultSchema = z.string({ error: 'Enter the server address.' }).transform((raw, ctx) => {
  if (raw.trim() === '') return '';
  const parsed = serverUrlSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
});

/** Request schemas of the settings channels. */
export const settingsRequestSchemas = {
  'settings:get': z.undefined(),
  'settings:update': z
    .object({
      /** '' goes back to the default server. */
      serverUrl: serverUrlOrDefaultSchema.optional(),
      rememberUsername: z.boolean({ error: 'Choose yes or no.' }).optional(),
    })
    .strict(),
};

/** Answer types of the settings channels. */
export interface SettingsResponses {
  'settings:get': SettingsView;
  'settings:update': SettingsView;
}
