// Apart from the rules that find anomalies (incident-anomalies.ts), so that the model can name
// them without importing those rules: model.ts imports nothing but vocabularies.
export const ANOMALY_KINDS = [
  'resolved_before_started',
  'missing_start',
  'missing_end',
  'update_gap',
  'update_in_future',
  'title_changed',
  // No longer produced (a closed incident without an end is `missing_end`); kept because the
  // incidents JSON v1 schema only ever adds words.
  'resolved_without_time',
  'withdrawn',
  'stale',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  reason: string;
}
