import { describe, expect, it } from 'vitest';
import { endOf, incidentDuration } from './incident-facts.ts';
import { incidentAnomalies } from './incident-anomalies.ts';
import type { IncidentUpdate, StoredIncident } from './model.ts';
import { summarizeIncident } from './incident-summary.ts';

const t = (iso: string): number => Date.parse(iso);

function update(index: number, at: string, text: string): IncidentUpdate {
  return {
    vendorId: `billingconsole-1655342154-${String(index)}`,
    status: 'investigating',
    label: null,
    bodyHtml: `<p>${text}</p>`,
    bodyText: text,
    displayedAt: t(at),
    createdAt: null,
    affectedComponents: [],
  };
}

/**
 * `billingconsole-1655342154` as src/sources/aws.ts maps it from the real capture
 * /work/shared/fixtures/vendors/aws/aws-health-dashboard__data.json (an `archive` entry, so
 * resolved; "[RESOLVED]" summary; no update says it is over, so no resolved time). Bodies
 * shortened; times and statuses as parsed.
 */
const awsBilling: StoredIncident = {
  vendorId: 'billingconsole-1655342154',
  title: '[RESOLVED] Incorrect Free Tier Email Alerts',
  kind: 'incident',
  impact: 'minor',
  status: 'resolved',
  createdAt: t('2022-06-16T01:15:54Z'),
  startedAt: t('2022-06-16T01:15:54Z'),
  monitoringAt: null,
  resolvedAt: null,
  scheduledFor: null,
  scheduledUntil: null,
  url: null,
  shortlink: null,
  components: [
    { vendorId: 'billingconsole', name: 'AWS Billing Console', oldStatus: null, newStatus: null },
  ],
  updates: [
    update(0, '2022-06-16T01:15:54Z', 'We are investigating customers receiving email alerts…'),
    update(1, '2022-06-16T01:39:00Z', 'Between 11:00 AM and 6:00 PM PDT, some customers…'),
    update(2, '2022-06-16T01:53:00Z', 'We want to clarify our previous post. …'),
  ],
  postmortem: null,
  isTemplate: false,
  providerSlug: 'aws',
  firstSeenAt: t('2022-06-16T01:53:00Z'),
  backfilled: true,
  lastChangedAt: t('2022-06-16T01:53:00Z'),
  previousTitles: [],
  ingestAnomalies: [],
};

describe('a closed incident without an end (AWS archive entry)', () => {
  const now = t('2026-11-30T02:00:00Z');

  it('is not open: its duration is unknown, for the reason missing_end', () => {
    expect(endOf(awsBilling)).toBeNull();
    expect(incidentDuration(awsBilling, now)).toEqual({
      ms: null,
      text: null,
      ongoing: false,
      anomaly: 'missing_end',
    });
  });

  it('says so in the v1 JSON, so that a null duration always has a reason', () => {
    const s = summarizeIncident(awsBilling);
    expect(s).toMatchObject({
      status: 'resolved',
      resolved_at: null,
      duration_minutes: null,
      duration_anomaly: 'missing_end',
    });
  });

  it('is listed as a data anomaly, once', () => {
    expect(incidentAnomalies(awsBilling)).toEqual([
      { kind: 'missing_end', reason: 'resolved, end not given by the vendor' },
    ]);
  });

  it('leaves the end unknown to the withdrawn note when statuswatch closed it', () => {
    const withdrawn: StoredIncident = {
      ...awsBilling,
      ingestAnomalies: [{ kind: 'withdrawn', reason: 'withdrawn by the vendor, end unknown: 404' }],
    };
    expect(incidentAnomalies(withdrawn).map((a) => a.kind)).toEqual(['withdrawn']);
  });

  it('still counts an open incident up to now (invented: the same entry, still investigating)', () => {
    const open: StoredIncident = { ...awsBilling, status: 'investigating' };
    const d = incidentDuration(open, t('2022-06-16T02:15:54Z'));
    expect(d).toMatchObject({ ms: 3_600_000, ongoing: true, anomaly: null });
    expect(summarizeIncident(open).duration_anomaly).toBeNull();
  });

  it('uses a closing update when there is one (invented: a "resolved" last update)', () => {
    const last = { ...update(2, '2022-06-16T01:53:00Z', 'Resolved.'), status: 'resolved' as const };
    const closed: StoredIncident = {
      ...awsBilling,
      updates: [...awsBilling.updates.slice(0, 2), last],
    };
    expect(incidentDuration(closed)).toMatchObject({ text: '37m', anomaly: null });
  });
});
