import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden, thrown } from '../../test/support/golden.ts';
import { gcpStatus } from './gcp.ts';
import { statuspageV2 } from './statuspage-v2.ts';

const FIXTURE = fileURLToPath(
  new URL('../../test/fixtures/vendors/gcp/google-cloud__incidents.json', import.meta.url),
);
const HANDMADE_DIR = fileURLToPath(new URL('../../test/fixtures/handmade/', import.meta.url));

const meta: PayloadMeta = {
  url: 'https://status.cloud.google.com/incidents.json',
  fetchedAt: Date.parse('2022-07-01T20:00:00Z'),
  contentType: 'application/json',
};
const raw = readFileSync(FIXTURE, 'utf8');
const handmade = (name: string): string => readFileSync(`${HANDMADE_DIR}gcp__${name}.json`, 'utf8');
const parse = (body: string): Snapshot => gcpStatus.parse(body, meta);
const ms = (iso: string): number => Date.parse(iso);

function only(snapshot: Snapshot, id: string): Incident {
  const found = snapshot.incidents.find((i) => i.vendorId === id);
  if (found === undefined) throw new Error(`no incident ${id}`);
  return found;
}

describe('gcpStatus on the captured incidents.json', () => {
  const snapshot = parse(raw);

  it('parses as in its golden file', () => {
    expectGolden('google-cloud__incidents.json.json', snapshot);
  });

  it('reads all 157 incidents as a window without components or warnings', () => {
    expect(snapshot).toMatchObject({ format: 'gcp', coverage: 'window', components: null });
    expect(snapshot.incidents).toHaveLength(157);
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.incidents.every((i) => i.kind === 'incident' && i.updates.length > 0)).toBe(
      true,
    );
  });

  it('reads a low-severity BigQuery incident with five updates, oldest first', () => {
    const incident = only(snapshot, 'TaA75H7XA1DQyM2ReK2f');
    expect(incident).toMatchObject({
      title: '[Google BigQuery] Lower throughput from the Read API',
      impact: 'minor',
      status: 'resolved',
      startedAt: ms('2022-07-01T13:37:44Z'),
      createdAt: ms('2022-07-01T14:05:02Z'),
      resolvedAt: ms('2022-07-01T19:25:45Z'),
      url: 'https://status.cloud.google.com/incidents/TaA75H7XA1DQyM2ReK2f',
      components: [
        {
          vendorId: '9CcrhHUcFevXPSVaSxkf',
          name: 'Google BigQuery',
          oldStatus: null,
          newStatus: null,
        },
      ],
    });
    expect(incident.updates.map((u) => [u.status, u.label])).toEqual([
      ...Array.from({ length: 4 }, () => ['investigating', 'SERVICE_INFORMATION']),
      ['resolved', 'AVAILABLE'],
    ]);
    expect(incident.updates[0]).toMatchObject({
      vendorId: '2022-07-01T14:04:53.000Z#0',
      displayedAt: ms('2022-07-01T14:04:53Z'),
    });
    expect(incident.updates[0]?.bodyText).toMatch(/^Summary: \[Google BigQuery\] Lower throughput/);
    expect(incident.updates[4]?.displayedAt).toBe(ms('2022-07-01T19:25:45Z'));
  });

  it('reads an incident as resolved when `end` is set, whatever its one update says', () => {
    const incident = only(snapshot, 'NJJp8jkNzFStMyiJZWWD');
    expect(incident).toMatchObject({
      impact: 'minor',
      status: 'resolved',
      startedAt: ms('2021-08-24T03:14:00Z'),
      resolvedAt: ms('2021-08-24T03:41:13Z'),
    });
    expect(incident.updates.map((u) => [u.status, u.createdAt])).toEqual([
      ['investigating', ms('2021-08-24T04:21:20Z')],
    ]);
    expect(incident.components.map((c) => c.vendorId)).toEqual(['VNJxzcH58QmTt5H6pnT6']);
  });

  it('reads a high-severity outage with 18 updates and 14 products', () => {
    const incident = only(snapshot, '4Qvmd4q81VnA9RirCMqV');
    expect(incident).toMatchObject({
      impact: 'major',
      status: 'resolved',
      startedAt: ms('2022-05-06T08:30:00Z'),
      resolvedAt: ms('2022-05-06T19:06:00Z'),
    });
    expect(incident.updates).toHaveLength(18);
    expect(incident.updates[0]?.displayedAt).toBe(ms('2022-05-06T12:01:47Z'));
    expect(incident.updates[17]?.displayedAt).toBe(ms('2022-05-16T23:12:31Z'));
    expect(incident.updates.map((u) => u.status).indexOf('resolved')).toBe(15);
    expect(incident.components).toHaveLength(14);
    expect(incident.components[0]?.name).toBe('Google BigQuery');
    expect(incident.components[13]).toMatchObject({
      vendorId: 'ix7u9beT8ivBdjApTif3',
      name: 'Cloud Load Balancing',
    });
  });

  it('renders update Markdown as sanitized HTML', () => {
    const withLinks = snapshot.incidents
      .flatMap((i) => i.updates)
      .filter((u) => u.bodyHtml.includes('<a href='));
    expect(withLinks.length).toBeGreaterThan(0);
    expect(
      snapshot.incidents.every((i) => i.updates.every((u) => !u.bodyHtml.includes('<script'))),
    ).toBe(true);
  });
});

