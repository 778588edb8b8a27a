/**
 * What a committed ingest write tells in-process readers (page cache, alert dispatcher, the
 * cluster relay). In domain, not ingest: those readers sit beside or above ingest and must not
 * import it; ingest-notifier.ts sends these.
 */
export interface IngestNotice {
  providerSlug: string;
  /** Ids of events this write inserted (empty for a poll that changed nothing). */
  eventIds: number[];
  /** True when incidents or components were written, not only source health. */
  dataChanged: boolean;
}
