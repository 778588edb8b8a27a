import type { Component, EpochMs, Incident } from './model.ts';
import type { SourceFormat } from './vocabulary.ts';

/**
 * What a source's pure `parse` yields from one payload. It says what the payload covers, so
 * that ingest never reads absence as deletion: a feed has no components, and `summary.json`
 * holds only unresolved incidents.
 */
export interface Snapshot {
  format: SourceFormat;
  page: {
    name: string | null;
    url: string | null;
    /** The payload's own "updated" time, if it has one. */
    updatedAt: EpochMs | null;
  };
  /** null when the payload does not list components at all. */
  components: Component[] | null;
  incidents: Incident[];
  /**
   * `window`: the newest N incidents and maintenances, resolved or not.
   * `open-only`: only unresolved incidents and upcoming/active maintenances (summary.json).
   * `single`: one incident (incidents/{id}.json).
   */
  coverage: 'window' | 'open-only' | 'single';
  /** Oddities found while parsing (unknown words, unparseable times). Never fatal. */
  warnings: string[];
}
