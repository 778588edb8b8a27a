// runPageAction is the one door of the CLI, the token API and the admin forms: the same input
// must be refused with the same named error whichever door it came through.
import { afterEach, describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../config/index.ts';
import { StatuswatchError } from '../domain/index.ts';
import { noDeliveries } from '../ingest/delivery-planner.ts';
import type { Store } from '../storage/store.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import { runPageAction, type OwnPageWriter } from './index.ts';

const page = pageConfigSchema.parse({
  name: 'Acme',
  url: 'https://status.acme.example/status',
  components: [{ name: 'API' }],
});
const T0 = Date.parse('2024-02-06T20:00:00Z');
let store: Store | undefined;

async function writer(): Promise<OwnPageWriter> {
  store = await openSqliteStore(':memory:');
  // Codes name updates too: the first is the incident's, each later one an update's.
  let n = 0;
  const newCode = (): string =>
    n++ === 0 ? 'abcdefabcdef' : `update${String(n).padStart(6, '0')}`;
  return { store, page, deliveries: noDeliveries, newCode };
}

async function refusal(run: Promise<unknown>): Promise<StatuswatchError> {
  const error: unknown = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof StatuswatchError))
    throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('runPageAction', () => {
  it('opens, updates and resolves an incident by name, components included', async () => {
    const w = await writer();
    const opened = await runPageAction(w, T0, 'incident.open', {
      title: 'API errors',
      body: 'Investigating.',
      components: { api: 'major_outage' },
    });
    expect(opened.incident?.vendorId).toBe('abcdefabcdef');
    await runPageAction(w, T0 + 60_000, 'incident.update', {
      code: 'abcdefabcdef',
      status: 'identified',
      body: 'Found it.',
    });
    const resolved = await runPageAction(w, T0 + 120_000, 'incident.resolve', {
      code: 'abcdefabcdef',
    });
    expect(resolved.incident?.status).toBe('resolved');
    expect(resolved.incident?.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'resolved',
    ]);
    const state = await w.store.loadProviderState(page.slug, []);
    expect(state.components?.map((c) => c.status)).toEqual(['operational']);
  });

  it('names every bad field in one invalid_input error', async () => {
    const w = await writer();
    const error = await refusal(
      runPageAction(w, T0, 'incident.open', { title: '', body: 'x', impact: 'huge' }),
    );
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toMatch(/title: a title is required/);
    expect(error.message).toMatch(/impact:/);
  });

  it('refuses a malformed code before looking it up, and an unknown one as not_found', async () => {
    const w = await writer();
    const malformed = await refusal(
      runPageAction(w, T0, 'incident.update', { code: '../x', status: 'resolved', body: 'b' }),
    );
    expect(malformed.kind).toBe('invalid_input');
    const unknown = await refusal(
      runPageAction(w, T0, 'maintenance.start', { code: 'zzzzzzzzzzzz' }),
    );
    expect(unknown.kind).toBe('not_found');
  });

  it('refuses a status change of a component the page does not have', async () => {
    const w = await writer();
    const error = await refusal(
      runPageAction(w, T0, 'component.set', { id: 'db', status: 'major_outage' }),
    );
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toMatch(/db/);
  });
});
