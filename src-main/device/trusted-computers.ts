import type { SecurityInfo, TrustedComputer } from '../../src-shared/ipc-contract';
import type { ApiClient } from '../api/api-client';
import type { AuthFlow } from '../auth/auth-flow';
import { ApiError } from '../api/api-error';
import type { DeviceKeys } from './device-keys';

/**
 * The account menu's Trusted computers and Security panels. Calls go out with
 * the session held by the AuthFlow; revoking this very computer also deletes
 * its key here, so it is not offered to the server again.
 */
export class TrustedComputers {
  constructor(
    private readonly api: ApiClient,
    private readonly authFlow: AuthFlow,
    private readonly deviceKeys: DeviceKeys,
  ) {}

  async list(): Promise<TrustedComputer[]> {
    const devices = await this.authFlow.withSession((token) => this.api.devices(token));
    const own = await this.ownDeviceId();
    return devices.map((d) => ({ ...d, isThisComputer: d.id === own }));
  }

  async rename(id: string, name: string): Promise<TrustedComputer[]> {
    await this.authFlow.withSession((token) => this.api.renameDevice(token, id, name));
    return this.list();
  }

  async revoke(id: string): Promise<TrustedComputer[]> {
    await this.authFlow.withSession((token) => this.api.revokeDevice(token, id));
    const username = this.authFlow.currentUsername();
    if (username && id === (await this.ownDeviceId())) await this.deviceKeys.forget(this.api.origin, username);
    return this.list();
  }

  async security(): Promise<SecurityInfo> {
    const me = await this.authFlow.withSession((token) => this.api.me(token));
    return { username: me.username, email: me.email, phone: me.phone, mfaMethod: me.mfaMethod };
  }

  private async ownDeviceId(): Promise<string | undefined> {
    const username = this.authFlow.currentUsername();
    if (!username) throw new ApiError('NOT_SIGNED_IN', 'Please log in first.');
    return this.deviceKeys.deviceId(this.api.origin, username).catch(() => undefined);
  }
}
