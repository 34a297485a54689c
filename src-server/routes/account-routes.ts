import type { FastifyInstance } from 'fastify';
import {
  createAccountRequestSchema,
  forgotPasswordRequestSchema,
  forgotUsernameRequestSchema,
  resetPasswordRequestSchema,
} from '../../src-shared/api-schemas';
import type { AccountsService } from '../services/accounts-service';
import { parseInput } from './parse';

/** Account self-service: create, forgot user name, forgot password, reset password. */
export function registerAccountRoutes(app: FastifyInstance, accounts: AccountsService): void {
  app.post('/v1/accounts', async (request, reply) => {
    const created = await accounts.create(parseInput(createAccountRequestSchema, request.body));
    return reply.code(201).send(created);
  });

  app.post('/v1/accounts/forgot-username', async (request, reply) => {
    const { email } = parseInput(forgotUsernameRequestSchema, request.body);
    return reply.code(202).send(await accounts.forgotUsername(email));
  });

  app.post('/v1/accounts/forgot-password', async (request, reply) => {
    const { username } = parseInput(forgotPasswordRequestSchema, request.body);
    return reply.code(202).send(await accounts.forgotPassword(username));
  });

  app.post('/v1/accounts/reset-password', async (request, reply) => {
    const body = parseInput(resetPasswordRequestSchema, request.body);
    await accounts.resetPassword(body.token, body.password);
    return reply.code(204).send();
  });
}
