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

  it('lists every response field as required, but the five the code sends only sometimes', () => {
    const { schemas } = (openApiDocument() as { components: { schemas: Record<string, object> } })
      .components;
    const optional: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as { properties?: object; required?: string[] };
      const required = new Set(schema.required ?? []);
      for (const key of Object.keys(schema.properties ?? {})) {
        if (!required.has(key)) optional.push(`${where}.${key}`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    };
    // Request bodies have optional fields with defaults; answers are what this test is about.
    type Op = { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } };
    const paths = openApiDocument().paths as Record<string, Record<string, Op>>;
    const bodies = Object.values(paths)
      .flatMap((methods) => Object.values(methods))
      .flatMap((op) => Object.values(op.requestBody?.content ?? {}))
      .map((c) => c.schema.$ref?.split('/').at(-1));
    expect(bodies).toContain('SubscriptionSpec');
    const answers = Object.fromEntries(Object.entries(schemas).filter(([id]) => !bodies.includes(id))); // prettier-ignore
    walk(answers, '#');
    expect(optional.sort()).toEqual([
      '#/CreatedSubscription.secret', // webhooks only
      '#/StatuspageIncident.scheduled_for', // maintenances only
      '#/StatuspageIncident.scheduled_until',
      '#/StatuspageIncident/properties/components/items.derived', // derived components only
      '#/Subscription/properties/channel.format', // webhooks only
    ]);
  });

  it('documents every /api route fastify has, and nothing that does not exist', async () => {
    const store = await openSqliteStore(':memory:');
    const alerts = { store, channels: null, publicUrl: 'http://127.0.0.1' };
    const app = createWebServer({ store, alerts });
    await app.ready();
    const served = registeredRoutes(app)
      .filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).toBeGreaterThan(25);
    expect(documented).toEqual(served);
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
