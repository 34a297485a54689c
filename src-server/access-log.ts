import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One access line per request instead of Fastify's two ("incoming request"
 * and "request completed"): the completed line alone carries the method, the
 * URL (scrubbed of tokens by the logger's `req` serializer), the status and
 * the time taken. At the default `info` level the two lines cost a sign-in
 * (three requests) about a third more event-loop CPU than no logging
 * (bench/RESULTS.md, round 8); one line halves the lines and their writes.
 * Fastify's other log lines (errors, route not found) are unchanged.
 */
export class AccessLogController extends LogController {
  /** Nothing when a request arrives: its line is written with its answer. */
  override incomingRequest(): void {}

  /** The access line; an error while answering is named by its type only (its message may quote input). */
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: request,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) reply.log.error({ ...line, err: { type: error.name } }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * With the access line written only when an answer goes out, a request the
 * client gave up on would leave no trace; this writes one line for it
 * (method, scrubbed URL, request id), so an operator still sees
 * clients timing out on a slow server.
 */
export function logAbortedRequests(app: FastifyInstance): void {
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted');
    done();
  });
}
