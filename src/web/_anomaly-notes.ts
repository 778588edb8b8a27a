import { UPDATE_GAP_MS, incidentAnomalies, type StoredIncident } from '../domain/index.ts';
import { absoluteTime, type TimeContext } from './_time.ts';

/**
 * The vendor-data notes of an incident in plain words, with times in the reader's zone: no
 * update ids or raw stamps ("26 h without an update before 8blgv351d71j-20220914T1805Z-…").
 */
export function anomalyNotes(incident: StoredIncident, time: TimeContext): string[] {
  const notes: string[] = [];
  let gapsDone = false;
  for (const anomaly of incidentAnomalies(incident)) {
    switch (anomaly.kind) {
      case 'update_gap':
        if (!gapsDone) notes.push(...gapNotes(incident, time));
        gapsDone = true;
        break;
      case 'update_in_future':
        notes.push(
          'One update is dated later than the moment we fetched the page that showed it; the ' +
            "vendor's clock or time zone is probably off.",
        );
        break;
      case 'resolved_before_started':
        notes.push(
          'The vendor says it was resolved before it started, so its duration is unknown.',
        );
        break;
      case 'missing_start':
        notes.push(
          'The vendor gave no start time and no dated update, so its duration is unknown.',
        );
        break;
      case 'missing_end':
        notes.push(
          `The vendor marked it ${anomaly.reason.replace(/, end not given by the vendor$/, '')} without saying when it ended, so its duration is unknown.`,
        );
        break;
      case 'resolved_without_time':
        notes.push('The vendor closed it without saying when.');
        break;
      case 'withdrawn':
        notes.push(
          `The vendor stopped showing it without closing it (${anomaly.reason.replace(/^withdrawn by the vendor, end unknown: /, '')}); ` +
            'statuswatch closed it with its end unknown, and it no longer counts toward the status.',
        );
        break;
      case 'stale':
        notes.push(staleNote(incident, time));
        break;
      case 'title_changed':
        notes.push(
          `The vendor changed the title; it used to be ${anomaly.reason.replace(/^title changed from /, '')}.`,
        );
        break;
    }
  }
  return [...new Set(notes)];
}

// --- internal ---

function staleNote(incident: StoredIncident, time: TimeContext): string {
  if (incident.kind === 'maintenance' && incident.scheduledUntil !== null) {
    return (
      `Still open more than a day after its scheduled end (${absoluteTime(incident.scheduledUntil, time.tz)}); ` +
      'it no longer counts toward the status.'
    );
  }
  const last = incident.updates.at(-1);
  const at = last === undefined ? null : (last.displayedAt ?? last.createdAt);
  const since = at === null ? '' : ` since ${absoluteTime(at, time.tz)}`;
  return `No word from the vendor${since}, over a week; it is kept, but no longer counts toward the status.`;
}

function gapNotes(incident: StoredIncident, time: TimeContext): string[] {
  const notes: string[] = [];
  const { updates } = incident;
  for (let i = 1; i < updates.length; i++) {
    const a = updates[i - 1]?.displayedAt ?? null;
    const b = updates[i]?.displayedAt ?? null;
    const closed = updates[i - 1]?.status === 'resolved' || updates[i - 1]?.status === 'postmortem';
    if (a === null || b === null || closed || b - a <= UPDATE_GAP_MS) continue;
    const hours = Math.round((b - a) / 3_600_000);
    notes.push(
      `No update for ${hours} hours, between ${absoluteTime(a, time.tz)} and ${absoluteTime(b, time.tz)}.`,
    );
  }
  return notes;
}
