import { randomBytes } from 'node:crypto';
import { loadKeytar, SecretVault } from '../../src-main/vault/secret-vault';

/**
 * A vault on the real keychain (gnome-keyring via keytar) under a service name
 * of its own, so parallel tests never see each other's entries.
 */
export function testVault(): SecretVault {
  return new SecretVault(loadKeytar, `Click-N-Ship Desktop test ${randomBytes(4).toString('hex')}`);
}

/** Every entry the vault's service holds in the real keychain. */
export async function keychainEntries(vault: SecretVault): Promise<Array<{ account: string; password: string }>> {
  const keytar = await loadKeytar();
  return keytar.findCredentials(vault.service);
}

/** Removes every entry of the vault's service. */
export async function clearKeychain(vault: SecretVault): Promise<void> {
  const keytar = await loadKeytar();
  for (const entry of await keytar.findCredentials(vault.service))
    await keytar.deletePassword(vault.service, entry.account);
}
