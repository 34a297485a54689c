import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A text the sink received, as the gateway would have sent it. */
export interface ReceivedSms {
  to: string;
  from: string;
  body: string;
  accountSid: string;
  /** The Basic credentials matched the sink's account and token. */
  authorized: boolean;
}

/**
 * A real HTTP listener that speaks the Twilio `Messages` API
 * (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form body, Basic auth),
 * so tests read what the server's SMS gateway client actually sent.
 */
export class SmsSink {
  readonly messages: ReceivedSms[] = [];
  readonly accountSid = 'AC0123456789abcdef0123456789abcdef';
  readonly authToken = 'sink-auth-token';
  readonly from = '+15005550006';
  /** Set to a status (e.g. 503) to make the gateway fail. */
  failWith: number | undefined;
  private server: Server;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** What to give the server as its SMS gateway configuration. */
  get gateway(): { url: string; accountSid: string; authToken: string; from: string } {
    return {
      url: `http://127.0.0.1:${this.port}`,
      accountSid: this.accountSid,
      authToken: this.authToken,
      from: this.from,
    };
  }

  /** Texts sent to one number, oldest first. */
  to(number: string): ReceivedSms[] {
    return this.messages.filter((m) => m.to === number);
  }

  /** The passcode in the newest text to `number`. */
  latestCode(number: string): string {
    const last = this.to(number).at(-1);
    const code = last ? /\b(\d{6})\b/.exec(last.body)?.[1] : undefined;
    if (!code) throw new Error(`No passcode texted to ${number}`);
    return code;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const authorized = req.headers.authorization === expected;
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":20003,"message":"Authenticate"}');
      return;
    }
    if (this.failWith) {
      res.writeHead(this.failWith, { 'content-type': 'application/json' }).end('{"message":"unavailable"}');
      return;
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    this.messages.push({
      to: form.get('To') ?? '',
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
      accountSid: decodeURIComponent(match[1] ?? ''),
      authorized,
    });
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sid: `SM${this.messages.length}`, status: 'queued' }));
  }
}
