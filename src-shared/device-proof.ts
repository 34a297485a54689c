/**
 * The message a trusted device signs (Ed25519) to skip the passcode. It binds
 * the server's single-use nonce, the sign-in flow and the origin the client
 * itself connected to, so a signature made for a look-alike server, another
 * flow or an earlier nonce is worthless. Client and server both build it here,
 * byte for byte the same.
 */

/** Version tag: a change of layout gets a new tag instead of silently differing. */
export const DEVICE_PROOF_VERSION = 'cns-device-proof-v1';

/** `https://mfa.example.com:443/x` → `https://mfa.example.com` (scheme, host, non-default port, lower case). */
export function canonicalOrigin(url: string): string {
  return new URL(url).origin.toLowerCase();
}

/** The exact text to sign, as UTF-8 bytes; fields are newline-separated and none may contain a newline. */
export function deviceProofMessage(input: { origin: string; flowId: string; nonce: string }): Uint8Array {
  const origin = canonicalOrigin(input.origin);
  for (const part of [input.flowId, input.nonce]) {
    if (/[\r\n]/.test(part)) throw new Error('Device proof fields may not contain line breaks.');
  }
  return new TextEncoder().encode([DEVICE_PROOF_VERSION, origin, input.flowId, input.nonce].join('\n'));
}
