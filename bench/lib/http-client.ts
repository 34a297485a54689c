import { connect, type Socket } from 'node:net';

/** One HTTP answer as the benchmark client sees it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection and the answer it is reading. */
interface Connection {
  socket: Socket;
  buffer: Buffer;
  pending?: { resolve: (answer: HttpAnswer) => void; reject: (error: Error) => void };
}

/**
 * A lean keep-alive HTTP/1.1 client for loopback benchmarks, over plain
 * sockets: a request is one prebuilt write and an answer is read by its
 * content-length (or chunks), so the load generator, which shares the two
 * cores with the server it measures, spends as little of them as it can
 * (node:http's client cost about a millisecond per sign-in here). Every
 * comparison drives both servers with this same client.
 */
export class BenchClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly host: string;
  private readonly port: number;

  /** Connections open as lanes need them and are reused, so there is no pool size to give. */
  constructor(readonly baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      throw new Error(`Benchmarks talk to loopback only, not ${url.hostname}`);
    }
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  /** Sends a request with an optional JSON body. */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n`;
    if (payload !== undefined) {
      head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n`;
    }
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += '\r\n';
    const connection = this.idle.pop() ?? this.open();
    return new Promise((resolve, reject) => {
      connection.pending = { resolve, reject };
      connection.socket.write(payload === undefined ? head : head + payload);
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
    for (const connection of this.all) connection.socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Connection {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    const connection: Connection = { socket, buffer: Buffer.alloc(0) };
    this.all.add(connection);
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      this.read(connection);
    });
    const fail = (error: Error): void => {
      this.all.delete(connection);
      const at = this.idle.indexOf(connection);
      if (at >= 0) this.idle.splice(at, 1);
      const pending = connection.pending;
      connection.pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('The server closed the connection before answering')));
    return connection;
  }

  /** Completes the pending answer once all of it has arrived; keeps the connection for the next request. */
  private read(connection: Connection): void {
    const { buffer } = connection;
    const headEnd = buffer.indexOf(HEADER_END);
    if (headEnd < 0) return;
    const lines = buffer.toString('latin1', 0, headEnd).split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers: HttpAnswer['headers'] = {};
    for (let i = 1; i < lines.length; i += 1) {
      const line = lines[i] ?? '';
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'set-cookie') headers[name] = [...((headers[name] as string[] | undefined) ?? []), value];
      else headers[name] = value;
    }
    const start = headEnd + HEADER_END.length;
    let body: Buffer;
    let used: number;
    if (headers['transfer-encoding'] === 'chunked') {
      const decoded = decodeChunked(buffer, start);
      if (!decoded) return;
      [body, used] = decoded;
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < start + length) return;
      body = buffer.subarray(start, start + length);
      used = start + length;
    }
    connection.buffer = buffer.subarray(used);
    const pending = connection.pending;
    connection.pending = undefined;
    if (headers.connection === 'close') {
      this.all.delete(connection);
      connection.socket.removeAllListeners('close');
      connection.socket.destroy();
    } else this.idle.push(connection);
    pending?.resolve({ status, headers, body: body.toString('utf8') });
  }
}

/** A chunked body from `start`, and where it ended; undefined until the last chunk has arrived. */
function decodeChunked(buffer: Buffer, start: number): [Buffer, number] | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16);
    const dataStart = lineEnd + 2;
    if (buffer.length < dataStart + size + 2) return undefined;
    if (size === 0) return [Buffer.concat(parts), dataStart + 2];
    parts.push(buffer.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
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
