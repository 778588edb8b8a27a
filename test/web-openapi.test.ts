import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { openApiDocument } from '../src/web/api/openapi.ts';
import { registeredRoutes } from '../src/web/_route-list.ts';
import { createWebServer } from '../src/web/server.ts';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every /api route fastify has, and nothing that does not exist', async () => {
    const store = await openSqliteStore(':memory:');
    const app = createWebServer({ store });
    await app.ready();
    const served = registeredRoutes(app)
      .filter((r) => r.method === 'GET' && r.url.startsWith('/api'))
      .map((r) => r.url.replace(/:(\w+)/g, '{$1}'))
      .sort();
    const documented = Object.keys(openApiDocument().paths as object).sort();
    expect(served.length).toBeGreaterThan(15);
    expect(documented).toEqual(served);
    // Only GET (and the HEAD fastify adds) exist under /api.
    const other = registeredRoutes(app).filter((r) => r.url.startsWith('/api') && r.method !== 'GET' && r.method !== 'HEAD');
    expect(other).toEqual([]);
    await app.close();
    await store.close();
  });

  it('serves the document and a readable docs page', async () => {
    const store = await openSqliteStore(':memory:');
    const app = createWebServer({ store });
    const json = await app.inject('/api/openapi.json');
    expect(json.json()).toEqual(openApiDocument());
    const docs = await app.inject('/api/docs');
    expect(docs.body).toContain('<code>GET /api/v1/events</code>');
    expect(docs.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)/);
    await app.close();
    await store.close();
  });
});
