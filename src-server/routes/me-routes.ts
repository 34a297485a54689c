import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MeResponse } from '../../src-shared/api-schemas';
import { maskPhone } from '../../src-shared/mask';
import { HttpError } from '../http-error';
import type { SessionService } from '../services/sessions';

/** Reads the bearer token; a missing or malformed header is a 401, never a 500. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  if (!match?.[1]) throw new HttpError(401, 'SESSION_REQUIRED', 'Please log in to continue.');
  return match[1];
}

/** The signed-in account: lets a client prove its session works. */
export function registerMeRoutes(app: FastifyInstance, sessions: SessionService): void {
  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const user = await sessions.authenticate(bearerToken(request));
    return {
      username: user.username,
      email: user.email,
      phone: user.phone_e164 ? maskPhone(user.phone_e164) : null,
      mfaMethod: user.mfa_method,
      termsAccepted: user.terms_version_accepted !== null,
    };
  });
}
