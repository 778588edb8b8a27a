import { describe, expect, it } from 'vitest';
import { makeIncident, makeUpdate } from '../../test/support/builders.ts';
import { affectedComponentNames, detectionText, summarySentence } from './_incident-view.ts';

const T = Date.UTC(2023, 10, 8, 19, 26);
const MINUTE = 60_000;
const component = (name: string, vendorId: string | null = name.toLowerCase()) => ({
  vendorId, name, oldStatus: null, newStatus: 'major_outage' as const,
}); // prettier-ignore

describe('incident view', () => {
  it('counts components exactly: incident-level and update-level names, each once', () => {
    const incident = makeIncident({
      components: ['Web Interface', 'Email Notifications', 'SMS'].map((n) => component(n)),
      updates: [
        makeUpdate({
          affectedComponents: [component('SMS'), component('Voice'), component('API', null)],
        }),
        makeUpdate({
          vendorId: 'u2',
          affectedComponents: [component('api', null), component('Voice')],
        }),
      ],
    });
    expect(affectedComponentNames(incident)).toEqual([
      'Web Interface',
      'Email Notifications',
      'SMS',
      'Voice',
      'API',
    ]);
  });

  it('writes the seed page sentence right: resolved, component count, exact duration', () => {
    const incident = makeIncident({
      impact: 'minor', status: 'resolved', startedAt: T, resolvedAt: T + 19 * MINUTE,
      components: ['Web Interface', 'Email Notifications', 'SMS', 'Voice', 'API'].map((n) => component(n)),
    }); // prettier-ignore
    expect(summarySentence(incident, 'xMatters', 'UTC', T + 60 * MINUTE)).toBe(
      'xMatters had a minor incident on November 8, 2023 affecting Web Interface, Email Notifications and 3 more components, lasting 19m. It has been resolved; the full update timeline is below.',
    );
  });

  it('never states a negative duration when the vendor resolved before it started', () => {
    const incident = makeIncident({
      status: 'resolved',
      startedAt: T,
      resolvedAt: T - MINUTE,
      impact: null,
    });
    const sentence = summarySentence(incident, 'Acme', 'UTC', T);
    expect(sentence).toContain('an incident (impact not given)');
    expect(sentence).toContain('its duration is unknown');
    expect(sentence).not.toMatch(/-\d/);
  });

  it('reports open incidents as ongoing', () => {
    const incident = makeIncident({ startedAt: T, impact: 'major' });
    expect(summarySentence(incident, 'Acme', 'Europe/Berlin', T + 90 * MINUTE)).toBe(
      'Acme reports a major incident on November 8, 2023, open for 1h 30m so far. It is not resolved yet.',
    );
  });

  it('never calls a closed incident without an end open (invented: a maintenance like AWS archive entries)', () => {
    const incident = makeIncident({
      kind: 'maintenance', impact: 'maintenance', status: 'completed', startedAt: T, resolvedAt: null, updates: [],
    }); // prettier-ignore
    expect(summarySentence(incident, 'Acme', 'UTC', T + 90 * MINUTE)).toBe(
      'Acme had a maintenance on November 8, 2023. It has been completed, end not given by the vendor, so its duration is unknown; the full update timeline is below.',
    );
  });

  it('gives the detection lag, or says the incident was history when first seen', () => {
    const first = makeUpdate({ displayedAt: T, createdAt: T });
    expect(detectionText(makeIncident({ updates: [first], firstSeenAt: T + 3 * MINUTE }))).toBe(
      "3m after the vendor's first update",
    );
    expect(
      detectionText(makeIncident({ updates: [first], firstSeenAt: T, backfilled: true })),
    ).toMatch(/^backfilled/);
    const late = makeIncident({
      updates: [first],
      status: 'resolved',
      resolvedAt: T + MINUTE,
      firstSeenAt: T + 60 * MINUTE,
    });
    expect(detectionText(late)).toMatch(/^backfilled: already resolved/);
  });
});
