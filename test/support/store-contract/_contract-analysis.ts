import { expect, it } from 'vitest';
import {
  ANALYSIS_VERSION,
  emptyAnalysis,
  type IncidentAnalysis,
} from '../../../src/domain/index.ts';
import type { ContractContext } from './store-contract.ts';
import type { Store } from '../../../src/storage/store.ts';
import { T0, makeIncident, makeIngestWrite, makeProvider } from '../builders.ts';

/** Contract cases for the stored analysis of an incident (`statuswatch reanalyse`). */
export function contractAnalysisCases({ store }: ContractContext): void {
  it('lists incidents to analyse until their analysis is saved, and keeps the incident as it was', () =>
    analyseOnce(store()));
  it('drops the stored analysis when ingest rewrites the incident, or stores the one it brings', () =>
    ingestReplacesAnalysis(store()));
}

// --- internal ---

const KEY = { providerSlug: 'acme', vendorId: 'inc-1' };

function analysis(version: number, startAt: number): IncidentAnalysis {
  const a = emptyAnalysis();
  a.analysisVersion = version;
  a.impactStartedAt = {
    at: startAt,
    sentence: 'Between 10:05 and 10:40 UTC, users could not log in.',
    confidence: 'high',
    source: 'window',
    zone: 'UTC',
    assumptions: [],
  };
  a.postingLagMinutes = 12;
  return a;
}

async function withTwoIncidents(s: Store): Promise<void> {
  await s.addProvider(makeProvider(), T0);
  await s.applyIngest(
    makeIngestWrite({ incidents: [makeIncident(), makeIncident({ vendorId: 'inc-2' })] }),
  );
}

async function analyseOnce(s: Store): Promise<void> {
  await withTwoIncidents(s);
  const before = await s.getIncident('acme', 'inc-1');
  expect((await s.listIncidentsToAnalyse(ANALYSIS_VERSION, 10)).map((i) => i.vendorId)).toEqual([
    'inc-1',
    'inc-2',
  ]);
  expect(await s.listIncidentsToAnalyse(ANALYSIS_VERSION, 1)).toHaveLength(1);
  await s.saveIncidentAnalyses([{ ...KEY, analysis: analysis(ANALYSIS_VERSION, T0 - 60_000) }]);
  expect((await s.listIncidentsToAnalyse(ANALYSIS_VERSION, 10)).map((i) => i.vendorId)).toEqual([
    'inc-2',
  ]);
  // A newer parser makes the saved analysis old again.
  expect(await s.listIncidentsToAnalyse(ANALYSIS_VERSION + 1, 10)).toHaveLength(2);
  const stored = await s.getIncidentAnalyses([KEY, { providerSlug: 'acme', vendorId: 'inc-2' }]);
  expect([...stored.keys()]).toEqual(['acme\ninc-1']);
  expect(stored.get('acme\ninc-1')).toEqual(analysis(ANALYSIS_VERSION, T0 - 60_000));
  expect(await s.getIncident('acme', 'inc-1')).toEqual(before);
}

async function ingestReplacesAnalysis(s: Store): Promise<void> {
  await withTwoIncidents(s);
  await s.saveIncidentAnalyses([{ ...KEY, analysis: analysis(ANALYSIS_VERSION, T0) }]);
  await s.applyIngest(makeIngestWrite({ incidents: [makeIncident({ title: 'Renamed' })] }));
  expect((await s.getIncidentAnalyses([KEY])).size).toBe(0);
  const brought = analysis(ANALYSIS_VERSION, T0 + 60_000);
  await s.applyIngest(
    makeIngestWrite({ incidents: [makeIncident({ title: 'Renamed again', analysis: brought })] }),
  );
  expect((await s.getIncidentAnalyses([KEY])).get('acme\ninc-1')).toEqual(brought);
  // Read back, the incident carries no analysis: ingest compares it with what it merges.
  expect(await s.getIncident('acme', 'inc-1')).not.toHaveProperty('analysis');
}
