import { analyseIncident } from '../analysis/analyse-incident.ts';
import type { StoredIncident } from '../domain/index.ts';

/**
 * The incidents about to be written, each with what its vendor's words say. Only changed
 * incidents reach here, and the analysis is bounded (64 KB of text, linear patterns), so the
 * cost follows the news, not the poll rate.
 */
export function withAnalysis(incidents: readonly StoredIncident[]): StoredIncident[] {
  return incidents.map((incident) => ({ ...incident, analysis: analyseIncident(incident) }));
}
