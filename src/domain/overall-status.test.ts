import { describe, expect, it } from 'vitest';
import { overallStatus, type OpenIncidentFacts } from './overall-status.ts';

const incident = (over: Partial<OpenIncidentFacts>): OpenIncidentFacts => ({
  kind: 'incident',
  impact: 'minor',
  status: 'investigating',
  isTemplate: false,
  ...over,
});
const ok = [{ status: 'operational' as const }, { status: 'operational' as const }];

describe('overallStatus', () => {
  it('is operational with all components operational and nothing open', () => {
    expect(overallStatus({ components: ok, incidents: [], sourceFailing: false })).toBe(
      'operational',
    );
  });

  it('is not operational while an impact-none incident is open', () => {
    const s = overallStatus({
      components: ok,
      incidents: [incident({ impact: 'none' })],
      sourceFailing: false,
    });
    expect(s).not.toBe('operational');
    expect(s).toBe('degraded_performance');
  });

  it('is not operational while an incident without any impact is open', () => {
    expect(
      overallStatus({
        components: ok,
        incidents: [incident({ impact: null })],
        sourceFailing: false,
      }),
    ).toBe('degraded_performance');
  });

  it('takes the worst of components and incidents', () => {
    const s = overallStatus({
      components: [{ status: 'partial_outage' }],
      incidents: [incident({ impact: 'critical' })],
      sourceFailing: false,
    });
    expect(s).toBe('major_outage');
    expect(
      overallStatus({
        components: [{ status: 'major_outage' }],
        incidents: [incident({})],
        sourceFailing: false,
      }),
    ).toBe('major_outage');
  });

  it('ignores resolved, postmortem and template incidents', () => {
    const incidents = [
      incident({ status: 'resolved', impact: 'critical' }),
      incident({ status: 'postmortem', impact: 'major' }),
      incident({ isTemplate: true, impact: 'critical' }),
    ];
    expect(overallStatus({ components: ok, incidents, sourceFailing: false })).toBe('operational');
  });

  it('shows maintenance only while it is in progress', () => {
    const scheduled = incident({ kind: 'maintenance', status: 'scheduled', impact: 'maintenance' });
    const running = incident({ kind: 'maintenance', status: 'in_progress', impact: 'maintenance' });
    expect(overallStatus({ components: ok, incidents: [scheduled], sourceFailing: false })).toBe(
      'operational',
    );
    expect(overallStatus({ components: ok, incidents: [running], sourceFailing: false })).toBe(
      'under_maintenance',
    );
  });

  it('is unknown, never operational, when the source is failing', () => {
    expect(overallStatus({ components: ok, incidents: [], sourceFailing: true })).toBe('unknown');
    const s = overallStatus({
      components: [{ status: 'major_outage' }],
      incidents: [],
      sourceFailing: true,
    });
    expect(s).toBe('major_outage');
  });
});
