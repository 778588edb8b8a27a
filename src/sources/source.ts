import type { EpochMs, Snapshot, SourceFormat } from '../domain/index.ts';

export interface PayloadMeta {
  /** Where the payload came from (URL or file path), for links and messages. */
  url: string | null;
  /** When it was fetched or captured: anchors year inference in feeds. */
  fetchedAt: EpochMs;
  contentType: string | null;
}

/**
 * A status-page format. Both functions are pure: no network, no clock (time comes in `meta`).
 * `parse` throws `StatuswatchError('parse' | 'unsupported_format')` on bad input.
 */
export interface Source {
  readonly format: SourceFormat;
  /** True when the payload looks like this format. Cheap; never throws. */
  detect(body: string, meta: PayloadMeta): boolean;
  parse(body: string, meta: PayloadMeta): Snapshot;
}
