import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { ErrorResponse } from '../src-shared/api-schemas';
import type { Database } from './db/schema';
import { AccessLogController, logAbortedRequests } from './access-log';
import { isDatabaseUnavailable } from './db/database-unavailable';
import { noteLoopWake } from './loop-batching';
import { HttpError } from './http-error';
import type { ShippingProvider } from './shipping/provider';
import { registerShipping } from './shipping/register-shipping';
import { DeliveryError, type EmailSender, type SmsSender } from './mail/delivery';
import type { Outbox } from './mail/outbox';
import { registerAccountRoutes } from './routes/account-routes';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerDevRoutes } from './routes/dev-routes';
import { registerEmailLinkRoutes } from './routes/email-link-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerMeRoutes } from './routes/me-routes';
import { registerOpenApiRoute } from './routes/openapi';
import { registerSessionRoutes } from './routes/session-routes';
import { AccountsService } from './services/accounts-service';
import type { AuthPolicy } from './services/auth-policy';
import { AuthService } from './services/auth-service';
import type { Clock } from './services/clock';
import { DeviceService } from './services/devices';
import { EmailLinkService } from './services/email-links';
import { FactorService } from './services/factor-service';
import { FlowMachine } from './services/flow-machine';
import { FlowStore } from './services/flows';
import { Notices } from './services/notices';
import { PasscodeService } from './services/passcodes';
import { PasswordThrottle } from './services/password-throttle';
import { SessionService } from './services/sessions';
import { SmsCaps } from './services/sms-caps';
import { AccountMailLimits } from './services/request-limits';

/** Everything the HTTP app is built from; tests pass their own clock and senders. */
export interface AppDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: AuthPolicy;
  otpKey: Buffer;
  email: EmailSender;
  sms: SmsSender;
  /** Present only in dev mode: enables the dev mailbox routes. */
  devOutbox?: Outbox;
  logger: FastifyBaseLogger;
  /** Shipping provider override (tests); otherwise the configured one, `local` by default. */
  shippingProvider?: ShippingProvider;
  /** Base URL emailed links point at (CNS_PUBLIC_URL, else where the server listens; known after listen). */
  publicUrl?: () => string;
  /** Origins clients reach this server at; a trusted-device signature must name one of them. */
  origins?: () => readonly string[];
  /** Proxies whose X-Forwarded-For names the client (CNS_TRUST_PROXY); absent → the TCP peer. */
  trustProxy?: number | string[];
}

/** Fastify's form of CNS_TRUST_PROXY: a hop count becomes "the nearest n hops". */
function trustedProxies(
  setting: AppDeps['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

const routeLists = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route the app registered (method, Fastify path), so a test can hold the OpenAPI catalog to it. */
export function registeredRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  return routeLists.get(app) ?? [];
}

/** Bodies larger than this are refused before parsing; no route needs more. */
export const BODY_LIMIT_BYTES = 16 * 1024;

function errorBody(code: string, message: string, requestId: string, retryAfterSeconds?: number): ErrorResponse {
  return {
    error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds },
    requestId,
  };
}

/** Maps Fastify's own client errors (bad JSON, too large, wrong media type) to stable codes. */
function clientErrorCode(error: FastifyError): { code: string; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'BODY_TOO_LARGE', message: `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KB.` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'INVALID_REQUEST', message: 'The request body is empty; send a JSON object.' };
    default:
      return { code: 'MALFORMED_REQUEST', message: 'The request could not be read. Send a valid JSON object.' };
  }
}

