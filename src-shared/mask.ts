/**
 * Masking for display: the renderer may show where a code went, but never the
 * full address or number.
 */

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+12025550123` → `(***) ***-0123`; other lengths keep only the last 4 digits. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const last4 = digits.slice(-4).padStart(4, '*');
  return `(***) ***-${last4}`;
}
