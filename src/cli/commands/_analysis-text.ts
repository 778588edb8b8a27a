import type { EpochMs, ImpactBound, IncidentAnalysis } from '../../domain/index.ts';

/** `statuswatch analyse` without --json: what was read, each time in UTC, with its source. */
export function describeAnalysis(a: IncidentAnalysis): string[] {
  const lines = [
    ...bound('impact started', a.impactStartedAt),
    ...bound('impact ended', a.impactEndedAt),
    `impact duration   ${minutes(a.impactDurationMinutes)}` +
      (a.postedDurationMinutes === null ? '' : ` (posted: ${minutes(a.postedDurationMinutes)})`),
    `posting lag       ${minutes(a.postingLagMinutes)}`,
    `postmortem delay  ${minutes(a.postmortemDelayMinutes)}`,
    `sections          ${a.sections.length === 0 ? '-' : a.sections.map((s) => `${s.heading ?? '(untitled)'} [${s.kind}]`).join(', ')}`,
    `timeline          ${a.timeline.length === 0 ? '-' : `${a.timeline.length} entries`}`,
    ...a.timeline.map((t) => `  ${utc(t.at)}  ${t.written} – ${t.text.slice(0, 100)}`),
    `action items      ${a.actionItems.length === 0 ? '-' : a.actionItems.length}`,
    ...a.actionItems.map((i) => `  [${i.state}] ${i.text.slice(0, 120)}`),
  ];
  for (const z of a.zoneChoices)
    lines.push(`zone ${z.abbreviation} read as ${z.chosen} (not ${z.alternatives.join(' / ')})`);
  for (const x of a.anomalies) lines.push(`anomaly: ${x.kind}: ${x.reason}`);
  lines.push(`analysis version  ${a.analysisVersion}`);
  return lines;
}

// --- internal ---

function bound(label: string, b: ImpactBound | null): string[] {
  if (b === null) return [`${label.padEnd(18)}not stated`];
  const how = [b.confidence, b.source, b.zone ?? 'no zone', ...b.assumptions].join(', ');
  return [`${label.padEnd(18)}${utc(b.at)} (${how})`, `  "${b.sentence.slice(0, 300)}"`];
}

function utc(at: EpochMs | null): string {
  return at === null ? '?' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function minutes(m: number | null): string {
  return m === null ? '-' : `${m} min`;
}
