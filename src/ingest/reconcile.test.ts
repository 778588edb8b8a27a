import { describe, expect, it } from 'vitest';
import type { IncidentUpdate, StoredIncident } from '../domain/index.ts';
import { makeIncident, makeUpdate, MINUTE, T0 } from '../../test/support/builders.ts';
import {
  components,
  makeSnapshot,
  makeState,
  vendorView,
} from '../../test/support/ingest-state.ts';
import { diff, reconcile } from './reconcile.ts';

const update = (id: string, status: IncidentUpdate['status'], minute: number): IncidentUpdate =>
  makeUpdate({
    vendorId: id,
    status,
    displayedAt: T0 + minute * MINUTE,
    createdAt: T0 + minute * MINUTE,
  });

function incidentWith(updates: IncidentUpdate[], over: Partial<StoredIncident> = {}) {
  const last = updates.at(-1);
  const resolved = last?.status === 'resolved' ? last.displayedAt : null;
  return vendorView(
    makeIncident({
      updates,
      status: last?.status ?? 'investigating',
      resolvedAt: resolved,
      ...over,
    }),
  );
}

/** Applies snapshots one after another, as the store would, and collects every event. */
function play(snapshots: ReturnType<typeof makeSnapshot>[], firstIngest = false) {
  let state = makeState({ neverIngested: firstIngest });
  const all = [];
  for (const [i, snap] of snapshots.entries()) {
    const r = reconcile(state, snap, T0 + (i + 1) * MINUTE);
    all.push(...r.events);
    const byId = new Map(state.incidents.map((x) => [x.vendorId, x]));
    for (const inc of r.incidents) byId.set(inc.vendorId, inc);
    state = {
      ...state,
      incidents: [...byId.values()],
      status: r.status,
      components: r.components ?? state.components,
      neverIngested: false,
    };
  }
  return { events: all, state };
}

