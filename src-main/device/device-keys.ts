import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { hostname, type as osType } from 'node:os';
import { vaultAccount, type SecretVault } from '../vault/secret-vault';

/** What the keychain keeps for a remembered computer: the id the server gave it and its private key. */
interface StoredDevice {
  deviceId: string;
  /** PKCS#8 DER, base64. Never leaves the main process. */
  privateKey: string;
}

/** A key pair made for registration; the private half is stored only once the server accepts the public half. */
export interface PendingDeviceKey {
  /** Raw 32-byte Ed25519 public key, base64url (what the server stores). */
  publicKey: string;
  /** The name people see in Trusted computers. */
  name: string;
  privateKeyDer: string;
}

/** Friendly OS names for the device name (computer name + OS). */
function osName(): string {
  switch (osType()) {
    case 'Darwin':
      return 'macOS';
    case 'Windows_NT':
      return 'Windows';
    case 'Linux':
      return 'Linux';
    default:
      return osType();
  }
}

/** The name a remembered computer gets: what the user sees in Trusted computers. */
export function defaultDeviceName(): string {
  return `${hostname()} (${osName()})`.slice(0, 64);
}

/**
 * Ed25519 keys of remembered computers, one per server and user. The private
 * key is kept only in the keychain (SecretVault); the server keeps the public
 * half and the device id, which is stored with the key.
 */
export class DeviceKeys {
  constructor(
    private readonly vault: SecretVault,
    private readonly nameOf: () => string = defaultDeviceName,
  ) {}

  /** A new key pair for registration; nothing is stored yet. */
  create(): PendingDeviceKey {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    return {
      publicKey: String(jwk.x),
      name: this.nameOf(),
      privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    };
  }

  /** Keeps the private key in the keychain under the id the server assigned. */
  async save(serverOrigin: string, username: string, deviceId: string, key: PendingDeviceKey): Promise<void> {
    const stored: StoredDevice = { deviceId, privateKey: key.privateKeyDer };
    await this.vault.set(vaultAccount('device-key', serverOrigin, username), JSON.stringify(stored));
  }

  /** The remembered device id for this server and user, if the keychain has one and works. */
  async deviceId(serverOrigin: string, username: string): Promise<string | undefined> {
    return (await this.load(serverOrigin, username))?.deviceId;
  }

  /** Signs `message` with the remembered key; undefined if there is none. */
  async sign(serverOrigin: string, username: string, message: Uint8Array): Promise<string | undefined> {
    const stored = await this.load(serverOrigin, username);
    if (!stored) return undefined;
    const key = createPrivateKey({ key: Buffer.from(stored.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    return sign(null, message, key).toString('base64url');
  }

  /** Deletes the local key (the server said the trust is revoked or expired, or the user revoked it). */
  async forget(serverOrigin: string, username: string): Promise<void> {
    const status = await this.vault.ensureStatus();
    if (status.available) await this.vault.delete(vaultAccount('device-key', serverOrigin, username));
  }

  private async load(serverOrigin: string, username: string): Promise<StoredDevice | undefined> {
    const status = await this.vault.ensureStatus();
    if (!status.available) return undefined;
    const raw = await this.vault.get(vaultAccount('device-key', serverOrigin, username));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredDevice>;
      if (typeof parsed.deviceId === 'string' && typeof parsed.privateKey === 'string') {
        return { deviceId: parsed.deviceId, privateKey: parsed.privateKey };
      }
    } catch {
      // A damaged entry is as good as none; it is replaced at the next "Remember this computer".
    }
    return undefined;
  }
}
