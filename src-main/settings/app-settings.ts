import type { ServerUrlSource, SettingsView } from '../../src-shared/ipc/settings-contract';
import type { PolicyKey } from '../../src-shared/policy';
import { describePolicyIssue, type PolicyReadResult } from '../policy/read-policy';
import type { SettingsService } from './settings-service';

/** Raised when the user tries to change what the organization manages; `code` crosses IPC. */
export class SettingsRefusedError extends Error {
  override name = 'SettingsRefusedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Default lifetime of a remembered computer when the policy sets no cap (DESIGN.md §4). */
export const DEFAULT_TRUSTED_DEVICE_DAYS = 90;

/**
 * The user's settings seen through the organization's policy: what the
 * settings screen shows, and the one place that refuses a change to a
 * managed value. Other services ask it what policy allows.
 */
export class AppSettings {
  private restartNeeded = false;

  constructor(
    private readonly settings: SettingsService,
    private readonly policyResult: PolicyReadResult,
    private readonly apiInUse: { url: string; source: ServerUrlSource },
  ) {}

  /** The effective policy (read once at start). */
  get policy(): PolicyReadResult['policy'] {
    return this.policyResult.policy;
  }

  /** Whether "Remember this computer" may be offered, and for how many days at most. */
  rememberDevicePolicy(): { allowed: boolean; maxDays: number } {
    return {
      allowed: this.policy.allowRememberDevice ?? true,
      maxDays: Math.min(this.policy.trustedDeviceMaxDays ?? DEFAULT_TRUSTED_DEVICE_DAYS, DEFAULT_TRUSTED_DEVICE_DAYS),
    };
  }

  /**
   * What the sign-in flow asks at each sign-in: whether a device key may be
   * used or made, and the trust lifetime cap IT set (sent to the server, which
   * keeps the shorter of its own and this); no cap when policy sets none.
   */
  deviceTrustPolicy(): { allowed: boolean; maxDays?: number | undefined } {
    const { allowed } = this.rememberDevicePolicy();
    const maxDays = this.policy.trustedDeviceMaxDays;
    return maxDays === undefined ? { allowed } : { allowed, maxDays };
  }

  /** Keeps the user name of a completed sign-in, only if the user opted in. */
  rememberSignedInUser(username: string): void {
    try {
      this.settings.rememberUsername(username);
    } catch {
      // A user name the settings schema refuses is simply not remembered.
    }
  }

  /** Messages for the user: a reset settings file, policy values that were ignored. */
  notices(): string[] {
    const notices = this.policyResult.issues.map(describePolicyIssue);
    if (this.settings.notice) notices.unshift(this.settings.notice);
    return notices;
  }

  /** The settings screen's data. */
  view(): SettingsView {
    const stored = this.settings.get();
    const { policy } = this;
    return {
      serverUrl: {
        value: policy.apiUrl ?? stored.serverUrl ?? '',
        managed: policy.apiUrl !== undefined,
        inUse: this.apiInUse.url,
        inUseSource: this.apiInUse.source,
        restartNeeded: this.restartNeeded,
      },
      rememberUsername: stored.rememberUsername,
      rememberedUsername: stored.rememberUsername ? (stored.rememberedUsername ?? null) : null,
      rememberDevice: {
        allowed: this.rememberDevicePolicy().allowed,
        managed: policy.allowRememberDevice !== undefined || policy.trustedDeviceMaxDays !== undefined,
        maxDays: policy.trustedDeviceMaxDays ?? null,
      },
      support: { phone: policy.supportPhone ?? null, helpUrl: policy.helpUrl ?? null },
      managedKeys: Object.keys(policy) as PolicyKey[],
      notices: this.notices(),
    };
  }

  /** Applies the user's change; refuses one to a managed value. */
  update(change: { serverUrl?: string | undefined; rememberUsername?: boolean | undefined }): SettingsView {
    if (change.serverUrl !== undefined) {
      if (this.policy.apiUrl !== undefined) {
        throw new SettingsRefusedError(
          'MANAGED_BY_POLICY',
          'The server address is managed by your organization and cannot be changed here.',
        );
      }
      const next = change.serverUrl === '' ? undefined : change.serverUrl;
      if (next !== this.settings.get().serverUrl) {
        this.settings.update({ serverUrl: next });
        this.restartNeeded = (next ?? '') !== (this.apiInUse.source === 'settings' ? this.apiInUse.url : '');
      }
    }
    if (change.rememberUsername !== undefined) this.settings.update({ rememberUsername: change.rememberUsername });
    return this.view();
  }
}
