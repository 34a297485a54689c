import { z } from 'zod';

/**
 * Field rules shared by the server, the main process and the renderer's forms,
 * so a value the form accepts is never refused later for a different reason.
 */

/** User names are case-sensitive and kept exactly as typed (no trimming of inner text). */
export const usernameSchema = z
  .string({ error: 'Enter your user name.' })
  .min(1, 'Enter your user name.')
  .max(64, 'A user name has at most 64 characters.');

/** Passwords are case-sensitive; the cap keeps hashing cost bounded. */
export const passwordSchema = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(256, 'A password has at most 256 characters.');

/** Accepts what people paste ("123 456", "123-456") and yields the 6 digits. */
export const otpCodeSchema = z
  .string({ error: 'Enter the 6-digit passcode.' })
  .max(32, 'Enter the 6-digit passcode.')
  .transform((raw) => raw.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'The passcode is 6 digits.'));

/** Opaque flow identifiers are base64url; the bound stops absurd inputs early. */
export const flowIdSchema = z
  .string({ error: 'The sign-in has no flow id.' })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'The sign-in flow id is not valid.');
