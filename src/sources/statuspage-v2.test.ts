import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden, thrown } from '../../test/support/golden.ts';
import { incidentio } from './incidentio.ts';
import { statuspageV2 } from './statuspage-v2.ts';
import { isTemplateIncident } from './_statuspage-mapping.ts';

const VENDOR_DIR = fileURLToPath(
  new URL('../../test/fixtures/vendors/statuspage-v2/', import.meta.url),
);
const HANDMADE_DIR = fileURLToPath(new URL('../../test/fixtures/handmade/', import.meta.url));
const UNPARSEABLE = ['array', 'html-error-page', 'truncated'].map(
  (n) => `statuspage-v2__${n}.json`,
);

const meta = (url: string | null = null): PayloadMeta => ({
  url,
  fetchedAt: Date.parse('2024-06-01T00:00:00Z'),
  contentType: 'application/json',
});
const vendor = (name: string): string => readFileSync(`${VENDOR_DIR}${name}`, 'utf8');
const handmade = (name: string): string =>
  readFileSync(`${HANDMADE_DIR}statuspage-v2__${name}.json`, 'utf8');
const parse = (body: string, url: string | null = null): Snapshot =>
  statuspageV2.parse(body, meta(url));
const ms = (iso: string): number => Date.parse(iso);

function only(snapshot: Snapshot, id?: string): Incident {
  const found =
    id === undefined ? snapshot.incidents[0] : snapshot.incidents.find((i) => i.vendorId === id);
  if (found === undefined) throw new Error(`no incident ${id ?? '(first)'}`);
  return found;
}

describe('statuspageV2 golden snapshots', () => {
  const vendorFiles = readdirSync(VENDOR_DIR).filter(isPayload);
  const handmadeFiles = readdirSync(HANDMADE_DIR).filter(
    (f) => f.startsWith('statuspage-v2__') && f.endsWith('.json') && !UNPARSEABLE.includes(f),
  );
  it('has every vendor fixture', () => {
    expect(vendorFiles).toHaveLength(13);
  });
  for (const file of vendorFiles) {
    it(`parses ${file} as in its golden file`, () => {
      expectGolden(file, parse(vendor(file)));
    });
  }
  for (const file of handmadeFiles) {
    it(`parses handmade ${file} as in its golden file`, () => {
      expectGolden(file, parse(readFileSync(`${HANDMADE_DIR}${file}`, 'utf8')));
    });
  }
});

