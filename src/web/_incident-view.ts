import {
  closedWord,
  componentSentence,
  detectionLagMs,
  formatDuration,
  incidentDuration,
  startOf,
  type Impact,
  type StoredIncident,
} from '../domain/index.ts';
import { seenOnlyAfterItEnded } from '../reliability/reliability-figures.ts';
import { longDate } from './_time.ts';

/**
 * Every component the incident names, as a whole or in any update, each once and in order of
 * first mention: the vendor's id when given, else the name, tells them apart.
 */
export function affectedComponentNames(incident: StoredIncident): string[] {
  const seen = new Map<string, string>();
  const all = [...incident.components, ...incident.updates.flatMap((u) => u.affectedComponents)];
  for (const c of all) {
    const key = c.vendorId ?? `name:${c.name.trim().toLowerCase()}`;
    if (!seen.has(key) && c.name.trim() !== '') seen.set(key, c.name.trim());
  }
  return [...new Set(seen.values())];
}

const IMPACT_PHRASE: Record<Impact | 'unknown', string> = {
  none: 'an incident it rated as having no impact',
  minor: 'a minor incident',
  major: 'a major incident',
  critical: 'a critical incident',
  maintenance: 'a maintenance',
  unknown: 'an incident (impact not given)',
};

/**
 * The one-sentence summary: who, what, when, which components (counted exactly), how long, and
 * where it stands. Contradictory vendor times give "duration unknown", never a negative; a
 * closed incident without an end is never called open.
 */
export function summarySentence(
  incident: StoredIncident,
  providerName: string,
  tz: string,
  now: number,
): string {
  const start = startOf(incident);
  const on = start === null ? '' : ` on ${longDate(start, tz)}`;
  const components = componentSentence(affectedComponentNames(incident));
  const affecting = components === null ? '' : ` affecting ${components}`;
  const d = incidentDuration(incident, now);
  const what =
    incident.kind === 'maintenance' ? 'a maintenance' : IMPACT_PHRASE[incident.impact ?? 'unknown'];
  if (d.ongoing) {
    const sofar = d.text === null ? '' : `, open for ${d.text} so far`;
    return `${providerName} reports ${what}${on}${affecting}${sofar}. It is not resolved yet.`;
  }
  const closed = closedWord(incident);
  if (d.anomaly === 'missing_end') {
    return `${providerName} had ${what}${on}${affecting}. It has been ${closed}, end not given by the vendor, so its duration is unknown; the full update timeline is below.`;
  }
  const lasting =
    d.text === null ? ' (its duration is unknown: see the note below)' : `, lasting ${d.text}`;
  return `${providerName} had ${what}${on}${affecting}${lasting}. It has been ${closed}; the full update timeline is below.`;
}

/** "3m after the vendor's first update", or why there is no such figure. */
export function detectionText(incident: StoredIncident): string {
  if (seenOnlyAfterItEnded(incident)) {
    return 'backfilled: already resolved when statuswatch first saw it';
  }
  const lag = detectionLagMs(incident);
  if (lag === null) return 'the vendor gave no time for its first update';
  if (lag < 1000) return "at the vendor's first update";
  return `${formatDuration(lag)} after the vendor's first update`;
}
