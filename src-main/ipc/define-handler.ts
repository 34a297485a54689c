import type { z } from 'zod';
import { fail, ok, type Result } from '../../src-shared/result';
import { ApiError } from '../api/api-error';
import { VaultUnavailableError } from '../vault/secret-vault';

/** A handler as the registration sees it: untrusted input in, a result out, never a throw. */
export type IpcHandler<T> = (input: unknown) => Promise<Result<T>>;

/**
 * Wraps a handler body: parses the untrusted argument with the contract's
 * schema, and turns every failure into `{ code, message }` so no stack or
 * internal detail ever crosses to the renderer.
 */
export function defineHandler<S extends z.ZodType, T>(
  schema: S,
  body: (input: z.output<S>) => Promise<T>,
): IpcHandler<T> {
  return async (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('INVALID_INPUT', issue?.message ?? 'The request was not valid.');
    }
    try {
      return ok(await body(parsed.data));
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: error.toAppError() };
      if (error instanceof VaultUnavailableError) return fail('KEYCHAIN_UNAVAILABLE', error.message);
      return fail('INTERNAL', 'Something went wrong in the app. Please try again.');
    }
  };
}
