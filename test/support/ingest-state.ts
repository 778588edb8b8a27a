import type { Component, Incident, Snapshot, StoredIncident } from '../../src/domain/index.ts';
import { makeProvider, makeSourceState, T0 } from './builders.ts';
import type { ProviderState } from '../../src/storage/store.ts';

/** A provider state as the store would load it; `neverIngested` false unless told. */
export function makeState(over: Partial<ProviderState> = {}): ProviderState {
  return {
    provider: makeProvider(),
    source: makeSourceState(),
    status: 'operational',
    companion: null,
    followUps: [],
    components: null,
    incidents: [],
    neverIngested: false,
    ...over,
  };
}

/** A window snapshot of the given incidents (vendor fields only). */
export function makeSnapshot(incidents: Incident[], over: Partial<Snapshot> = {}): Snapshot {
  return {
    format: 'statuspage-v2',
    page: { name: 'Acme', url: 'https://status.acme.test', updatedAt: T0 },
    components: null,
    incidents,
    coverage: 'window',
    warnings: [],
    ...over,
  };
}

/** The vendor's view of a stored incident: drops what only we know. */
export function vendorView(stored: StoredIncident): Incident {
  const {
    providerSlug: _p,
    firstSeenAt: _f,
    backfilled: _b,
    lastChangedAt: _l,
    previousTitles: _t,
    ingestAnomalies: _a,
    ...incident
  } = stored;
  return incident;
}

export function components(statuses: Record<string, Component['status']>): Component[] {
  return Object.entries(statuses).map(([name, status], position) => ({
    vendorId: `c-${name}`,
    name,
    groupName: null,
    status,
    position,
  }));
}
