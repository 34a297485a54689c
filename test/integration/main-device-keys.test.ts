import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceKeys, defaultDeviceName } from '../../src-main/device/device-keys';
import { loadKeytar, SecretVault, vaultAccount } from '../../src-main/vault/secret-vault';
import { deviceProofMessage } from '../../src-shared/device-proof';
import { devicePublicKeySchema, deviceSignatureSchema } from '../../src-shared/api-schemas';
import { clearKeychain, keychainEntries, testVault } from '../helpers/test-vault';

const ORIGIN = 'http://127.0.0.1:4780';

function publicKeyFromRaw(raw: string) {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

describe('device keys in the real keychain', () => {
  let vault: SecretVault | undefined;
  afterEach(async () => {
    if (vault) await clearKeychain(vault);
  });

  it('keeps only the private key in the keychain and signs the device proof the server can verify', async () => {
    vault = testVault();
    const keys = new DeviceKeys(vault);
    const pending = keys.create();
    expect(devicePublicKeySchema.safeParse(pending.publicKey).success).toBe(true);
    expect(pending.name).toBe(defaultDeviceName());

    expect(await keys.deviceId(ORIGIN, 'demo')).toBeUndefined();
    await keys.save(ORIGIN, 'demo', 'dev_0123456789abcdef', pending);
    const entries = await keychainEntries(vault);
    expect(entries.map((e) => e.account)).toEqual([vaultAccount('device-key', ORIGIN, 'demo')]);
    expect(entries[0]?.password).toContain('dev_0123456789abcdef');

    // A new vault and key store over the same keychain service find it (a restart of the app).
    const afterRestart = new DeviceKeys(new SecretVault(loadKeytar, vault.service));
    expect(await afterRestart.deviceId(ORIGIN, 'demo')).toBe('dev_0123456789abcdef');
    const message = deviceProofMessage({ origin: ORIGIN, flowId: 'flow_0123456789abcdef', nonce: 'n0nce' });
    const signature = await afterRestart.sign(ORIGIN, 'demo', message);
    expect(deviceSignatureSchema.safeParse(signature).success).toBe(true);
    const sig = Buffer.from(signature ?? '', 'base64url');
    expect(verify(null, message, publicKeyFromRaw(pending.publicKey), sig)).toBe(true);
    const otherOrigin = deviceProofMessage({
      origin: 'http://evil.test',
      flowId: 'flow_0123456789abcdef',
      nonce: 'n0nce',
    });
    expect(verify(null, otherOrigin, publicKeyFromRaw(pending.publicKey), sig)).toBe(false);

    // Another user or server has no key.
    expect(await afterRestart.deviceId(ORIGIN, 'Demo')).toBeUndefined();
    expect(await afterRestart.deviceId('http://127.0.0.1:9999', 'demo')).toBeUndefined();

    await afterRestart.forget(ORIGIN, 'demo');
    expect(await keychainEntries(vault)).toEqual([]);
    expect(await keys.sign(ORIGIN, 'demo', message)).toBeUndefined();
  });

  it('reports a missing Secret Service with a clear reason (real keytar, no D-Bus session)', () => {
    const script = `
      import { loadKeytar, SecretVault } from './src-main/vault/secret-vault.ts';
      const vault = new SecretVault(loadKeytar, 'Click-N-Ship Desktop probe test');
      const status = await vault.probe();
      let stored = 'stored';
      try { await vault.set('session|x|y', 'secret'); } catch (e) { stored = e.name + ': ' + e.message; }
      process.stdout.write(JSON.stringify({ status, stored }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cns-bus' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      status: {
        available: false,
        reason: 'No keychain service (Secret Service) is running on this computer, so it cannot be remembered.',
      },
      stored:
        'VaultUnavailableError: No keychain service (Secret Service) is running on this computer, so it cannot be remembered.',
    });
  });
});