describe('statuspageV2 on GitHub single-incident documents', () => {
  it('keeps impact none incidents and their three updates, oldest first', () => {
    const snapshot = parse(vendor('github__incident-98fs1552d2nw.json'));
    expect(snapshot.coverage).toBe('single');
    expect(snapshot.components).toBeNull();
    const incident = only(snapshot);
    expect(incident).toMatchObject({
      vendorId: '98fs1552d2nw',
      kind: 'incident',
      impact: 'none',
      status: 'resolved',
      startedAt: ms('2023-07-25T22:33:16.576Z'),
      monitoringAt: null,
      resolvedAt: ms('2023-07-25T22:43:47.737Z'),
      url: 'https://www.githubstatus.com/incidents/98fs1552d2nw',
      shortlink: 'https://stspg.io/bkw3x9xz95f7',
      components: [],
      postmortem: null,
      isTemplate: false,
    });
    expect(incident.updates.map((u) => u.vendorId)).toEqual([
      'rdwz4vm56dwg',
      'fqzt8s1s0m2x',
      'r1h18wdsk7tg',
    ]);
    expect(incident.updates[0]?.displayedAt).toBe(ms('2023-07-25T22:33:16.632Z'));
    expect(incident.updates[2]?.displayedAt).toBe(ms('2023-07-25T22:43:47.737Z'));
    expect(incident.updates.map((u) => u.status)).toEqual([
      'investigating',
      'investigating',
      'resolved',
    ]);
    expect(incident.updates.every((u) => u.affectedComponents.length === 0)).toBe(true);
  });

  it('escapes a raw "<" in a plain-text body instead of reading it as HTML', () => {
    const update = only(parse(vendor('github__incident-98fs1552d2nw.json'))).updates[1];
    expect(update?.bodyText).toContain('a small subset of customers <1% have encountered');
    expect(update?.bodyHtml).toContain('customers &lt;1% have');
  });

  it('keeps every update’s affected component under the name it had then', () => {
    const incident = only(parse(vendor('github__incident-rgy28jwprr1c.json')));
    expect(incident).toMatchObject({ impact: 'critical', status: 'resolved', components: [] });
    expect(incident.monitoringAt).toBe(ms('2019-09-23T16:28:27.036Z'));
    expect(incident.updates).toHaveLength(4);
    expect(incident.updates[0]?.displayedAt).toBe(ms('2019-09-23T16:12:01.706Z'));
    expect(incident.updates[3]?.displayedAt).toBe(ms('2019-09-23T16:37:46.707Z'));
    // "Notifications" is no longer a GitHub component; the code still identifies it.
    const transitions = incident.updates.map((u) =>
      u.affectedComponents.map((c) => [c.vendorId, c.name, c.oldStatus, c.newStatus]),
    );
    expect(transitions).toEqual([
      [['5bfcr2x9x8kc', 'Notifications', 'major_outage', 'major_outage']],
      [['5bfcr2x9x8kc', 'Notifications', 'major_outage', 'degraded_performance']],
      [['5bfcr2x9x8kc', 'Notifications', 'degraded_performance', 'degraded_performance']],
      [['5bfcr2x9x8kc', 'Notifications', 'degraded_performance', 'operational']],
    ]);
  });

  it('keeps display time apart from creation time and all ten components of a critical outage', () => {
    const incident = only(parse(vendor('github__incident-gqx5l06jjxhp.json')));
    expect(incident).toMatchObject({ impact: 'critical', status: 'resolved', postmortem: null });
    expect(incident.resolvedAt).toBe(ms('2023-06-29T18:36:19.000Z'));
    expect(incident.components.map((c) => c.name)).toEqual([
      'Git Operations',
      'API Requests',
      'Webhooks',
      'Issues',
      'Pull Requests',
      'Actions',
      'Packages',
      'Pages',
      'Codespaces',
      'Copilot',
    ]);
    expect(incident.components.every((c) => c.oldStatus === null && c.newStatus === null)).toBe(
      true,
    );
    expect(incident.updates).toHaveLength(8);
    const [first] = incident.updates;
    const last = incident.updates.at(-1);
    expect(first?.displayedAt).toBe(ms('2023-06-29T17:52:11.671Z'));
    expect(last).toMatchObject({
      displayedAt: ms('2023-06-29T18:36:19.000Z'),
      createdAt: ms('2023-06-29T18:36:19.484Z'),
    });
    expect(first?.affectedComponents).toHaveLength(10);
    expect(
      first?.affectedComponents.every(
        (c) => c.oldStatus === 'operational' && c.newStatus === 'major_outage',
      ),
    ).toBe(true);
    const recovery = incident.updates.find((u) => u.displayedAt === ms('2023-06-29T18:35:47.915Z'));
    expect(
      recovery?.affectedComponents.every(
        (c) => c.oldStatus === 'partial_outage' && c.newStatus === 'operational',
      ),
    ).toBe(true);
  });

  it('keeps 29 updates of a long incident, two of them without affected components', () => {
    const incident = only(parse(vendor('github__incident-t2xwk9mz56f4.json')));
    expect(incident).toMatchObject({ impact: 'major', status: 'resolved' });
    expect(incident.components).toHaveLength(8);
    expect(incident.updates).toHaveLength(29);
    expect(incident.updates[0]?.displayedAt).toBe(ms('2023-02-18T03:45:31.335Z'));
    expect(incident.updates[28]?.displayedAt).toBe(ms('2023-02-18T05:02:16.705Z'));
    const without = incident.updates.filter((u) => u.affectedComponents.length === 0);
    expect(without.map((u) => u.vendorId)).toEqual(['rsdx46hygt94', '99c5twjtk86v']);
    expect(incident.updates[0]?.affectedComponents).toEqual([
      {
        vendorId: 'hhtssxt0f5v2',
        name: 'Pull Requests',
        oldStatus: 'operational',
        newStatus: 'operational',
      },
    ]);
  });
});

