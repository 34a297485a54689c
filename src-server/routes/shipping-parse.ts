import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../http-error';
import type { SessionService } from '../services/sessions';
import { bearerToken } from './me-routes';

/**
 * Validates shipping input with a shared schema and names every bad field at
 * once ("to.zip: ...; package.weightLb: ..."), so a form can be fixed in one go.
 */
export function parseShipping<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  if (issues.length === 1 && issues[0]?.code === 'invalid_type' && issues[0].path.length === 0) {
    throw new HttpError(400, 'INVALID_REQUEST', 'The request body must be a JSON object.');
  }
  const message = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  throw new HttpError(400, 'INVALID_REQUEST', message);
}

/** The signed-in account's id, or a 401. */
export async function shippingUserId(request: FastifyRequest, sessions: SessionService): Promise<string> {
  const user = await sessions.authenticate(bearerToken(request));
  return user.id;
}
