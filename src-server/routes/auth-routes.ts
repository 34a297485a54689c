import type { FastifyInstance } from 'fastify';
import { loginRequestSchema, otpVerifyRequestSchema } from '../../src-shared/api-schemas';
import type { AuthService } from '../services/auth-service';
import { parseInput } from './parse';

/** Sign-in routes: each answers with the flow id and the next step. */
export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post('/v1/auth/login', async (request) => auth.login(parseInput(loginRequestSchema, request.body)));

  app.post('/v1/auth/otp/verify', async (request) => {
    const body = parseInput(otpVerifyRequestSchema, request.body);
    return auth.verifyOtp(body.flowId, body.code);
  });
}
