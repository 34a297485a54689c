import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** `/healthz`: 200 only when the database answers, for load balancers and the app's start-up. */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/healthz', async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({
        error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is not answering.' },
        requestId: request.id,
      });
    }
  });
}
