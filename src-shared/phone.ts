/**
 * US phone numbers as people type them, turned into E.164. The server stores
 * only E.164 (so SMS caps count one number once however it was written) and
 * the client uses the same rule so its form never accepts what the server
 * would refuse.
 */

/**
 * `(202) 555-0123`, `202-555-0123`, `202 555 0123`, `2025550123`, `+1 202 555 0123`
 * or `1-202-555-0123` → `+12025550123`; anything else → `null`.
 * Area code and exchange must not start with 0 or 1 (NANP), so typos are caught early.
 */
export function normalizeUsPhone(raw: string): string | null {
  if (raw.length > 32) return null;
  const trimmed = raw.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    if (!digits.startsWith('1') || digits.length !== 11) return null;
    digits = digits.slice(1);
  } else if (digits.length === 11 && digits.startsWith('1')) {
    digits = digits.slice(1);
  }
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  return `+1${digits}`;
}

/** True when the value is already a US number in E.164, as stored. */
export function isUsE164(value: string): boolean {
  return /^\+1[2-9]\d{2}[2-9]\d{6}$/.test(value);
}