describe('statuspageV2 on summary.json', () => {
  it('reads components and the open incident of GitHub’s summary', () => {
    const snapshot = parse(vendor('github__summary.json'));
    expect(snapshot.coverage).toBe('open-only');
    expect(snapshot.page).toEqual({
      name: 'GitHub',
      url: 'https://www.githubstatus.com',
      updatedAt: ms('2022-11-25T15:50:05.892Z'),
    });
    expect(snapshot.components).toHaveLength(11);
    expect(snapshot.components?.find((c) => c.name === 'Packages')).toMatchObject({
      status: 'partial_outage',
      position: 8,
      groupName: null,
    });
    const incident = only(snapshot, 'ljwdk6qml8z8');
    expect(incident).toMatchObject({ impact: 'major', status: 'investigating', resolvedAt: null });
    expect(incident.components.map((c) => c.name)).toEqual(['Packages', 'Pages']);
    expect(incident.updates).toHaveLength(7);
    expect(incident.updates[0]?.displayedAt).toBe(ms('2022-11-25T14:39:09.577Z'));
    expect(incident.updates[6]?.displayedAt).toBe(ms('2022-11-25T15:50:04.967Z'));
    expect(snapshot.warnings).toEqual([]);
  });

  it('drops groups from the components but names each child’s group', () => {
    const components = parse(handmade('summary-groups-maintenances')).components ?? [];
    expect(components.map((c) => [c.name, c.groupName, c.status])).toEqual([
      ['REST API', 'API', 'under_maintenance'],
      ['GraphQL API', 'API', 'degraded_performance'],
      ['Website', null, 'operational'],
    ]);
  });

  it('reads scheduled_maintenances as maintenances with their own status words', () => {
    const snapshot = parse(handmade('summary-groups-maintenances'));
    const maintenance = only(snapshot, 'mnt00000db01');
    expect(maintenance).toMatchObject({
      kind: 'maintenance',
      impact: 'maintenance',
      status: 'in_progress',
      scheduledFor: ms('2024-03-01T10:00:00.000Z'),
      scheduledUntil: ms('2024-03-01T14:00:00.000Z'),
      url: 'https://status.handmade.test/incidents/mnt00000db01',
    });
    expect(maintenance.updates.map((u) => u.status)).toEqual(['scheduled', 'in_progress']);
    expect(maintenance.updates[1]?.affectedComponents).toEqual([
      {
        vendorId: 'cmp0000rest1',
        name: 'API - REST API',
        oldStatus: 'operational',
        newStatus: 'under_maintenance',
      },
    ]);
  });

  it('flags Statuspage’s sample incident and maintenance as templates, and nothing else', () => {
    const snapshot = parse(handmade('summary-groups-maintenances'));
    const templates = snapshot.incidents.filter((i) => i.isTemplate).map((i) => i.vendorId);
    expect(templates).toEqual(['inc0example1', 'mnt0example1']);
  });
});

describe('isTemplateIncident', () => {
  const updates = (...bodies: string[]): Incident['updates'] =>
    bodies.map((bodyText, i) => ({
      vendorId: `u${i}`,
      status: 'investigating',
      label: null,
      bodyHtml: '',
      bodyText,
      displayedAt: null,
      createdAt: null,
      affectedComponents: [],
    }));
  it.each([
    ['This is an example incident', true, updates('Anything')],
    ['Example Scheduled Maintenance', true, updates()],
    [
      'Renamed sample',
      true,
      updates('This is an example incident update.', 'This is an example update, resolved.'),
    ],
    ['Example.com DNS outage', false, updates('Example.com does not resolve.')],
    ['Example incident in the EU region', false, updates('We are investigating.')],
    ['Search is slow', false, updates('This is an example of what users see.', 'Fixed.')],
    ['Search is slow', false, updates()],
    ['Search is slow', false, updates('This is an example of what users see.')],
  ] as const)('reads "%s" as template: %s', (title, expected, list) => {
    expect(isTemplateIncident(title, list)).toBe(expected);
  });
});

