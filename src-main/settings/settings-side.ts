import { allowPolicyLink } from '../external-links';
import { describePolicyIssue, readPolicy, type PolicyReadResult } from '../policy/read-policy';
import type { PolicyIo, PolicyLocations } from '../policy/policy-sources';
import { AppSettings } from './app-settings';
import { resolveApiUrl } from './resolve-api-url';
import { SettingsService, type KeyValueFileFactory } from './settings-service';

/** What the start-up needs to read policy and settings; main.ts and the e2e harness pass the same shape. */
export interface SettingsSideOptions {
  /** The app's userData folder (a temp folder in tests). */
  settingsDir: string;
  fileFactory: KeyValueFileFactory;
  policyLocations: PolicyLocations;
  policyIo: PolicyIo;
  env: Record<string, string | undefined>;
  log: (message: string) => void;
  /** Starts the embedded server when nothing names a server; returns its URL. */
  startEmbeddedServer: () => Promise<string>;
}

/** Policy, settings and the API URL chosen from them, ready for the handlers. */
export interface SettingsSide {
  policy: PolicyReadResult;
  settings: SettingsService;
  appSettings: AppSettings;
  /** The API server this run talks to. */
  apiUrl: string;
}

/**
 * The start-up order of DESIGN.md: read IT policy (problems logged, never
 * fatal), open the user's settings (a damaged file is reset), then pick the
 * API server: policy > settings > CNS_API_URL > embedded. One function so the
 * app and its end-to-end tests cannot choose the server differently.
 */
export async function startSettingsSide(options: SettingsSideOptions): Promise<SettingsSide> {
  const policy = await readPolicy(options.policyLocations, options.policyIo);
  for (const issue of policy.issues) options.log(describePolicyIssue(issue));
  // The organization's help pages open in the system browser like the FAQs (https only).
  if (policy.policy.helpUrl && !allowPolicyLink(policy.policy.helpUrl)) {
    options.log(`The policy's helpUrl was not added to the allowed links (https only).`);
  }
  const settings = SettingsService.open(options.fileFactory, { dir: options.settingsDir, log: options.log });
  const resolved = resolveApiUrl({ policy: policy.policy, settings: settings.get(), env: options.env });
  const apiUrl = resolved.url ?? (await options.startEmbeddedServer());
  const appSettings = new AppSettings(settings, policy, { url: apiUrl, source: resolved.source });
  return { policy, settings, appSettings, apiUrl };
}
