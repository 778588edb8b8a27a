/**
 * Importing the real legacy AWS data.json (test/fixtures/vendors/aws/aws-health-dashboard__data.json,
 * newest item 2022-06-16) and the real GCP incidents.json (test/fixtures/vendors/gcp/
 * google-cloud__incidents.json, newest update 2022-07-01): archive entries that AWS closed
 * without saying when are "resolved, end not given", and first-seen is the capture's own time,
 * not the file's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeIncident, type StoredIncident } from '../src/domain/index.ts';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { providerReport } from '../src/reliability/provider-report.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { summarySentence } from '../src/web/_incident-view.ts';

const AWS = 'test/fixtures/vendors/aws/aws-health-dashboard__data.json';
const GCP = 'test/fixtures/vendors/gcp/google-cloud__incidents.json';
/** The newest update time in the AWS capture: billingconsole-1655342154's "6:53 PM PDT". */
const AWS_CAPTURED = '2022-06-16T01:53:00.000Z';

let dataDir = '';
let store: Store;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-aws-import-'));
  store = await openStore({ databaseUrl: null, dataDir });
  await importCaptures(store, [AWS], { providerSlug: 'aws' });
  await importCaptures(store, [GCP], { providerSlug: 'gcp' });
}, 60_000);

afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function incident(slug: string, id: string): Promise<StoredIncident> {
  const found = await store.getIncident(slug, id);
  if (found === null) throw new Error(`${slug}/${id} not imported`);
  return found;
}

describe('an AWS archive entry closed without an end', () => {
  for (const id of ['billingconsole-1655342154', 'ecs-us-east-1-1629201355']) {
    it(`${id}: resolved, duration unknown for a stated reason, never open`, async () => {
      expect(summarizeIncident(await incident('aws', id))).toMatchObject({
        status: 'resolved',
        resolved_at: null,
        duration_minutes: null,
        duration_anomaly: 'missing_end',
      });
    });
  }

  it('is described as resolved with its end not given, on the incident page', async () => {
    const i = await incident('aws', 'billingconsole-1655342154');
    const sentence = summarySentence(i, 'AWS', 'UTC', Date.parse('2026-11-30T00:00:00Z'));
    expect(sentence).toBe(
      'AWS had a minor incident on June 16, 2022 affecting AWS Billing Console. It has been resolved, end not given by the vendor, so its duration is unknown; the full update timeline is below.',
    );
    expect(sentence).not.toMatch(/open for|not resolved yet/);
  });

  it('is counted among the report anomalies, and not as unresolved', async () => {
    const report = providerReport(await store.listIncidents({ providerSlug: 'aws' }));
    expect(report.unresolved).toBe(0);
    expect(
      report.anomalies.filter((a) => a.anomaly.kind === 'missing_end').map((a) => a.incident),
    ).toEqual(expect.arrayContaining(['billingconsole-1655342154', 'ecs-us-east-1-1629201355']));
  });
});

describe('first seen, for captures without a time of their own', () => {
  it("AWS: the capture's newest item time, for the incidents and the provider", async () => {
    const i = await incident('aws', 'billingconsole-1655342154');
    expect(new Date(i.firstSeenAt).toISOString()).toBe(AWS_CAPTURED);
    const provider = await store.getProvider('aws');
    expect(new Date(provider?.provider.createdAt ?? 0).toISOString()).toBe(AWS_CAPTURED);
  });

  it("GCP: the capture's newest item time, not the file's", async () => {
    const all = await store.listIncidents({ providerSlug: 'gcp' });
    const seen = new Set(all.map((i) => new Date(i.firstSeenAt).toISOString()));
    expect([...seen]).toEqual(['2022-07-01T19:25:45.000Z']);
  });
});
