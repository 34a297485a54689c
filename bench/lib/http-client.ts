import { Agent, request } from 'node:http';

/** One HTTP answer as the benchmark client sees it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A lean keep-alive HTTP/1.1 client for loopback benchmarks: both servers are
 * driven by the same client, so its cost weighs on both sides equally.
 */
export class BenchClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets = 64,
  ) {
    const host = new URL(baseUrl).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Benchmarks talk to loopback only, not ${host}`);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Sends a request with an optional JSON body. */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends and parses JSON; a status other than `expect` is an error naming the body. */
  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    expect = 200,
  ): Promise<T> {
    const answer = await this.send(method, path, body, headers);
    if (answer.status !== expect)
      throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A tiny cookie jar: what a browser would send back to the same origin. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the cookies a response sets. */
  take(headers: HttpAnswer['headers']): void {
    const set = headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(fragment: string): boolean {
    return [...this.cookies.keys()].some((k) => k.includes(fragment));
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
