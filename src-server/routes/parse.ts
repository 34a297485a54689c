import type { z } from 'zod';
import { HttpError } from '../http-error';

/**
 * Validates a request part with a shared schema; the first problem becomes a
 * 400 `INVALID_REQUEST` whose message names the field and says what is wrong.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
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
