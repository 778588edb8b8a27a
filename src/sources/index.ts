import type { SourceFormat } from '../domain/index.ts';
import type { Source } from './source.ts';

export type { Source, PayloadMeta } from './source.ts';

/**
 * Every supported format, richest first: detection tries them in this order. incident.io comes
 * before statuspage-v2 because its payload is a Statuspage-compatible superset.
 */
export const SOURCES: readonly Source[] = [];

export function sourceFor(format: SourceFormat): Source {
  const source = SOURCES.find((s) => s.format === format);
  if (source === undefined) throw new Error(`no source registered for format ${format}`);
  return source;
}
