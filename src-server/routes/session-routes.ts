import type { FastifyInstance } from 'fastify';
import {
  deviceParamsSchema,
  deviceRenameRequestSchema,
  refreshRequestSchema,
  type DeviceList,
} from '../../src-shared/api-schemas';
import { toDevice, type DeviceService } from '../services/devices';
import type { SessionService } from '../services/sessions';
import { bearerToken } from './me-routes';
import { parseInput } from './parse';

/** Refresh, sign-out and the remembered-devices list of the signed-in account. */
export function registerSessionRoutes(app: FastifyInstance, sessions: SessionService, devices: DeviceService): void {
  app.post('/v1/auth/refresh', async (request) =>
    sessions.refresh(parseInput(refreshRequestSchema, request.body).refreshToken),
  );

  app.post('/v1/auth/logout', async (request, reply) => {
    await sessions.logout(bearerToken(request));
    return reply.code(204).send();
  });

  app.get('/v1/devices', async (request): Promise<DeviceList> => {
    const user = await sessions.authenticate(bearerToken(request));
    return (await devices.listActive(user.id)).map(toDevice);
  });

  app.patch('/v1/devices/:id', async (request) => {
    const user = await sessions.authenticate(bearerToken(request));
    const { id } = parseInput(deviceParamsSchema, request.params);
    const { name } = parseInput(deviceRenameRequestSchema, request.body);
    return toDevice(await devices.rename(user.id, id, name));
  });

  app.delete('/v1/devices/:id', async (request, reply) => {
    const user = await sessions.authenticate(bearerToken(request));
    const { id } = parseInput(deviceParamsSchema, request.params);
    await devices.revoke(user.id, id);
    return reply.code(204).send();
  });
}
