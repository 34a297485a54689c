/**
 * Secrets in the OS keychain (keytar: macOS Keychain, Windows Credential
 * Manager, Secret Service on Linux). One service name for the app; entries are
 * keyed by server origin and account so two servers never share a secret.
 */

/** The part of keytar the vault uses; tests may pass the real module or another backend. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Whether the keychain can be used, and if not, why in words a user understands. */
export type VaultStatus = { available: true } | { available: false; reason: string };

/** Kinds of secret the app keeps. */
export type SecretKind = 'session' | 'device-key';

/** The service name every entry is stored under (a test passes its own to stay apart). */
export const DEFAULT_VAULT_SERVICE = 'Click-N-Ship Desktop';

/** Loads keytar lazily: a missing native module is a status, not a crash at start. */
export async function loadKeytar(): Promise<KeychainBackend> {
  const module = (await import('keytar')) as unknown as KeychainBackend & { default?: KeychainBackend };
  return module.default ?? module;
}

/** The keychain entry name for a secret of one account on one server. */
export function vaultAccount(kind: SecretKind, serverOrigin: string, username: string): string {
  return `${kind}|${serverOrigin}|${username}`;
}

/** Stores, reads and deletes secrets; knows whether the keychain works at all. */
export class SecretVault {
  private status: VaultStatus | undefined;

  constructor(
    private readonly backend: () => Promise<KeychainBackend>,
    readonly service: string = DEFAULT_VAULT_SERVICE,
  ) {}

  /**
   * Writes, reads back and deletes a probe entry. A locked keyring makes reads
   * return null without an error, so only a round trip tells the truth.
   */
  async probe(): Promise<VaultStatus> {
    const account = `probe|${process.pid}|${Date.now()}`;
    const value = `probe-${Math.random().toString(36).slice(2)}`;
    try {
      const keychain = await this.backend();
      await keychain.setPassword(this.service, account, value);
      const read = await keychain.getPassword(this.service, account);
      await keychain.deletePassword(this.service, account);
      this.status =
        read === value
          ? { available: true }
          : { available: false, reason: 'The system keychain is locked, so this computer cannot be remembered.' };
    } catch (error) {
      this.status = { available: false, reason: describeKeychainError(error) };
    }
    return this.status;
  }

  /** The last probe's answer, probing once if needed. */
  async ensureStatus(): Promise<VaultStatus> {
    return this.status ?? this.probe();
  }

  async set(account: string, secret: string): Promise<void> {
    const keychain = await this.usable();
    await keychain.setPassword(this.service, account, secret);
  }

  async get(account: string): Promise<string | null> {
    const keychain = await this.usable();
    return keychain.getPassword(this.service, account);
  }

  async delete(account: string): Promise<void> {
    const keychain = await this.usable();
    await keychain.deletePassword(this.service, account);
  }

  /** The entry names this app's service holds (no secrets), to find a session kept at the last launch. */
  async accounts(): Promise<string[]> {
    const keychain = await this.usable();
    return (await keychain.findCredentials(this.service)).map((c) => c.account);
  }

  private async usable(): Promise<KeychainBackend> {
    const status = await this.ensureStatus();
    if (!status.available) throw new VaultUnavailableError(status.reason);
    return this.backend();
  }
}

/** Raised when a secret must be stored but the keychain cannot be used. */
export class VaultUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'VaultUnavailableError';
  }
}

function describeKeychainError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/Cannot find module|did not self-register|NODE_MODULE_VERSION/i.test(text)) {
    return 'The keychain component of this app is missing or broken, so this computer cannot be remembered.';
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|secret service|d-?bus|autolaunch|Could not connect/i.test(text)) {
    return 'No keychain service (Secret Service) is running on this computer, so it cannot be remembered.';
  }
  if (/denied|not allowed|cancel/i.test(text)) {
    return 'Access to the system keychain was denied, so this computer cannot be remembered.';
  }
  return 'The system keychain could not be used, so this computer cannot be remembered.';
}
