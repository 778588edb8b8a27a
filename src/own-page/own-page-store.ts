import {
  StatuswatchError,
  type Component,
  type EpochMs,
  type Incident,
  type Provider,
  type Snapshot,
} from '../domain/index.ts';
import { componentIdOf, type PageConfig } from '../config/index.ts';
import type { DeliveryPlanner } from '../ingest/delivery-planner.ts';
import { ingestSnapshot } from '../ingest/ingest-snapshot.ts';
import type { Store } from '../storage/store.ts';
import { incidentOf, type AuthorContext, type Authored } from './authored-state.ts';
import { newCode } from './incident-code.ts';

/**
 * The team's own page as a provider: configured in statuswatch.yaml, its authored state
 * written as a Snapshot through the same ingest path as a vendor's (storage, events, outbox,
 * search, figures). Its next poll is never due, so the scheduler never claims it.
 */

export interface OwnPageWriter {
  store: Store;
  page: PageConfig;
  deliveries: DeliveryPlanner;
  /** Injected for tests; the CSPRNG otherwise. */
  newCode?: () => string;
}

/** A century: the interval of a provider that is written, never read. */
export const AUTHORED_INTERVAL_MS = 100 * 365 * 86_400_000;

/** Where the provider says it is read from: no companion, and never polled anyway. */
export function ownPageProvider(page: PageConfig, now: EpochMs): Provider {
  const url = page.url.replace(/\/+$/, '');
  return {
    slug: page.slug,
    name: page.name,
    pageUrl: url,
    sourceUrl: `${url}/api/v2/incidents.json`,
    format: 'statuspage-v2',
    // Never polled (its next poll is NEVER_POLLED_AT); the interval only tells staleness
    // ("no success for three intervals"), and a page nobody writes to for weeks is not stale.
    poll: { intervalMs: AUTHORED_INTERVAL_MS, openIncidentIntervalMs: AUTHORED_INTERVAL_MS },
    createdAt: now,
  };
}

/** The configured components, keeping the statuses already stored (new ones: operational). */
export function configuredComponents(
  page: PageConfig,
  stored: readonly Component[] | null,
): Component[] {
  return page.components.map((c, index) => {
    const id = componentIdOf(c);
    return {
      vendorId: id,
      name: c.name,
      groupName: c.group ?? null,
      status: stored?.find((s) => s.vendorId === id)?.status ?? 'operational',
      position: index + 1,
    };
  });
}

/**
 * Creates the page's provider when missing and writes the configured component list (names,
 * groups, order) through ingest. Safe to run at every start.
 */
export async function syncOwnPage(writer: OwnPageWriter, now: EpochMs): Promise<void> {
  const { store, page } = writer;
  const existing = await store.getProvider(page.slug);
  if (existing === null) await store.addProvider(ownPageProvider(page, now), now);
  else if (existing.provider.sourceUrl !== ownPageProvider(page, now).sourceUrl)
    throw new StatuswatchError(
      'conflict',
      `provider "${page.slug}" exists and is not this page (it reads ${existing.provider.sourceUrl}); choose another page.slug`,
    );
  const state = await store.loadProviderState(page.slug, []);
  await write(
    writer,
    { components: configuredComponents(page, state.components), incident: null },
    now,
  );
}

/** Runs an authoring step that creates an incident or maintenance; returns it as written. */
export async function authorNew(
  writer: OwnPageWriter,
  at: EpochMs,
  step: (components: Component[], ctx: AuthorContext) => Authored,
): Promise<Incident> {
  await syncOwnPage(writer, at);
  const state = await writer.store.loadProviderState(writer.page.slug, []);
  const authored = step(state.components ?? [], contextOf(writer, at));
  await write(writer, authored, at);
  return authored.incident;
}

/**
 * Runs an authoring step on the stored incident `code`: loads the page's components and the
 * incident, runs the pure step and writes its result. Returns the incident as written.
 */
export async function authorOn(
  writer: OwnPageWriter,
  at: EpochMs,
  code: string,
  step: (components: Component[], incident: Incident, ctx: AuthorContext) => Authored,
): Promise<Incident> {
  await syncOwnPage(writer, at);
  const state = await writer.store.loadProviderState(writer.page.slug, [code]);
  const stored = state.incidents.find((i) => i.vendorId === code);
  if (stored === undefined)
    throw new StatuswatchError('not_found', `no incident "${code}" on page "${writer.page.slug}"`);
  const authored = step(state.components ?? [], incidentOf(stored), contextOf(writer, at));
  await write(writer, authored, at);
  return authored.incident;
}

/** Sets one component's status outside any incident, as Statuspage allows. */
export async function setComponentStatus(
  writer: OwnPageWriter,
  at: EpochMs,
  change: { id: string; status: Component['status'] },
): Promise<void> {
  await syncOwnPage(writer, at);
  const state = await writer.store.loadProviderState(writer.page.slug, []);
  const components = state.components ?? [];
  if (!components.some((c) => c.vendorId === change.id))
    throw new StatuswatchError('invalid_input', `no component "${change.id}" on this page`);
  const next = components.map((c) =>
    c.vendorId === change.id ? { ...c, status: change.status } : c,
  );
  await write(writer, { components: next, incident: null }, at);
}

// --- internal ---

function contextOf(writer: OwnPageWriter, at: EpochMs): AuthorContext {
  return { at, newCode: writer.newCode ?? newCode, pageUrl: writer.page.url.replace(/\/+$/, '') };
}

async function write(
  writer: OwnPageWriter,
  authored: { components: Component[]; incident: Incident | null },
  at: EpochMs,
): Promise<void> {
  const snapshot: Snapshot = {
    format: 'statuspage-v2',
    page: { name: writer.page.name, url: writer.page.url, updatedAt: at },
    components: authored.components,
    incidents: authored.incident === null ? [] : [authored.incident],
    coverage: 'single',
    warnings: [],
  };
  await ingestSnapshot(writer.store, writer.page.slug, snapshot, {
    now: at,
    deliveries: writer.deliveries,
    authored: true,
  });
}
