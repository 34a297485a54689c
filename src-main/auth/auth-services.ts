import { ApiClient } from '../api/api-client';
import { DeviceKeys } from '../device/device-keys';
import { TrustedComputers } from '../device/trusted-computers';
import type { SecretVault } from '../vault/secret-vault';
import { AccountHelp } from './account-help';
import { AuthFlow, type DevicePolicy } from './auth-flow';

/** The sign-in side of the main process, wired once (main.ts, tests and the e2e bridge build it alike). */
export interface AuthServices {
  api: ApiClient;
  vault: SecretVault;
  deviceKeys: DeviceKeys;
  authFlow: AuthFlow;
  accountHelp: AccountHelp;
  trustedComputers: TrustedComputers;
}

/**
 * Builds the sign-in services over one server URL and one keychain. A "full
 * restart" of the main process is a new call with the same vault service.
 */
export function createAuthServices(options: {
  apiUrl: string;
  vault: SecretVault;
  deviceName?: () => string;
  timeoutMs?: number;
  /** IT policy on remembered computers (AppSettings.deviceTrustPolicy); allowed when absent. */
  devicePolicy?: DevicePolicy;
}): AuthServices {
  const api = new ApiClient(options.apiUrl, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  const deviceKeys = new DeviceKeys(options.vault, options.deviceName);
  const authFlow = new AuthFlow(api, options.vault, deviceKeys, options.devicePolicy);
  return {
    api,
    vault: options.vault,
    deviceKeys,
    authFlow,
    accountHelp: new AccountHelp(api),
    trustedComputers: new TrustedComputers(api, authFlow, deviceKeys),
  };
}