describe('statuspageV2 on incidents.json', () => {
  const snapshot = parse(
    handmade('incidents-window'),
    'https://status.handmade.test/api/v2/incidents.json',
  );

  it('says the payload is a window', () => {
    expect(snapshot.coverage).toBe('window');
  });

  it('orders a backdated update by its display time', () => {
    const incident = only(snapshot, 'inc0backdate');
    expect(incident.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(incident.updates[1]).toMatchObject({
      displayedAt: ms('2024-03-04T10:10:00.000Z'),
      createdAt: ms('2024-03-04T10:35:00.000Z'),
    });
  });

  it('keeps the vendor’s order for updates posted at the same instant', () => {
    expect(only(snapshot, 'inc00000tie1').updates.map((u) => u.bodyText)).toEqual([
      'First, same time.',
      'Second, same time.',
    ]);
  });

  it('reads the postmortem as Markdown with its publication time', () => {
    const incident = only(snapshot, 'inc0backdate');
    expect(incident.status).toBe('postmortem');
    expect(incident.postmortem?.publishedAt).toBe(ms('2024-03-05T09:00:00.000Z'));
    expect(incident.postmortem?.bodyHtml).toContain('<strong>&lt;1%</strong>');
    expect(incident.postmortem?.bodyHtml).toContain('<li>renewed the certificate</li>');
    expect(incident.postmortem?.bodyText).toContain('A certificate expired.');
  });

  it('reads a completed maintenance listed among incidents as a maintenance', () => {
    expect(only(snapshot, 'mnt0complete')).toMatchObject({
      kind: 'maintenance',
      status: 'completed',
      resolvedAt: ms('2024-03-02T03:00:00.000Z'),
    });
  });

  it('builds incident links without a double slash', () => {
    expect(only(snapshot, 'inc0backdate').url).toBe(
      'https://status.handmade.test/incidents/inc0backdate',
    );
  });
});

describe('statuspageV2 coverage', () => {
  const incidentsOnly = JSON.stringify({ page: { id: 'abc' }, incidents: [] });
  it.each([
    ['https://s.test/api/v2/incidents.json', 'window'],
    ['https://s.test/api/v2/scheduled-maintenances.json', 'window'],
    ['https://s.test/api/v2/incidents/unresolved.json', 'open-only'],
    ['https://s.test/api/v2/scheduled-maintenances/upcoming.json', 'open-only'],
    ['https://s.test/api/v2/scheduled-maintenances/active.json?x=1', 'open-only'],
    [null, 'window'],
  ] as const)('reads %s as %s', (url, coverage) => {
    expect(parse(incidentsOnly, url).coverage).toBe(coverage);
  });

  it('reads components.json: components, no incidents, nothing claimed about them', () => {
    const body = JSON.stringify({
      page: { id: 'abc' },
      components: [{ id: 'c1', name: 'API', status: 'operational' }],
    });
    const snapshot = parse(body, 'https://s.test/api/v2/components.json');
    expect(snapshot).toMatchObject({ coverage: 'window', incidents: [] });
    expect(snapshot.components).toHaveLength(1);
  });

  it('has no components when the document does not list them', () => {
    const body = JSON.stringify({ page: { id: 'abc' }, status: { indicator: 'none' } });
    expect(parse(body).components).toBeNull();
  });
});

describe('statuspageV2 on odd words and missing values', () => {
  it('maps unknown words to the nearest value and warns about each', () => {
    const snapshot = parse(handmade('unknown-words'));
    const incident = only(snapshot);
    expect(incident).toMatchObject({ impact: 'minor', status: 'identified', createdAt: null });
    expect(incident.updates.map((u) => [u.status, u.label])).toEqual([
      ['identified', null],
      ['identified', 'contained'],
    ]);
    expect(incident.updates[1]?.affectedComponents[0]).toMatchObject({
      oldStatus: 'degraded_performance',
      newStatus: 'operational',
    });
    expect(snapshot.components?.[0]?.status).toBe('degraded_performance');
    expect(snapshot.page.updatedAt).toBeNull();
    const text = snapshot.warnings.join('\n');
    for (const word of [
      'catastrophic',
      'smoldering',
      'contained',
      'exploded',
      'on fire',
      'yesterday',
      'not a date',
    ]) {
      expect(text).toContain(`"${word}"`);
    }
  });

  it('survives a document where every value is null', () => {
    const snapshot = parse(handmade('all-nulls'));
    expect(snapshot.page).toEqual({ name: null, url: null, updatedAt: null });
    expect(snapshot.components).toEqual([
      {
        vendorId: 'cmp00000nul1',
        name: 'cmp00000nul1',
        groupName: null,
        status: 'degraded_performance',
        position: 1,
      },
    ]);
    const incident = only(snapshot);
    expect(incident).toMatchObject({
      vendorId: 'inc00000nul1',
      title: '',
      impact: null,
      url: null,
      components: [],
    });
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]).toMatchObject({
      bodyText: '',
      displayedAt: null,
      affectedComponents: [],
    });
    expect(snapshot.warnings).toContain('incident #0 skipped: not an object (null)');
  });

  it('survives tens of thousands of nulls and caps its warnings', () => {
    const body = JSON.stringify({
      page: null,
      components: Array(20_000).fill(null),
      incidents: Array(20_000).fill(null),
    });
    const snapshot = parse(body);
    expect(snapshot.incidents).toEqual([]);
    expect(snapshot.components).toEqual([]);
    expect(snapshot.warnings).toHaveLength(201);
    expect(snapshot.warnings.at(-1)).toBe('… and 39801 more warnings');
  });

  it('skips an item of the wrong type and keeps its siblings', () => {
    const body = JSON.stringify({
      page: { id: 'abc' },
      incidents: [
        { id: 'x', name: 42 },
        { id: 'y', name: 'Fine' },
      ],
    });
    const snapshot = parse(body);
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual(['y']);
    expect(snapshot.warnings[0]).toMatch(/^incident #0 skipped: name:/);
  });
});

