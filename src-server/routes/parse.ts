import type { z } from 'zod';
import { HttpError } from '../http-error';

/**
 * Validates a request part with a shared schema; the first problem becomes a
 * 400 `INVALID_REQUEST` whose message names the field and says what is wrong.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (hasControlNul(input)) {
    throw new HttpError(400, 'INVALID_REQUEST', 'The request contains characters that are not allowed.');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  const message =
    issue?.code === 'invalid_type' && issue.path.length === 0
      ? 'The request body must be a JSON object.'
      : issue?.message;
  throw new HttpError(400, 'INVALID_REQUEST', `${field}${message ?? 'The request is not valid.'}`);
}

/** NUL characters are never meaningful in this API and PostgreSQL text cannot store them. */
function hasControlNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v) => hasControlNul(v, depth + 1));
}
