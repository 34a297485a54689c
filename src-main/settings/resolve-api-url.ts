import type { Policy } from '../../src-shared/policy';
import type { Settings } from './settings-schema';

/** Where the API URL in use came from. */
export type ApiUrlSource = 'policy' | 'settings' | 'environment' | 'embedded';

/**
 * The API server the app talks to: IT policy, then the user's setting, then
 * the CNS_API_URL environment variable (developers), else the embedded server
 * (`url` undefined). A policy value always wins, so a user cannot point a
 * managed computer at another server.
 */
export function resolveApiUrl(input: { policy: Policy; settings: Settings; env: Record<string, string | undefined> }): {
  url: string | undefined;
  source: ApiUrlSource;
} {
  if (input.policy.apiUrl) return { url: input.policy.apiUrl, source: 'policy' };
  if (input.settings.serverUrl) return { url: input.settings.serverUrl, source: 'settings' };
  if (input.env.CNS_API_URL) return { url: input.env.CNS_API_URL, source: 'environment' };
  return { url: undefined, source: 'embedded' };
}
