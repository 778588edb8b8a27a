import { describe, expect, it } from 'vitest';
import { emptyAnalysis, type IncidentAnalysis } from '../domain/index.ts';
import { makeComponent, makeIncident, makeUpdate } from '../../test/support/builders.ts';
import { componentDailyImpact, type ComponentChange } from './component-daily-impact.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 30, 12);
const TODAY = Date.UTC(2025, 5, 30);
// Names from fixtures/vendors/statuspage-v2/github__summary.json, pseudo-component included.
const components = [
  makeComponent({ vendorId: 'actions', name: 'Actions' }),
  makeComponent({ vendorId: 'pages', name: 'Pages', position: 1 }),
  makeComponent({ vendorId: 'visit', name: 'Visit www.githubstatus.com for more information' }),
];
const none = new Map<string, IncidentAnalysis>();
const worst = (rows: ReturnType<typeof componentDailyImpact>) =>
  rows.map((r) => [r.component.name, r.days.map((d) => d.worst)]);

describe('componentDailyImpact', () => {
  it("marks a named component's days by the worst status the incident gave it, and no data before watching", () => {
    const incident = makeIncident({
      impact: 'minor',
      status: 'resolved',
      startedAt: TODAY - DAY + HOUR,
      resolvedAt: TODAY - DAY + 2 * HOUR,
      updates: [
        makeUpdate({
          affectedComponents: [
            {
              vendorId: 'actions',
              name: 'Actions',
              oldStatus: 'operational',
              newStatus: 'partial_outage',
            },
            // Named without its id: found by name.
            { vendorId: null, name: 'pages', oldStatus: null, newStatus: 'degraded_performance' },
          ],
        }),
      ],
    });
    const rows = componentDailyImpact(
      { components, incidents: [incident], changes: [], analyses: none },
      NOW,
      3,
      TODAY - DAY,
    );
    expect(worst(rows)).toEqual([
      ['Actions', ['no_data', 'major', 'none']],
      ['Pages', ['no_data', 'minor', 'none']],
    ]);
    expect(rows[0]?.days[1]?.incidents).toBe(1);
  });

  it("gives a derived component the incident's impact, over the window the vendor's words state", () => {
    const incident = makeIncident({
      vendorId: 'feed-1',
      impact: null,
      status: 'resolved',
      startedAt: TODAY - HOUR,
      resolvedAt: TODAY,
      components: [
        { vendorId: 'actions', name: 'Actions', oldStatus: null, newStatus: null, derived: true },
      ],
    });
    // The words say the harm began two days earlier than the first post.
    const analysis = {
      ...emptyAnalysis(),
      impactStartedAt: {
        at: TODAY - 2 * DAY,
        sentence: 's',
        confidence: 'high' as const,
        source: 'window' as const,
        zone: 'UTC',
        assumptions: [],
      },
    };
    const analyses = new Map([['acme\nfeed-1', analysis]]);
    const rows = componentDailyImpact(
      { components, incidents: [incident], changes: [], analyses },
      NOW,
      4,
      TODAY - 10 * DAY,
    );
    expect(worst(rows)[0]).toEqual(['Actions', ['none', 'unknown', 'unknown', 'unknown']]);
    expect(worst(rows)[1]).toEqual(['Pages', ['none', 'none', 'none', 'none']]);
  });

  it('marks the days a component spent below operational from the status changes seen', () => {
    const change = (at: number, from: ComponentChange['from'], to: ComponentChange['to']) => ({
      componentVendorId: 'pages',
      from,
      to,
      occurredAt: at,
      detectedAt: at,
    });
    const changes = [
      change(TODAY - 3 * DAY + HOUR, 'operational', 'major_outage'),
      change(TODAY - 2 * DAY + HOUR, 'major_outage', 'degraded_performance'),
      change(TODAY - DAY + HOUR, 'degraded_performance', 'operational'),
    ];
    const current = [
      makeComponent({ vendorId: 'actions', name: 'Actions', status: 'under_maintenance' }),
      makeComponent({ vendorId: 'pages', name: 'Pages' }),
    ];
    const rows = componentDailyImpact(
      { components: current, incidents: [], changes, analyses: none },
      NOW,
      4,
      TODAY - 10 * DAY,
    );
    expect(worst(rows)).toEqual([
      // No change seen, but under maintenance now: today only.
      ['Actions', ['none', 'none', 'none', 'maintenance']],
      ['Pages', ['critical', 'critical', 'minor', 'none']],
    ]);
    expect(rows[1]?.days[0]?.incidents).toBe(0);
  });

  it('uses the components incidents name when the format lists none', () => {
    const incident = makeIncident({
      status: 'investigating',
      startedAt: TODAY + HOUR,
      impact: 'major',
      components: [{ vendorId: null, name: 'Login', oldStatus: null, newStatus: null }],
    });
    const rows = componentDailyImpact(
      { components: null, incidents: [incident], changes: [], analyses: none },
      NOW,
      2,
      null,
    );
    expect(worst(rows)).toEqual([['Login', ['no_data', 'major']]]);
  });
});

describe('componentDailyImpact, in an archive', () => {
  it("holds a component's last-seen status only up to the newest data, then says no data", () => {
    // OpenAI's Realtime in fixtures/vendors/incidentio/: operational in openai__api-v2-summary-
    // operational.json (2026-07-09T19:25:56Z), degraded_performance in openai__api-v2-summary.json
    // (2026-09-29T18:29:41Z), the newest capture. Viewed on 2026-11-30.
    const capture = Date.parse('2026-09-29T18:29:41Z');
    const realtime = makeComponent({ vendorId: '01JMXBRMFEQW613TFE89F45035', name: 'Realtime', status: 'degraded_performance' }); // prettier-ignore
    const changes: ComponentChange[] = [{ componentVendorId: '01JMXBRMFEQW613TFE89F45035', from: 'operational', to: 'degraded_performance', occurredAt: null, detectedAt: capture }]; // prettier-ignore
    const history = { components: [realtime], incidents: [], changes, analyses: none };
    const now = Date.UTC(2026, 10, 30, 2);
    const [row] = componentDailyImpact(history, now, 90, Date.parse('2026-07-09T19:25:56Z'), capture);
    const days = row?.days ?? [];
    const sept29 = days.findIndex((d) => d.day === Date.UTC(2026, 8, 29));
    expect(days.filter((d) => d.worst === 'minor').map((d) => d.day)).toEqual([Date.UTC(2026, 8, 29)]);
    expect(days.slice(sept29 + 1).every((d) => d.worst === 'no_data')).toBe(true);
    // Without the newest data it would run on to today: the 63 days the reviewer saw.
    const [live] = componentDailyImpact(history, now, 90, Date.parse('2026-07-09T19:25:56Z'));
    expect(live?.days.filter((d) => d.worst === 'minor')).toHaveLength(63);
  }); // prettier-ignore
});
