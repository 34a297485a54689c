import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Device } from '../../src-shared/api-schemas';
import { deviceProofMessage } from '../../src-shared/device-proof';
import type { Database, DeviceChallengesTable, TrustedDevicesTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { randomToken } from './secrets';

const DAY_MS = 24 * 60 * 60 * 1000;

function importKey(rawBase64url: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: rawBase64url }, format: 'jwk' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** How the device list shows a device. */
export function toDevice(row: TrustedDevicesTable): Device {
  return {
    id: row.id,
    name: row.name,
    createdAt: iso(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
  };
}

/**
 * Trusted devices: an Ed25519 public key registered after MFA, answered later
 * by signing a single-use nonce bound to the flow and the server origin.
 * Trust expires, can be renamed, listed and revoked.
 */
export class DeviceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /**
   * Registers this computer's public key for the user; a key that is not
   * Ed25519 is a 400. The trust lasts the server's lifetime, or `maxDays`
   * when the client's organization set a shorter cap (never longer).
   */
  async register(userId: string, publicKey: string, name: string, maxDays?: number): Promise<TrustedDevicesTable> {
    if (!importKey(publicKey)) {
      throw new HttpError(400, 'DEVICE_KEY_INVALID', 'The device key is not a valid Ed25519 public key.');
    }
    const now = this.clock.now();
    const row: TrustedDevicesTable = {
      id: randomToken(16),
      user_id: userId,
      name,
      public_key: publicKey,
      created_at: now,
      last_used_at: null,
      expires_at: now + Math.min(this.policy.deviceTrustMs, maxDays === undefined ? Infinity : maxDays * DAY_MS),
      revoked_at: null,
    };
    await this.db.insertInto('trusted_devices').values(row).execute();
    return row;
  }

  /**
   * The device if it may be used by this user now; otherwise 410
   * `DEVICE_REVOKED` (revoked, unknown or someone else's) or `DEVICE_EXPIRED`,
   * so the client forgets its key and signs in with a passcode.
   */
  async requireUsable(userId: string, deviceId: string): Promise<TrustedDevicesTable> {
    const row = await this.db.selectFrom('trusted_devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
    if (!row || row.user_id !== userId || row.revoked_at !== null) {
      throw new HttpError(
        410,
        'DEVICE_REVOKED',
        'This computer is no longer remembered for your account. Please log in with a passcode.',
      );
    }
    if (row.expires_at <= this.clock.now()) {
      throw new HttpError(
        410,
        'DEVICE_EXPIRED',
        'The trust for this computer has expired. Please log in with a passcode.',
      );
    }
    return row;
  }

  /** A fresh single-use nonce for the flow, valid as long as the flow. */
  async challenge(flowId: string, deviceId: string, expiresAt: number): Promise<DeviceChallengesTable> {
    const row: DeviceChallengesTable = {
      id: randomUUID(),
      flow_id: flowId,
      device_id: deviceId,
      nonce: randomToken(32),
      created_at: this.clock.now(),
      expires_at: expiresAt,
      used_at: null,
    };
    await this.db.insertInto('device_challenges').values(row).execute();
    return row;
  }

  /**
   * Checks the signature over the flow's nonce for one of the server's own
   * origins, and burns the nonce whatever the outcome, so a request can be
   * tried once only.
   */
  async verifyProof(input: {
    userId: string;
    flowId: string;
    deviceId: string;
    signature: string;
    origins: readonly string[];
  }): Promise<TrustedDevicesTable> {
    const now = this.clock.now();
    const challenge = await this.db
      .selectFrom('device_challenges')
      .selectAll()
      .where('flow_id', '=', input.flowId)
      .where('device_id', '=', input.deviceId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!challenge) {
      throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'This sign-in did not ask this computer for a proof.');
    }
    const burned = await this.db
      .updateTable('device_challenges')
      .set({ used_at: now })
      .where('id', '=', challenge.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(burned.numUpdatedRows) !== 1 || challenge.expires_at <= now) {
      throw new HttpError(410, 'CHALLENGE_USED', 'This sign-in challenge was already used. Please log in again.');
    }
    const device = await this.requireUsable(input.userId, input.deviceId);
    const key = importKey(device.public_key);
    const signature = Buffer.from(input.signature, 'base64url');
    const valid =
      key !== null &&
      signature.length === 64 &&
      input.origins.some((origin) =>
        verify(null, deviceProofMessage({ origin, flowId: input.flowId, nonce: challenge.nonce }), key, signature),
      );
    if (!valid) {
      throw new HttpError(
        401,
        'DEVICE_SIGNATURE_INVALID',
        'This computer could not prove it is remembered. Please log in again with a passcode.',
      );
    }
    await this.db.updateTable('trusted_devices').set({ last_used_at: now }).where('id', '=', device.id).execute();
    return device;
  }

  /** The user's devices still trusted now, newest first. */
  async listActive(userId: string): Promise<TrustedDevicesTable[]> {
    return this.db
      .selectFrom('trusted_devices')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.clock.now())
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Renames one of the user's devices; another user's device is a 404 like a missing one. */
  async rename(userId: string, deviceId: string, name: string): Promise<TrustedDevicesTable> {
    const row = await this.requireOwnActive(userId, deviceId);
    await this.db.updateTable('trusted_devices').set({ name }).where('id', '=', row.id).execute();
    return { ...row, name };
  }

  /** Revokes one of the user's devices. */
  async revoke(userId: string, deviceId: string): Promise<void> {
    const row = await this.requireOwnActive(userId, deviceId);
    await this.db
      .updateTable('trusted_devices')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', row.id)
      .execute();
  }

  /** Revokes every device of the user (password change, MFA reset); returns how many. */
  async revokeAll(userId: string): Promise<number> {
    const result = await this.db
      .updateTable('trusted_devices')
      .set({ revoked_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  private async requireOwnActive(userId: string, deviceId: string): Promise<TrustedDevicesTable> {
    const row = await this.db
      .selectFrom('trusted_devices')
      .selectAll()
      .where('id', '=', deviceId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'DEVICE_NOT_FOUND', 'That computer is not on your list of remembered devices.');
    return row;
  }
}