describe('statuspageV2 on bad input', () => {
  it.each([
    [
      'truncated JSON',
      readFileSync(`${HANDMADE_DIR}statuspage-v2__truncated.json`, 'utf8'),
      'parse',
      /not valid JSON/,
    ],
    [
      'an HTML error page',
      readFileSync(`${HANDMADE_DIR}statuspage-v2__html-error-page.json`, 'utf8'),
      'parse',
      /HTML/,
    ],
    ['an empty body', '', 'parse', /not valid JSON/],
    [
      'a JSON array',
      readFileSync(`${HANDMADE_DIR}statuspage-v2__array.json`, 'utf8'),
      'unsupported_format',
      /an array/,
    ],
    ['a foreign JSON object', '{"hello":"world"}', 'unsupported_format', /keys: hello/],
    [
      'a list key holding a string',
      '{"page":{"id":"a"},"incidents":"soon"}',
      'unsupported_format',
      /incidents/,
    ],
  ] as const)('rejects %s', (_what, body, kind, message) => {
    const error = thrown(() => parse(body));
    expect(isStatuswatchError(error, kind)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('statuspageV2.detect', () => {
  const detect = (body: string): boolean => statuspageV2.detect(body, meta());
  it('accepts every Statuspage fixture', () => {
    for (const file of readdirSync(VENDOR_DIR).filter(isPayload))
      expect(detect(vendor(file)), file).toBe(true);
  });
  it('leaves incident.io payloads to the incident.io source', () => {
    const openai = readFileSync(
      fileURLToPath(
        new URL(
          '../../test/fixtures/vendors/incidentio/openai__api-v2-summary.json',
          import.meta.url,
        ),
      ),
      'utf8',
    );
    expect(detect(openai)).toBe(false);
    expect(incidentio.detect(openai, meta())).toBe(true);
  });
  it.each([
    [
      'an Atom feed',
      readFileSync(
        fileURLToPath(
          new URL(
            '../../test/fixtures/vendors/statuspage-feed/github__history.atom',
            import.meta.url,
          ),
        ),
        'utf8',
      ),
    ],
    ['an HTML page', readFileSync(`${HANDMADE_DIR}statuspage-v2__html-error-page.json`, 'utf8')],
    ['a JSON array', '[{"page":{"id":"a"},"incidents":[]}]'],
    ['a page without id', '{"page":{"name":"x"},"incidents":[]}'],
    ['a page and nothing else', '{"page":{"id":"abc"}}'],
    ['malformed JSON', '{"page":{"id":"abc"},"incidents":['],
  ])('rejects %s', (_what, body) => {
    expect(detect(body)).toBe(false);
  });
});

/**
 * A payload a page serves. `*-bare.json` is one incident object cut out of an incidents.json
 * (test/fixtures/PROVENANCE.md): no page serves that, so no source reads it; the conformance
 * schemas test its fields.
 */
function isPayload(file: string): boolean {
  return file.endsWith('.json') && !file.endsWith('-bare.json');
}
