import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden } from '../../test/support/golden.ts';
import { incidentio } from './incidentio.ts';
import { statuspageV2 } from './statuspage-v2.ts';

const VENDOR_DIR = fileURLToPath(
  new URL('../../test/fixtures/vendors/incidentio/', import.meta.url),
);
const HANDMADE_DIR = fileURLToPath(new URL('../../test/fixtures/handmade/', import.meta.url));
const PAGE_ULID = '01HQ7Y3K2M8V4TR6ZB5NXW9CDE';

const meta = (url: string | null = null): PayloadMeta => ({
  url,
  fetchedAt: Date.parse('2026-10-01T00:00:00Z'),
  contentType: 'application/json',
});
const vendor = (name: string): string => readFileSync(`${VENDOR_DIR}${name}`, 'utf8');
const handmade = (name: string): string =>
  readFileSync(`${HANDMADE_DIR}incidentio__${name}.json`, 'utf8');
const parse = (body: string, url: string | null = null): Snapshot =>
  incidentio.parse(body, meta(url));
const ms = (iso: string): number => Date.parse(iso);

function incident(snapshot: Snapshot, id: string): Incident {
  const found = snapshot.incidents.find((i) => i.vendorId === id);
  if (found === undefined) throw new Error(`no incident ${id}`);
  return found;
}

/** A one-incident incidents.json in incident.io's spelling, with `changes` applied. */
function oneIncident(changes: Record<string, unknown>): string {
  const base = {
    id: '01HX9Z0A1B2C3D4E5F6G7H8J9K',
    name: 'Builder incident',
    status: 'investigating',
    impact: 'minor',
    created_at: '2024-05-05T10:00:00Z',
    incident_updates: [],
  };
  return JSON.stringify({ page: { id: PAGE_ULID }, incidents: [{ ...base, ...changes }] });
}

describe('incidentio golden snapshots', () => {
  const vendorFiles = readdirSync(VENDOR_DIR).filter((f) => f.endsWith('.json'));
  const handmadeFiles = readdirSync(HANDMADE_DIR).filter(
    (f) => f.startsWith('incidentio__') && f.endsWith('.json'),
  );
  it('has every vendor fixture', () => {
    expect(vendorFiles).toHaveLength(2);
  });
  for (const file of [...vendorFiles, ...handmadeFiles]) {
    it(`parses ${file} as in its golden file`, () => {
      const dir = vendorFiles.includes(file) ? VENDOR_DIR : HANDMADE_DIR;
      expectGolden(file, parse(readFileSync(`${dir}${file}`, 'utf8')));
    });
  }
});

describe('incidentio on OpenAI’s summary', () => {
  const snapshot = parse(vendor('openai__api-v2-summary.json'));

  it('reads all 25 components and two open incidents without warnings', () => {
    expect(snapshot.coverage).toBe('open-only');
    expect(snapshot.format).toBe('incidentio');
    expect(snapshot.components).toHaveLength(25);
    expect(snapshot.components?.[0]).toEqual({
      vendorId: '01JMXBRMFEQW613TFE89F45035',
      name: 'Realtime',
      groupName: null,
      status: 'degraded_performance',
      position: 0,
    });
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual([
      '01M3Q4RK1SM4EMK445GGPG7C0N',
      '01M3Q4HMNP8SZ27DTZKW6F5BJ4',
    ]);
    expect(snapshot.warnings).toEqual([]);
  });

  it('keeps the elevated-errors incident as the vendor tells it', () => {
    const elevated = incident(snapshot, '01M3Q4RK1SM4EMK445GGPG7C0N');
    expect(elevated).toMatchObject({
      kind: 'incident',
      impact: 'minor',
      status: 'investigating',
      createdAt: ms('2026-09-29T17:52:52Z'),
      // incident.io has no started_at: the creation time stands in, as Statuspage defaults it.
      startedAt: ms('2026-09-29T17:52:52Z'),
      resolvedAt: null,
      shortlink: null,
      components: [],
      url: 'https://status.openai.com/incidents/01M3Q4RK1SM4EMK445GGPG7C0N',
    });
    expect(elevated.updates).toHaveLength(2);
    expect(elevated.updates[0]?.displayedAt).toBe(ms('2026-09-29T17:52:52Z'));
    expect(elevated.updates[1]?.displayedAt).toBe(ms('2026-09-29T18:24:17Z'));
    expect(elevated.updates[1]?.affectedComponents).toEqual([]);
  });

  it('reads update bodies as Markdown', () => {
    const support = incident(snapshot, '01M3Q4HMNP8SZ27DTZKW6F5BJ4');
    expect(support).toMatchObject({ impact: 'none', status: 'investigating' });
    expect(support.updates).toHaveLength(2);
    expect(support.updates[0]?.displayedAt).toBe(ms('2026-09-29T17:49:05Z'));
    expect(support.updates[1]?.displayedAt).toBe(ms('2026-09-29T17:55:17Z'));
    const first = support.updates[0];
    expect(first?.bodyHtml).toContain('<a href="mailto:support@openai.com"');
    expect(first?.bodyHtml).toContain('</p>\n<p>We apologize for the inconvenience.</p>');
    expect(first?.bodyText).not.toContain('](mailto:');
  });
});

