import { describe, expect, it } from 'vitest';
import type { IngestEvent, StoredEvent } from '../domain/index.ts';
import { makeSpec } from '../../test/support/alert-builders.ts';
import {
  T0,
  makeComponent,
  makeEvent,
  makeIncident,
  makeUpdate,
} from '../../test/support/builders.ts';
import { matches } from './matches.ts';

const stored = (event: IngestEvent, imported = false): StoredEvent => ({
  ...event,
  id: 1,
  imported,
});

const opened = stored(makeEvent({ impact: 'major' }));
const componentChange = (
  from: 'operational' | 'major_outage',
  to: 'operational' | 'degraded_performance' | 'major_outage',
) =>
  stored({
    kind: 'component_status_changed',
    idempotencyKey: 'k',
    providerSlug: 'acme',
    componentVendorId: 'cmp-api',
    componentName: 'API',
    from,
    to,
    occurredAt: T0,
    detectedAt: T0,
  });
const sourceFailed = stored({
  kind: 'source_failed',
  idempotencyKey: 'f',
  providerSlug: 'acme',
  errorKind: 'timeout',
  message: 'slow',
  occurredAt: T0,
  detectedAt: T0,
});
const apiIncident = makeIncident({
  updates: [
    makeUpdate({
      affectedComponents: [
        { vendorId: 'cmp-api', name: 'API', oldStatus: null, newStatus: 'major_outage' },
      ],
    }),
  ],
});
const components = [
  makeComponent({ vendorId: 'cmp-api', name: 'API', groupName: 'Core' }),
  makeComponent({ vendorId: 'cmp-web', name: 'Web', groupName: 'Edge' }),
];

describe('matches', () => {
  it('selects by event kind, with maintenance off by default', () => {
    const maintenance = stored(makeEvent({ kind: 'maintenance_scheduled', impact: 'maintenance' }));
    expect(matches(makeSpec(), opened)).toBe(true);
    expect(matches(makeSpec(), maintenance)).toBe(false);
    expect(matches(makeSpec({ events: ['maintenance'] }), maintenance)).toBe(true);
    expect(matches(makeSpec({ events: ['resolved'] }), opened)).toBe(false);
  });

  it('treats every update of a maintenance as maintenance, off by default', () => {
    const update: IngestEvent = {
      kind: 'incident_updated',
      idempotencyKey: 'u',
      providerSlug: 'acme',
      incidentVendorId: 'inc-1',
      title: 'Database upgrade',
      impact: 'maintenance',
      status: 'in_progress',
      updateVendorId: 'u2',
      occurredAt: T0,
      detectedAt: T0,
    };
    const maintenance = makeIncident({
      kind: 'maintenance',
      impact: 'maintenance',
      status: 'in_progress',
    });
    expect(matches(makeSpec(), stored(update), { incident: maintenance })).toBe(false);
    expect(
      matches(makeSpec({ events: ['maintenance'] }), stored(update), { incident: maintenance }),
    ).toBe(true);
    // Even when the incident is not at hand, the event's own impact says it is maintenance.
    expect(matches(makeSpec(), stored(update))).toBe(false);
    const incidentUpdate: IngestEvent = { ...update, impact: 'minor', status: 'identified' };
    expect(matches(makeSpec(), stored(incidentUpdate), { incident: makeIncident() })).toBe(true);
  });

  it('never matches imported events, template or backfilled incidents, or overall status', () => {
    expect(matches(makeSpec(), stored(makeEvent(), true))).toBe(false);
    expect(matches(makeSpec(), opened, { incident: makeIncident({ isTemplate: true }) })).toBe(
      false,
    );
    expect(matches(makeSpec(), opened, { incident: makeIncident({ backfilled: true }) })).toBe(
      false,
    );
    const overall = stored({
      kind: 'provider_status_changed',
      idempotencyKey: 's',
      providerSlug: 'acme',
      from: 'operational',
      to: 'major_outage',
      occurredAt: T0,
      detectedAt: T0,
    });
    expect(matches(makeSpec(), overall)).toBe(false);
  });

  it('selects providers by slug', () => {
    expect(matches(makeSpec({ providers: ['acme', 'beta'] }), opened)).toBe(true);
    expect(matches(makeSpec({ providers: ['beta'] }), opened)).toBe(false);
  });

  it('applies the impact floor, letting an unknown impact through', () => {
    expect(matches(makeSpec({ minimumImpact: 'major' }), opened)).toBe(true);
    expect(matches(makeSpec({ minimumImpact: 'critical' }), opened)).toBe(false);
    expect(
      matches(makeSpec({ minimumImpact: 'critical' }), stored(makeEvent({ impact: null }))),
    ).toBe(true);
  });

  it('reads a component change by its worse side, so a recovery follows its outage', () => {
    const floor = makeSpec({ minimumImpact: 'critical' });
    expect(matches(floor, componentChange('operational', 'degraded_performance'))).toBe(false);
    expect(matches(floor, componentChange('operational', 'major_outage'))).toBe(true);
    expect(matches(floor, componentChange('major_outage', 'operational'))).toBe(true);
  });

  it('filters incidents by the components they name, by id, name or group', () => {
    const facts = { incident: apiIncident, components };
    expect(matches(makeSpec({ components: ['api'] }), opened, facts)).toBe(true);
    expect(matches(makeSpec({ components: ['cmp-api'] }), opened, facts)).toBe(true);
    expect(matches(makeSpec({ components: ['Web'] }), opened, facts)).toBe(false);
    expect(matches(makeSpec({ groups: ['core'] }), opened, facts)).toBe(true);
    expect(matches(makeSpec({ groups: ['Edge'] }), opened, facts)).toBe(false);
    // An incident that names no component does not pass a component filter.
    expect(matches(makeSpec({ components: ['API'] }), opened, { incident: makeIncident() })).toBe(
      false,
    );
    expect(matches(makeSpec({ components: ['API'] }), opened)).toBe(false);
  });

  it('filters component changes by component and group; source health ignores them', () => {
    const change = componentChange('operational', 'major_outage');
    expect(matches(makeSpec({ components: ['Web'] }), change, { components })).toBe(false);
    expect(matches(makeSpec({ groups: ['Core'] }), change, { components })).toBe(true);
    expect(matches(makeSpec({ groups: ['Core'] }), change)).toBe(false);
    expect(matches(makeSpec({ components: ['Web'] }), sourceFailed)).toBe(true);
    expect(matches(makeSpec({ events: ['opened'] }), sourceFailed)).toBe(false);
  });
});
