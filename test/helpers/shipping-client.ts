/* eslint-disable @typescript-eslint/no-explicit-any -- test replies are asserted field by field */
import type { RunningServer } from '../../src-server/server';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { systemClock } from '../../src-server/services/clock';
import { SessionService } from '../../src-server/services/sessions';
import type { AddressInput } from '../../src-shared/shipping/address';
import { localToday } from '../../src-shared/shipping/ship-date';

/**
 * A signed-in session for shipping tests. Sign-in itself is tested elsewhere;
 * here the session is issued by the server's own SessionService over its
 * database, and every call then goes over real HTTP.
 */
export async function shippingSession(server: RunningServer, username = 'demo'): Promise<ShippingHttp> {
  const user = await server.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const tokens = await new SessionService(server.database.db, systemClock, defaultAuthPolicy).create(user.id);
  return new ShippingHttp(server.url, tokens.accessToken, user.id);
}

/** A reply as the client sees it. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Buffer;
}

/** Minimal HTTP client for the shipping API with the bearer token attached. */
export class ShippingHttp {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly userId: string,
  ) {}

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Reply<T>> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || body instanceof Uint8Array
            ? (body as RequestInit['body'])
            : JSON.stringify(body),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const parsed =
      type.includes('json') && bytes.length > 0
        ? (JSON.parse(bytes.toString('utf8')) as T)
        : (bytes.toString('utf8') as T);
    return { status: response.status, body: parsed, headers: response.headers, bytes };
  }

  get<T = any>(path: string): Promise<Reply<T>> {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.call<T>('POST', path, body ?? {});
  }

  csv<T = any>(path: string, file: string | Uint8Array): Promise<Reply<T>> {
    return this.call<T>('POST', path, file, 'text/csv');
  }
}

/** A valid return address. */
export const SENDER: AddressInput = {
  name: 'Click Shop',
  company: 'Click Shop LLC',
  street1: '100 Market Street',
  city: 'Albany',
  state: 'NY',
  zip: '12207',
};

/** A valid delivery address. */
export const RECIPIENT: AddressInput = {
  name: 'Rita Moreno',
  street1: '2200 Ocean Avenue',
  street2: 'Apt 4',
  city: 'San Francisco',
  state: 'CA',
  zip: '94112-1234',
};

/** A shipment that every service can carry, shipping today. */
export function sampleShipment(overrides: Record<string, unknown> = {}) {
  return {
    from: SENDER,
    to: RECIPIENT,
    package: { container: 'PACKAGE', weightLb: 2.5, lengthIn: 10, widthIn: 8, heightIn: 4 },
    shipDate: localToday(),
    extras: { signature: false, insuredValueCents: 0 },
    ...overrides,
  };
}
