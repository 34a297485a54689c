import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Random values and their at-rest forms. Tokens are stored as SHA-256 (they
 * are long and random, so a plain hash suffices); passcodes are short, so they
 * are stored as HMAC-SHA256 under a server key that is not in the database row.
 */

/** An opaque 256-bit token, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, hex, for storage and lookup. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A 6-digit passcode from the CSPRNG, uniformly distributed, leading zeros kept. */
export function generatePasscode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** HMAC-SHA256 of a passcode bound to its flow, so a code is useless in another flow. */
export function hmacPasscode(key: Buffer, flowId: string, code: string): string {
  return createHmac('sha256', key).update(`${flowId}:${code}`).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
