import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiCatalog, catalogErrorSchema, type CatalogRoute } from './api-catalog';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(route: CatalogRoute): JsonSchema[] {
  const list: JsonSchema[] = [];
  if (route.params) {
    const schema = jsonSchema(route.params, 'input') as { properties?: Record<string, JsonSchema> };
    for (const [name, s] of Object.entries(schema.properties ?? {}))
      list.push({ name, in: 'path', required: true, schema: s });
  }
  if (route.query) {
    const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      list.push({ name, in: 'query', required: (schema.required ?? []).includes(name), schema: s });
    }
  }
  return list;
}

function successResponse(schema: CatalogRoute['success']['schema']): JsonSchema {
  if (schema === null) return { description: 'Done; no body.' };
  if (schema === 'html')
    return { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } };
  if (schema === 'csv') {
    return { description: 'A CSV file.', content: { 'text/csv': { schema: { type: 'string' } } } };
  }
  if (schema === 'label-file') {
    return {
      description: 'The label file: PDF (4x6 or letter) or ZPL text.',
      content: {
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
        'text/plain': { schema: { type: 'string' } },
      },
    };
  }
  return { description: 'Success.', content: { 'application/json': { schema: jsonSchema(schema, 'output') } } };
}

function requestBody(route: CatalogRoute): JsonSchema {
  if (route.bodyMediaType === 'text/csv') {
    return { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } };
  }
  if (!route.body) return {};
  return {
    requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
  };
}

function operation(route: CatalogRoute): JsonSchema {
  const { status, schema } = route.success;
  const success = successResponse(schema);
  return {
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(route.bearer ? { security: [{ bearer: [] }] } : {}),
    parameters: parameters(route),
    ...requestBody(route),
    responses: {
      [String(status)]: success,
      '4XX': {
        description: 'A client error with a stable code.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  };
}

const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * Builds the OpenAPI 3.1 document from the route catalog and the shared zod
 * schemas. A registered route missing from the catalog is still listed, marked
 * `x-undescribed`, so the document never hides a route.
 */
export function buildOpenApi(options: {
  devMode: boolean;
  serverUrl?: string;
  registered?: Array<{ method: string; url: string }>;
}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of apiCatalog) {
    if (route.devOnly && !options.devMode) continue;
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  for (const { method, url } of options.registered ?? []) {
    const path = openApiPath(url);
    const ops = (paths[path] ??= {});
    ops[method.toLowerCase()] ??= {
      summary: 'Not described in the catalog yet',
      'x-undescribed': true,
      parameters: [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      responses: {
        default: { description: 'See the route.', content: { 'application/json': { schema: {} } } },
        '4XX': {
          description: 'A client error with a stable code.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Click-N-Ship MFA API',
      version: '1',
      description: 'Sign-in with multifactor authentication, trusted devices, sessions and account self-service.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: jsonSchema(catalogErrorSchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

/** `GET /openapi.json`, built once, from the catalog and the routes the app actually has. */
export function registerOpenApiRoute(
  app: FastifyInstance,
  devMode: boolean,
  registered: () => Array<{ method: string; url: string }>,
): void {
  let document: JsonSchema | undefined;
  app.get('/openapi.json', async () => {
    document ??= buildOpenApi({ devMode, registered: registered() });
    return document;
  });
}
