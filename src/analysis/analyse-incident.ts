import type { IncidentAnalysis } from '../domain/incident-analysis.ts';
import type { Incident } from '../domain/model.ts';
import { analyseIncidentText } from './analyse-incident-text.ts';

/**
 * The analysis of a parsed or stored incident: its updates' plain text (never the stored HTML,
 * never modified), their posted times, and the postmortem. What ingest and `reanalyse` call.
 */
export function analyseIncident(incident: Incident): IncidentAnalysis {
  return analyseIncidentText({
    updates: incident.updates.map((u) => ({
      text: u.bodyText,
      postedAt: u.displayedAt ?? u.createdAt,
      status: u.status,
    })),
    postmortem:
      incident.postmortem === null
        ? null
        : { text: incident.postmortem.bodyText, publishedAt: incident.postmortem.publishedAt },
    resolvedAt: incident.resolvedAt,
    referenceAt: null,
    defaultZone: null,
  });
}