/**
 * Builds the API server: routes, uniform errors with request ids, and secret-free
 * logs. Nothing a client sends can make it answer 500.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Behind a reverse proxy the client is the address it forwards (request.ip), for per-address limits.
    trustProxy: trustedProxies(deps.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    logController: new AccessLogController(),
    // Addresses the router cannot even read (bad escapes, over-long parts) answer like any other bad request.
    frameworkErrors: (error, request, rawReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const reply = rawReply as FastifyReply;
      void reply
        .code(400)
        .header('x-request-id', request.id)
        .header('cache-control', 'no-store')
        .send(
          errorBody(
            tooLong ? 'INVALID_REQUEST' : 'MALFORMED_REQUEST',
            tooLong ? 'A part of the address is too long.' : 'The address could not be read.',
            request.id,
          ),
        );
    },
  });

  const routes: Array<{ method: string; url: string }> = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  // HTML forms (the email-link Confirm button, the password-reset page) post form-encoded bodies.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  // Set when the request arrives (a synchronous hook: no promise per request); every answer keeps them.
  app.addHook('onRequest', (request, reply, done) => {
    noteLoopWake();
    void reply.header('x-request-id', request.id).header('cache-control', 'no-store');
    done();
  });

  logAbortedRequests(app);

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('NOT_FOUND', 'There is nothing at this address.', request.id));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply
        .code(error.statusCode)
        .send(errorBody(error.code, error.message, request.id, error.retryAfterSeconds));
    }
    if (error instanceof DeliveryError) {
      request.log.warn({ channel: error.channel }, 'message delivery failed');
      return reply
        .code(503)
        .header('retry-after', '30')
        .send(errorBody('DELIVERY_FAILED', `${error.message} Please try Resend in a moment.`, request.id, 30));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const { code, message } = clientErrorCode(error);
      return reply.code(error.statusCode).send(errorBody(code, message, request.id));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: { type: error.name, code: error.code } }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(
          errorBody(
            'DATABASE_UNAVAILABLE',
            'The service cannot reach its database right now. Please try again in a moment.',
            request.id,
            5,
          ),
        );
    }
    request.log.error({ err: { type: error.name, message: error.message } }, 'request failed');
    return reply
      .code(500)
      .send(errorBody('INTERNAL', 'Something went wrong on our side. Please try again.', request.id));
  });

  const { db, clock, policy } = deps;
  const publicUrl = deps.publicUrl ?? (() => 'http://127.0.0.1');
  const origins = deps.origins ?? (() => [new URL(publicUrl()).origin]);
  const flows = new FlowStore(db, clock, policy.flowLifetimeMs);
  const passcodes = new PasscodeService(db, clock, policy, deps.otpKey, { email: deps.email, sms: deps.sms });
  const sessions = new SessionService(db, clock, policy);
  const links = new EmailLinkService(db, clock, policy);
  const devices = new DeviceService(db, clock, policy);
  const throttle = new PasswordThrottle(db, clock, policy);
  const notices = new Notices(deps.email, deps.logger);
  const machine = new FlowMachine({
    db,
    clock,
    policy,
    flows,
    passcodes,
    sessions,
    smsCaps: new SmsCaps(db, clock, policy),
    links,
    email: deps.email,
    publicUrl,
  });
  const auth = new AuthService({ machine, throttle, devices, notices, origins });
  const factors = new FactorService(machine, links, notices);
  const accounts = new AccountsService({
    db,
    clock,
    policy,
    links,
    email: deps.email,
    sessions,
    devices,
    throttle,
    notices,
    logger: deps.logger,
    publicUrl,
  });

  registerHealthRoutes(app, db);
  registerOpenApiRoute(app, deps.devOutbox !== undefined, () => registeredRoutes(app));
  registerAuthRoutes(app, auth, factors);
  registerSessionRoutes(app, sessions, devices);
  registerMeRoutes(app, sessions);
  registerShipping(app, { db: deps.db, clock: deps.clock, sessions, provider: deps.shippingProvider });
  registerAccountRoutes(app, accounts, new AccountMailLimits(db, clock, policy));
  registerEmailLinkRoutes(app, links, factors, accounts);
  if (deps.devOutbox) registerDevRoutes(app, deps.devOutbox);
  return app;
}
