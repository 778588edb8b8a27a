import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../_deps.ts';
import { HTML, JSON_TYPE, sendResponse } from '../_http.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';
import { toResponse } from '../page-cache.ts';
import { timeContext } from '../_http.ts';
import { ALERT_OPERATIONS, ALERT_SCHEMAS, type Method } from './_openapi-alerts.ts';
import { API_OPERATIONS, type Operation } from './_openapi-paths.ts';
import { OPENAPI_SCHEMAS } from './_openapi-schemas.ts';

const ERROR_RESPONSE = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** The OpenAPI 3.1 description of every `/api` route. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, op] of allOperations()) {
    paths[path] = { ...paths[path], [op.method]: operation(path, op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'statuswatch API',
      version: '1.0.0',
      description:
        'Providers, incidents, events and search as JSON (`/api/v1`), plus a Statuspage v2 ' +
        'compatible view of the aggregate (`/api/v2`). Errors are `{"error":{"code","message"}}`. ' +
        'Every GET carries an ETag and answers If-None-Match with 304.',
    },
    paths,
    components: { schemas: { ...OPENAPI_SCHEMAS, ...ALERT_SCHEMAS } },
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
        providers or incidents 404.
      </p>
      ${allOperations().map(([path, op]) => routeDoc(path, op))}`;
    return reply.type(HTML).send(layout({ title: 'API', ctx: { time, path: '/api/docs' }, main }));
  });
}

// --- internal ---

type MethodOperation = Operation & { method: Method };

/** Every documented operation: the read API (GET) and the alert routes. */
function allOperations(): [string, MethodOperation][] {
  const reads = Object.entries(API_OPERATIONS).map(([path, op]): [string, MethodOperation] => [
    path,
    { ...op, method: 'get' },
  ]);
  const alerts = Object.entries(ALERT_OPERATIONS).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, MethodOperation] => [
      path,
      { ...op, method: method as Method },
    ]),
  );
  return [...reads, ...alerts];
}

function operation(path: string, op: MethodOperation): Record<string, unknown> {
  const status = String(op.status ?? 200);
  const success =
    op.status === 204
      ? { description: 'No content' }
      : {
          description: 'OK',
          content: { [op.contentType ?? 'application/json']: { schema: op.body } },
        };
  return {
    operationId: `${op.method}${path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/_$/g, '')}`,
    summary: op.summary,
    tags: [op.tag],
    parameters: (op.params ?? []).map((p) => ({ required: p.in === 'path', ...p })),
    ...(op.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: op.requestBody } },
          },
        }),
    responses: {
      [status]: success,
      ...(op.method === 'get'
        ? { '304': { description: 'Not modified (If-None-Match matched the ETag)' } }
        : {}),
      '400': ERROR_RESPONSE,
      ...(op.forbidden === true ? { '403': ERROR_RESPONSE } : {}),
      ...(op.notFound === true ? { '404': ERROR_RESPONSE } : {}),
    },
  };
}

function routeDoc(path: string, op: MethodOperation) {
  const params = op.params ?? [];
  return html`<section class="api-route">
    <h2><code>${op.method.toUpperCase()} ${path}</code></h2>
    <p>${op.summary}</p>
    ${
      params.length === 0
        ? ''
        : html`<ul>
            ${params.map(
              (p) =>
                html`<li>
                  <code>${p.name}</code> (${p.in}${p.in === 'path' ? ', required' : ''})
                  ${p.description === undefined ? '' : `: ${p.description}`}
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}
