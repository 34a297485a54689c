import { z } from 'zod';
import { serverUrlSchema } from '../../src-shared/policy';
import { usernameSchema } from '../../src-shared/validation';

const rectangleSize = {
  width: z.number().int().min(100).max(100_000),
  height: z.number().int().min(100).max(100_000),
};

/** Where the window was and how big, restored at the next start. */
export const windowBoundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  ...rectangleSize,
});

/**
 * The user's own settings file. Every field is optional so that a missing or
 * older file still reads; a value that breaks a rule means the file was
 * damaged or edited by hand, and the whole file is reset (after a backup).
 */
export const settingsFileSchema = z.object({
  /** The API server the user chose; a policy value wins over it. */
  serverUrl: serverUrlSchema.optional(),
  /** Opt-in: keep the user name (never the password) for the next sign-in. */
  rememberUsername: z.boolean().default(false),
  rememberedUsername: usernameSchema.optional(),
  windowBounds: windowBoundsSchema.optional(),
  /** Size of the screen the window was on, to tell whether the saved bounds still make sense. */
  lastScreenSize: z.object(rectangleSize).optional(),
});

/** The settings as stored (after defaults are applied). */
export type Settings = z.output<typeof settingsFileSchema>;
/** A window's position and size. */
export type WindowBounds = z.output<typeof windowBoundsSchema>;
