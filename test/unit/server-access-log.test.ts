import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AccessLogController, logAbortedRequests } from '../../src-server/access-log';
import { createLogger } from '../../src-server/logger';

/** A stream that keeps what the logger writes, and those lines parsed. */
function memorySink(): { sink: Writable; written: string[]; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = (): Array<Record<string, unknown>> =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { sink, written, lines };
}

/** A Fastify app that logs as the server does, and the lines it wrote. */
function loggedApp(): { app: ReturnType<typeof Fastify>; lines: () => Array<Record<string, unknown>> } {
  const { sink, lines } = memorySink();
  const app = Fastify({ loggerInstance: createLogger('info', sink), logController: new AccessLogController() });
  app.get('/v1/links/:token', async () => ({ ok: true }));
  app.post('/v1/fails', async () => {
    throw Object.assign(new Error('nope'), { statusCode: 409 });
  });
  return { app, lines };
}

describe('access log', () => {
  it('writes one line per request, with its status and time, when the answer has gone', async () => {
    const { app, lines } = loggedApp();
    const token = 'A'.repeat(43);
    await app.inject({ method: 'GET', url: `/v1/links/${token}` });
    await app.inject({ method: 'POST', url: '/v1/fails', payload: {} });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const access = lines().filter((line) => line.msg === 'request completed');
    expect(access.map((line) => [(line.req as { url: string }).url, line.statusCode])).toEqual([
      ['/v1/links/[redacted]', 200],
      ['/v1/fails', 409],
      ['/nowhere', 404],
    ]);
    for (const line of access) expect(line.responseTimeMs).toEqual(expect.any(Number));
    expect(lines().some((line) => line.msg === 'incoming request')).toBe(false);
    expect(JSON.stringify(lines())).not.toContain(token);
    await app.close();
  });

  it('writes nothing per request above the info level', async () => {
    const { sink, written } = memorySink();
    const app = Fastify({ loggerInstance: createLogger('warn', sink), logController: new AccessLogController() });
    app.get('/', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/' });
    expect(written).toEqual([]);
    await app.close();
  });

  it('writes a line for a request the client gave up on before the answer', async () => {
    const { sink, lines } = memorySink();
    // Typed as buildApp's logger is (AppDeps.logger), so the app is the kind buildApp hands the hook.
    const logger: FastifyBaseLogger = createLogger('info', sink);
    const app = Fastify({ loggerInstance: logger, logController: new AccessLogController() });
    logAbortedRequests(app);
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    app.get('/v1/slow', () => {
      entered();
      return new Promise((resolve) => (release = () => resolve({ ok: true })));
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const socket = connect(Number(new URL(address).port), '127.0.0.1');
    socket.write('GET /v1/slow HTTP/1.1\r\nhost: localhost\r\n\r\n');
    await inHandler;
    socket.destroy();
    const aborted = (): unknown[] =>
      lines()
        .filter((line) => line.msg === 'request aborted')
        .map((line) => (line.req as { url?: string } | undefined)?.url);
    for (let waited = 0; aborted().length === 0 && waited < 2000; waited += 20) await sleep(20);
    release();
    await app.close();
    expect(aborted()).toEqual(['/v1/slow']);
  });
});
