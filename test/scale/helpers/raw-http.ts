import { Agent, request } from 'node:http';

/** One answer, with its body as text, as an attacker's client sees it. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A keep-alive agent shared by a test's many requests. */
export const rawAgent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Sends exactly the bytes given (any method, path, headers, body), with none
 * of fetch's checks or JSON encoding in the way, to loopback only.
 */
export function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error('hostile-input traffic goes to 127.0.0.1 only');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent: rawAgent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