describe('gcpStatus on odd words and missing values', () => {
  const snapshot = parse(handmade('odd-words'));

  it('maps unknown words to the nearest value and warns about each', () => {
    const incident = only(snapshot, 'hmOpen000000000000001');
    expect(incident).toMatchObject({
      title: 'Handmade open incident with **odd** words',
      impact: 'minor',
      status: 'investigating',
      resolvedAt: null,
      url: 'https://status.cloud.google.com/incidents/hmOpen000000000000001',
    });
    expect(incident.components.map((c) => c.name)).toEqual(['Handmade Product']);
    expect(incident.updates.map((u) => [u.status, u.label, u.createdAt])).toEqual([
      ['investigating', 'SERVICE_DISRUPTION', ms('2024-03-01T10:05:00Z')],
      ['investigating', null, null],
      ['investigating', 'SERVICE_SMOLDERING', ms('2024-03-01T10:30:00Z')],
    ]);
    expect(incident.updates[1]?.vendorId).toBe('undated#1');
    expect(incident.updates[2]?.bodyHtml).toContain('<strong>broken</strong>');
    const text = snapshot.warnings.join('\n');
    for (const word of ['catastrophic', 'SERVICE_SMOLDERING', 'yesterday']) {
      expect(text).toContain(`"${word}"`);
    }
  });

  it('falls back on most_recent_update and status_impact', () => {
    expect(only(snapshot, 'hmOnlyRecent00000002')).toMatchObject({
      impact: 'major',
      status: 'resolved',
      resolvedAt: ms('2024-03-02T09:00:00Z'),
      title: 'Handmade incident with only its most recent update, resolved in words',
      updates: [{ status: 'resolved', label: 'resolved', bodyText: 'Fixed.' }],
    });
  });

  it('skips nulls, items without id and duplicates, with a warning for each', () => {
    expect(snapshot.incidents).toHaveLength(2);
    expect(snapshot.warnings).toEqual(
      expect.arrayContaining([
        'incident #2 skipped: not an object (null)',
        'incident "Handmade incident without an id" skipped: no id',
        'incident hmOnlyRecent00000002 listed twice',
        'incident hmOpen000000000000001 product #1 skipped: not an object (null)',
      ]),
    );
  });
});

describe('gcpStatus on bad input', () => {
  it.each([
    ['truncated JSON', handmade('truncated'), 'parse', /not valid JSON/],
    ['an empty body', '', 'parse', /not valid JSON/],
    ['a JSON object', '{"incidents":[]}', 'unsupported_format', /got object/],
    ['an array of foreign items', handmade('foreign-array'), 'unsupported_format', /GCP/],
  ] as const)('rejects %s', (_what, body, kind, message) => {
    const error = thrown(() => parse(body));
    expect(isStatuswatchError(error, kind)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('reads an empty array as an empty window', () => {
    expect(parse('[]')).toMatchObject({ incidents: [], coverage: 'window', warnings: [] });
  });
});

describe('gcpStatus.detect', () => {
  const detect = (body: string): boolean => gcpStatus.detect(body, meta);
  it('accepts the captured feed and the handmade variation, and Statuspage does not', () => {
    expect(detect(raw)).toBe(true);
    expect(detect(handmade('odd-words'))).toBe(true);
    expect(statuspageV2.detect(raw, meta)).toBe(false);
  });
  it.each([
    ['an empty array', '[]'],
    ['a foreign array', handmade('foreign-array')],
    ['an item with a title but no updates', '[{"external_desc":"x"}]'],
    ['truncated JSON', handmade('truncated')],
    ['a Statuspage document', '{"page":{"id":"abc"},"incidents":[]}'],
  ])('rejects %s', (_what, body) => {
    expect(detect(body)).toBe(false);
  });
});