describe('incidentio on OpenAI’s all-operational summary', () => {
  it('reads a summary without incidents or maintenances keys as zero open incidents', () => {
    const snapshot = parse(vendor('openai__api-v2-summary-operational.json'));
    expect(snapshot.incidents).toEqual([]);
    expect(snapshot.coverage).toBe('open-only');
    expect(snapshot.components).toHaveLength(25);
    expect(snapshot.components?.every((c) => c.status === 'operational')).toBe(true);
    expect(snapshot.page.updatedAt).toBe(ms('2026-07-09T19:25:56Z'));
    expect(snapshot.warnings).toEqual([]);
  });
});

describe('incidentio on incidents.json', () => {
  const snapshot = parse(
    handmade('incidents-window'),
    'https://status.handmade-ai.test/api/v2/incidents.json',
  );

  it('takes monitoring and resolution times from the updates when the keys are absent', () => {
    const images = incident(snapshot, '01HWZ8K5Q3R7T9V1X2Y4Z6A8B0');
    expect(snapshot.coverage).toBe('window');
    expect(images).toMatchObject({
      impact: 'major',
      status: 'resolved',
      monitoringAt: ms('2024-05-01T10:00:00Z'),
      resolvedAt: ms('2024-05-01T10:30:00Z'),
    });
    expect(images.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(images.updates[0]?.displayedAt).toBe(ms('2024-05-01T09:00:00Z'));
    expect(images.updates[3]?.displayedAt).toBe(ms('2024-05-01T10:30:00Z'));
  });

  it('sanitizes Markdown bodies and keeps lists, links and a literal "<10%"', () => {
    const [, identified, monitoring] = incident(snapshot, '01HWZ8K5Q3R7T9V1X2Y4Z6A8B0').updates;
    expect(identified?.bodyHtml).not.toContain('<script');
    expect(identified?.bodyHtml).toContain('&lt;10%');
    expect(identified?.bodyHtml).toContain('href="https://docs.handmade-ai.test/limits"');
    expect(monitoring?.bodyHtml).toContain('<li>restarted the workers</li>');
  });

  it('dates a reopened incident’s resolution from its last resolving update', () => {
    const login = incident(snapshot, '01HWXR5T6V7W8X9Y0Z1A2B3C4D');
    expect(login.updates.map((u) => u.status)).toEqual([
      'investigating',
      'resolved',
      'investigating',
      'resolved',
    ]);
    expect(login.resolvedAt).toBe(ms('2024-04-30T11:00:00Z'));
  });

  it('recognises a maintenance by its status words alone', () => {
    const failover = incident(snapshot, '01HWTM0A1B2C3D4E5F6G7H8J9K');
    expect(failover).toMatchObject({
      kind: 'maintenance',
      impact: null,
      status: 'completed',
      resolvedAt: ms('2024-04-28T07:00:00Z'),
    });
    expect(failover.updates.map((u) => u.status)).toEqual(['in_progress', 'completed']);
  });
});

describe('incidentio on a single incident', () => {
  const snapshot = parse(handmade('single-incident'));

  it('keeps the incident’s components and each update’s own component names', () => {
    expect(snapshot).toMatchObject({ coverage: 'single', components: null });
    const realtime = incident(snapshot, '01HX2B3C4D5E6F7G8H9J0K1M2N');
    expect(realtime).toMatchObject({ impact: 'critical', status: 'identified' });
    expect(realtime.components).toEqual([
      {
        vendorId: '01HQ8A0B1C2D3E4F5G6H7J8K9M',
        name: 'Realtime',
        oldStatus: null,
        newStatus: null,
      },
    ]);
    expect(realtime.updates.map((u) => u.affectedComponents)).toEqual([
      [
        {
          vendorId: '01HQ8A0B1C2D3E4F5G6H7J8K9M',
          name: 'Realtime API',
          oldStatus: 'operational',
          newStatus: 'major_outage',
        },
      ],
      [
        {
          vendorId: '01HQ8A0B1C2D3E4F5G6H7J8K9M',
          name: 'Realtime API',
          oldStatus: 'major_outage',
          newStatus: 'partial_outage',
        },
      ],
    ]);
  });
});

describe('incidentio on odd and bad input', () => {
  it('maps the unknown impact "catastrophic" to minor and warns', () => {
    const snapshot = parse(oneIncident({ impact: 'catastrophic' }));
    expect(snapshot.incidents[0]?.impact).toBe('minor');
    expect(snapshot.warnings).toEqual([
      'incident 01HX9Z0A1B2C3D4E5F6G7H8J9K: unknown impact "catastrophic" read as minor',
    ]);
  });

  it('leaves impact unknown when incident.io omits it', () => {
    const snapshot = parse(oneIncident({ impact: undefined }));
    expect(snapshot.incidents[0]?.impact).toBeNull();
    expect(snapshot.warnings).toEqual([]);
  });

  it('rejects malformed JSON as a parse error and an array as unsupported', () => {
    const cut = vendor('openai__api-v2-summary.json').slice(0, 500);
    expect(() => parse(cut)).toThrow(/not valid JSON/);
    expect(
      isStatuswatchError(
        catchError(() => parse(cut)),
        'parse',
      ),
    ).toBe(true);
    expect(
      isStatuswatchError(
        catchError(() => parse('[]')),
        'unsupported_format',
      ),
    ).toBe(true);
  });
});

describe('incidentio.detect', () => {
  const detect = (body: string): boolean => incidentio.detect(body, meta());

  it('accepts OpenAI’s pages and the handmade incident.io documents', () => {
    for (const file of readdirSync(VENDOR_DIR)) expect(detect(vendor(file)), file).toBe(true);
    expect(detect(handmade('incidents-window'))).toBe(true);
    expect(detect(handmade('single-incident'))).toBe(true);
  });

  it('accepts a page whose incidents alone carry ULIDs', () => {
    const body = JSON.stringify({
      page: { id: 'custom-page' },
      incidents: [{ id: '01HX9Z0A1B2C3D4E5F6G7H8J9K' }],
    });
    expect(detect(body)).toBe(true);
    expect(statuspageV2.detect(body, meta())).toBe(false);
  });

  it('leaves Atlassian Statuspage payloads to the Statuspage source', () => {
    const github = readFileSync(
      fileURLToPath(
        new URL('../../test/fixtures/vendors/statuspage-v2/github__summary.json', import.meta.url),
      ),
      'utf8',
    );
    expect(detect(github)).toBe(false);
    expect(detect('<!DOCTYPE html><html></html>')).toBe(false);
    expect(detect(`{"page":{"id":"${PAGE_ULID}"}}`)).toBe(false);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}