describe('reconcile', () => {
  it('marks incidents already resolved on the first snapshot as backfilled, with no events', () => {
    const old = incidentWith([update('u1', 'investigating', -60), update('u2', 'resolved', -30)], {
      vendorId: 'old',
    });
    const r = reconcile(makeState({ neverIngested: true }), makeSnapshot([old]), T0);
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0]).toMatchObject({ backfilled: true, firstSeenAt: T0 });
    expect(r.events).toEqual([]);
  });

  it('announces an incident open on the first snapshot once', () => {
    const open = incidentWith([update('u1', 'investigating', -5)]);
    const r = reconcile(makeState({ neverIngested: true }), makeSnapshot([open]), T0);
    expect(r.events.map((e) => e.kind)).toEqual(['incident_opened']);
    expect(r.incidents[0]?.backfilled).toBe(false);
  });

  it('gives zero events and zero writes for the same snapshot twice', () => {
    const snap = makeSnapshot([incidentWith([update('u1', 'investigating', 0)])], {
      components: components({ API: 'degraded_performance' }),
    });
    const { state } = play([snap]);
    const again = reconcile(state, snap, T0 + 10 * MINUTE);
    expect(again.events).toEqual([]);
    expect(again.incidents).toEqual([]);
  });

  it('emits exactly one event per vendor update through a whole lifecycle', () => {
    const u = [
      update('u1', 'investigating', 0),
      update('u2', 'identified', 10),
      update('u3', 'identified', 20),
      update('u4', 'monitoring', 30),
      update('u5', 'resolved', 40),
    ];
    const snaps = u.map((_, i) => makeSnapshot([incidentWith(u.slice(0, i + 1))]));
    const withPostmortem = incidentWith(u, {
      postmortem: { bodyHtml: '<p>pm</p>', bodyText: 'pm', publishedAt: T0 + 99 * MINUTE },
    });
    const { events } = play([...snaps, makeSnapshot([withPostmortem])]);
    expect(events.filter((e) => e.kind !== 'provider_status_changed').map((e) => e.kind)).toEqual([
      'incident_opened',
      'incident_status_changed',
      'incident_updated',
      'incident_status_changed',
      'incident_resolved',
      'postmortem_published',
    ]);
    const keys = events.map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sends one event per update when several arrive between two polls', () => {
    const first = makeSnapshot([incidentWith([update('u1', 'investigating', 0)])]);
    const later = makeSnapshot([
      incidentWith([
        update('u1', 'investigating', 0),
        update('u2', 'identified', 5),
        update('u3', 'resolved', 9),
      ]),
    ]);
    const { events } = play([first, later]);
    const kinds = events.filter((e) => e.kind.startsWith('incident'));
    expect(kinds.map((e) => e.kind)).toEqual([
      'incident_opened',
      'incident_status_changed',
      'incident_resolved',
    ]);
  });

  it('keeps an incident that scrolls out of the window open and untouched', () => {
    const open = incidentWith([update('u1', 'investigating', 0)], { vendorId: 'gone' });
    const { state } = play([makeSnapshot([open]), makeSnapshot([])]);
    expect(state.incidents.find((i) => i.vendorId === 'gone')?.status).toBe('investigating');
    const r = reconcile(state, makeSnapshot([]), T0 + 60 * MINUTE);
    expect(r.incidents).toEqual([]);
    expect(r.vanishedOpenIncidents).toEqual([]);
  });

  it('asks for open incidents an open-only snapshot no longer lists', () => {
    const open = incidentWith([update('u1', 'investigating', 0)], { vendorId: 'x1' });
    const { state } = play([makeSnapshot([open], { coverage: 'open-only' })]);
    const r = reconcile(state, makeSnapshot([], { coverage: 'open-only' }), T0 + 60 * MINUTE);
    expect(r.vanishedOpenIncidents).toEqual(['x1']);
    expect(r.events.filter((e) => e.kind === 'incident_resolved')).toEqual([]);
  });

  it('keeps template incidents out of events', () => {
    const sample = incidentWith([update('u1', 'investigating', 0)], {
      isTemplate: true,
      title: 'This is an example incident',
    });
    expect(diff(makeState(), makeSnapshot([sample]), T0)).toEqual([]);
  });

  it('treats the first component list as a baseline and reports later changes once', () => {
    const a = makeSnapshot([], {
      components: components({ API: 'operational', Git: 'operational' }),
    });
    const b = makeSnapshot([], {
      components: components({ API: 'major_outage', Git: 'operational' }),
      page: { name: null, url: null, updatedAt: T0 + 5 * MINUTE },
    });
    const { events } = play([a, b, b]);
    const changes = events.filter((e) => e.kind === 'component_status_changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      componentName: 'API',
      from: 'operational',
      to: 'major_outage',
    });
    expect(events.filter((e) => e.kind === 'provider_status_changed')).toHaveLength(1);
  });

  it('is never operational while an impact-none incident is open', () => {
    const quiet = incidentWith([update('u1', 'investigating', 0)], { impact: 'none' });
    const r = reconcile(
      makeState(),
      makeSnapshot([quiet], { components: components({ API: 'operational' }) }),
      T0,
    );
    expect(r.status).not.toBe('operational');
  });

  it('reports a reopened incident', () => {
    const u = [
      update('u1', 'investigating', 0),
      update('u2', 'resolved', 10),
      update('u3', 'investigating', 20),
    ];
    const { events } = play([
      makeSnapshot([incidentWith(u.slice(0, 2))]),
      makeSnapshot([incidentWith(u)]),
    ]);
    expect(events.map((e) => e.kind)).toContain('incident_reopened');
  });

  it('announces an incident first seen already resolved (after the first ingest) once, not as backfill', () => {
    const quick = incidentWith([update('u1', 'investigating', 0), update('u2', 'resolved', 3)]);
    const r = reconcile(makeState(), makeSnapshot([quick]), T0 + 5 * MINUTE);
    expect(r.incidents[0]?.backfilled).toBe(false);
    expect(r.events.map((e) => e.kind)).toEqual(['incident_resolved']);
  });

  it('remembers earlier titles and records updates dated after the capture', () => {
    const a = incidentWith([update('u1', 'investigating', 0)], { title: 'Old title' });
    const b = incidentWith([update('u1', 'investigating', 0), update('u2', 'identified', 500)], {
      title: 'New title',
    });
    const { state } = play([makeSnapshot([a]), makeSnapshot([b])]);
    const stored = state.incidents[0];
    expect(stored?.previousTitles).toEqual(['Old title']);
    expect(stored?.ingestAnomalies.map((x) => x.kind)).toEqual(['update_in_future']);
  });

  it('never loses an update a vendor stops showing, and takes edited text', () => {
    const a = incidentWith([update('u1', 'investigating', 0), update('u2', 'identified', 5)]);
    const edited = {
      ...update('u2', 'identified', 5),
      bodyText: 'edited',
      bodyHtml: '<p>edited</p>',
    };
    const b = incidentWith([edited]);
    const { state, events } = play([makeSnapshot([a]), makeSnapshot([b])]);
    expect(state.incidents[0]?.updates.map((x) => [x.vendorId, x.bodyText])).toEqual([
      ['u1', 'We are investigating elevated error rates.'],
      ['u2', 'edited'],
    ]);
    expect(events.filter((e) => e.kind === 'incident_updated')).toEqual([]);
  });
});

describe('reconcile with stale vendor copies', () => {
  it('does not roll an incident back when an older copy of the page is served', () => {
    const u = [update('u1', 'investigating', 0), update('u2', 'resolved', 10)];
    const { state, events } = play([
      makeSnapshot([incidentWith(u)]),
      makeSnapshot([incidentWith(u.slice(0, 1))]),
    ]);
    expect(state.incidents[0]?.status).toBe('resolved');
    expect(events.map((e) => e.kind)).not.toContain('incident_reopened');
  });
});
