import type { FastifyInstance } from 'fastify';
import {
  createAccountRequestSchema,
  forgotPasswordRequestSchema,
  forgotUsernameRequestSchema,
  resetPasswordRequestSchema,
} from '../../src-shared/api-schemas';
import { HttpError } from '../http-error';
import type { AccountsService } from '../services/accounts-service';
import type { AccountMailLimits } from '../services/request-limits';
import { parseInput } from './parse';

/**
 * Account self-service: create, forgot user name, forgot password, reset password.
 * The three that mail someone pass the per-client and per-target limits first.
 */
export function registerAccountRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  limits: AccountMailLimits,
): void {
  app.post('/v1/accounts', async (request, reply) => {
    const input = parseInput(createAccountRequestSchema, request.body);
    const takeBack = await limits.admit('create-account', request.ip, input.email);
    // A name already taken or a password refused sent no mail, so it does not count.
    const created = await accounts.create(input).catch(async (error: unknown) => {
      if (error instanceof HttpError && error.statusCode < 500) await takeBack();
      throw error;
    });
    return reply.code(201).send(created);
  });

  app.post('/v1/accounts/forgot-username', async (request, reply) => {
    const { email } = parseInput(forgotUsernameRequestSchema, request.body);
    await limits.admit('forgot-username', request.ip, email);
    return reply.code(202).send(await accounts.forgotUsername(email));
  });

  app.post('/v1/accounts/forgot-password', async (request, reply) => {
    const { username } = parseInput(forgotPasswordRequestSchema, request.body);
    await limits.admit('forgot-password', request.ip, username);
    return reply.code(202).send(await accounts.forgotPassword(username));
  });

  app.post('/v1/accounts/reset-password', async (request, reply) => {
    const body = parseInput(resetPasswordRequestSchema, request.body);
    await accounts.resetPassword(body.token, body.password);
    return reply.code(204).send();
  });
}
