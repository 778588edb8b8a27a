import { describe, expect, it } from 'vitest';
import type { Component } from '../domain/index.ts';
import {
  draftPostmortem,
  openIncident,
  postUpdate,
  publishPostmortem,
  resolveIncident,
} from './author-incident.ts';
import {
  completeMaintenance,
  scheduleMaintenance,
  startMaintenance,
} from './author-maintenance.ts';
import { isCode, newCode } from './incident-code.ts';
import { isoInZone } from './zoned-time.ts';

const T0 = Date.UTC(2018, 0, 23, 22, 16);
const components: Component[] = [
  { vendorId: 'api', name: 'API', groupName: 'North America', status: 'operational', position: 1 },
  { vendorId: 'web', name: 'Web Interface', groupName: null, status: 'operational', position: 2 },
];
let n = 0;
const ctx = (at: number) => ({
  at,
  newCode: () => `code${String(++n).padStart(8, '0')}`,
  pageUrl: 'https://status.example.com',
});

describe('authoring an incident', () => {
  it('opens, updates with component changes, resolves (components back) and publishes a postmortem', () => {
    const opened = openIncident(
      components,
      {
        title: 'API errors',
        impact: 'major',
        body: 'Looking.',
        components: { api: 'major_outage' },
      },
      ctx(T0),
    );
    expect(opened.components[0]?.status).toBe('major_outage');
    expect(opened.incident.updates[0]?.affectedComponents).toEqual([
      {
        vendorId: 'api',
        name: 'North America - API',
        oldStatus: 'operational',
        newStatus: 'major_outage',
      },
    ]);
    const code = opened.incident.vendorId;
    const updated = postUpdate(
      opened.components,
      opened.incident,
      { code, status: 'monitoring', body: 'Fix out.', components: { api: 'degraded_performance' } },
      ctx(T0 + 60_000),
    );
    expect(updated.incident.monitoringAt).toBe(T0 + 60_000);
    const resolved = resolveIncident(
      updated.components,
      updated.incident,
      { code },
      ctx(T0 + 120_000),
    );
    expect(resolved.components.map((c) => c.status)).toEqual(['operational', 'operational']);
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.incident.resolvedAt).toBe(T0 + 120_000);
    expect(() =>
      publishPostmortem(resolved.components, resolved.incident, { code }, ctx(T0)),
    ).toThrow(/no drafted postmortem/);
    const drafted = draftPostmortem(resolved.components, resolved.incident, {
      code,
      body: 'What happened.',
    });
    expect(drafted.incident.postmortem?.publishedAt).toBeNull();
    const published = publishPostmortem(
      drafted.components,
      drafted.incident,
      { code },
      ctx(T0 + 2 * 86_400_000),
    );
    expect(published.incident.status).toBe('postmortem');
    expect(published.incident.updates.at(-1)).toMatchObject({
      status: 'postmortem',
      displayedAt: null,
      bodyText: 'What happened.',
    });
    expect(published.incident.postmortem?.publishedAt).toBe(T0 + 2 * 86_400_000);
  });

  it('refuses bad input with every bad field named', () => {
    expect(() =>
      openIncident(components, { title: '', body: '', impact: 'huge' as 'major' }, ctx(T0)),
    ).toThrow(/open incident: title: a title is required; impact: .*; body: a message is required/);
    expect(() =>
      openIncident(
        components,
        { title: 'x', body: 'y', components: { nope: 'major_outage' } },
        ctx(T0),
      ),
    ).toThrow(/no component "nope" on this page \(components: api, web\)/);
  });
});

describe('authoring a maintenance', () => {
  it('puts its components under maintenance while in progress and back when completed', () => {
    const at = ctx(T0);
    const scheduled = scheduleMaintenance(
      components,
      {
        title: 'DB upgrade',
        body: 'Planned.',
        scheduledFor: T0 + 3_600_000,
        scheduledUntil: T0 + 7_200_000,
        components: ['web'],
      },
      at,
    );
    expect(scheduled.incident).toMatchObject({
      kind: 'maintenance',
      status: 'scheduled',
      impact: 'maintenance',
    });
    const code = scheduled.incident.vendorId;
    const started = startMaintenance(
      scheduled.components,
      scheduled.incident,
      { code },
      ctx(T0 + 3_600_000),
    );
    expect(started.components[1]?.status).toBe('under_maintenance');
    const done = completeMaintenance(
      started.components,
      started.incident,
      { code },
      ctx(T0 + 7_000_000),
    );
    expect(done.components[1]?.status).toBe('operational');
    expect(done.incident).toMatchObject({ status: 'completed', resolvedAt: T0 + 7_000_000 });
    expect(() => startMaintenance(done.components, done.incident, { code }, at)).toThrow(
      /is completed, not scheduled/,
    );
  });
});

describe('codes and zoned times', () => {
  it('makes 12-character lowercase alphanumeric codes', () => {
    const codes = new Set(Array.from({ length: 200 }, newCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(isCode(c)).toBe(true);
  });

  it('writes times with the page offset, as Statuspage does', () => {
    // Box's page (America/Los_Angeles): "2024-01-22T16:16:21.430-08:00".
    expect(isoInZone(Date.parse('2024-01-23T00:16:21.430Z'), 'America/Los_Angeles')).toBe(
      '2024-01-22T16:16:21.430-08:00',
    );
    expect(isoInZone(Date.parse('2024-07-01T12:00:00.000Z'), 'America/Los_Angeles')).toBe(
      '2024-07-01T05:00:00.000-07:00',
    );
    expect(isoInZone(Date.parse('2022-11-09T01:54:03.540Z'), 'Etc/UTC')).toBe(
      '2022-11-09T01:54:03.540Z',
    );
    expect(isoInZone(Date.parse('2024-01-01T00:00:00.000Z'), 'Asia/Kolkata')).toBe(
      '2024-01-01T05:30:00.000+05:30',
    );
  });
});
