import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { HTML, JSON_TYPE, sendResponse, timeContext } from '../_http.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';
import { toResponse } from '../page-cache.ts';
import { OPERATIONS, errorSchema, type Operation } from './_operations.ts';
import { requestSchemas, responseSchemas } from './schemas/_wire.ts';

type JsonSchema = z.core.JSONSchema.BaseSchema;
interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

/** The OpenAPI 3.1 description of every `/api` route, generated from the routes' zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'statuswatch API',
      version: '1.0.0',
      description:
        'Providers, incidents, events and search as JSON (`/api/v1`), plus a Statuspage v2 ' +
        'compatible view of the aggregate (`/api/v2`). Errors are `{"error":{"code","message"}}`. ' +
        'Every GET carries an ETag and answers If-None-Match with 304. Answers may gain fields ' +
        'in later versions; none is renamed or removed.',
    },
    paths,
    components: {
      schemas: {
        ...componentSchemas(responseSchemas, 'output'),
        ...componentSchemas(requestSchemas, 'input'),
      },
    },
  };
}

/** `/api/openapi.json` and `/api/docs` (a server-rendered listing; no CDN, no script). */
export function registerOpenApi(app: FastifyInstance, deps: WebDeps): void {
  const json = toResponse(JSON.stringify(openApiDocument(), null, 2), JSON_TYPE);
  app.get('/api/openapi.json', async (_request, reply) => sendResponse(reply, json));
  app.get('/api/docs', async (request, reply) => {
    const time = timeContext(request, deps.clock());
    const main = html`<h1>statuswatch API</h1>
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors
        are JSON <code>{"error":{"code","message"}}</code>; bad parameters give 400, unknown
        providers or incidents 404, a body that is not JSON 415, a method a path does not take 405
        with an <code>Allow</code> header.
      </p>
      ${OPERATIONS.map(routeDoc)}`;
    return reply.type(HTML).send(layout({ title: 'API', ctx: { time, path: '/api/docs' }, main }));
  });
}

// --- internal ---

const ref = (schema: z.ZodType) => {
  const id = responseSchemas.get(schema)?.id ?? requestSchemas.get(schema)?.id;
  return id === undefined ? toSchema(schema, 'output') : { $ref: `#/components/schemas/${id}` };
};
const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: ref(errorSchema) } },
};

function operation(op: Operation): Record<string, unknown> {
  const status = String(op.status ?? 200);
  const success =
    op.answer === null
      ? { description: 'No content' }
      : {
          description: 'OK',
          content: { [op.contentType ?? 'application/json']: { schema: ref(op.answer) } },
        };
  return {
    operationId: `${op.method}${op.path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/_$/g, '')}`,
    summary: op.summary,
    tags: [op.tag],
    parameters: parameters(op),
    ...(op.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(op.body) } },
          },
        }),
    responses: {
      [status]: success,
      ...(op.method === 'get'
        ? { '304': { description: 'Not modified (If-None-Match matched the ETag)' } }
        : {}),
      '400': errorResponse,
      // A body that is not JSON is refused before it is read (see registerErrorHandlers).
      ...(op.body !== undefined ? { '415': errorResponse } : {}),
      ...Object.fromEntries((op.errors ?? []).map((code) => [String(code), errorResponse])),
    },
  };
}

/** Path and query parameters, each with the schema its route parses it with (as input). */
function parameters(op: Operation): Param[] {
  const list = (where: Param['in'], shape: z.ZodRawShape | undefined): Param[] => {
    if (shape === undefined) return [];
    const object = toSchema(z.object(shape), 'input');
    const required = new Set(object.required ?? []);
    return Object.entries(object.properties ?? {}).map(([name, schema]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: schema as JsonSchema,
      ...(op.notes?.[name] === undefined ? {} : { description: op.notes[name] }),
    }));
  };
  return [...list('path', op.params?.shape), ...list('query', op.query)];
}

function componentSchemas(
  registry: typeof responseSchemas,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, override: tidy });
  delete json.$schema;
  return json;
}

/**
 * Response objects stay open (fields may be added; the response test closes them), date-times
 * say their format without zod's long pattern, and integers drop the safe-integer bounds.
 */
function tidy({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }) {
  const def = zodSchema._zod.def;
  if (def.type === 'object' && def.catchall === undefined) delete jsonSchema.additionalProperties;
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

function routeDoc(op: Operation) {
  const params = parameters(op);
  return html`<section class="api-route">
    <h2><code>${op.method.toUpperCase()} ${op.path}</code></h2>
    <p>${op.summary}</p>
    ${
      params.length === 0
        ? ''
        : html`<ul>
            ${params.map(
              (p) =>
                html`<li>
                  <code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})
                  ${p.description === undefined ? '' : `: ${p.description}`}
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}
