/** A JSON answer as a client observes it. */
export interface JsonReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** POSTs JSON (or a raw string body) and reads the JSON answer. */
export async function postJson<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply<T>> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await readBody<T>(response), headers: response.headers };
}

/** JSON body, or `null` for an empty one (204). */
async function readBody<T>(response: Response): Promise<T> {
  const text = await response.text();
  return (text === '' ? null : JSON.parse(text)) as T;
}

/** GETs and reads the JSON answer. */
export async function getJson<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<JsonReply<T>> {
  const response = await fetch(new URL(path, baseUrl), { headers });
  return { status: response.status, body: await readBody<T>(response), headers: response.headers };
}
