export { analyseIncidentText } from './analyse-incident-text.ts';
export type { AnalysisInput, AnalysisUpdate } from './analyse-incident-text.ts';
export { analyseIncident } from './analyse-incident.ts';
export { postsInPageText } from './_page-text.ts';
export { ZONE_TABLE, zoneFromWord } from './_zones.ts';
