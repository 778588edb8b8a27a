import type { SourceFormat } from '../domain/index.ts';
import { awsHealth } from './aws.ts';
import { gcpStatus } from './gcp.ts';
import { incidentio } from './incidentio.ts';
import type { Source } from './source.ts';
import { checkedSource } from './_checked-source.ts';
import { statuspageFeed } from './statuspage-feed.ts';
import { statuspageHtml } from './statuspage-html.ts';
import { statuspageV2 } from './statuspage-v2.ts';

export type { Source, PayloadMeta } from './source.ts';
/** Statuspage's plain-text bodies as every reader stores them (the own page authors in them). */
export { bodyFromAuthoredMarkdown, bodyFromPlainText, htmlToText, type Body } from './_body.ts';

/**
 * Every supported format, richest first: detection tries them in this order. incident.io comes
 * before statuspage-v2 because its payload is a Statuspage-compatible superset. Each is wrapped
 * by `checkedSource`: a text budget and value validation at the boundary.
 */
export const SOURCES: readonly Source[] = [
  incidentio,
  statuspageV2,
  statuspageFeed,
  gcpStatus,
  awsHealth,
  statuspageHtml,
].map(checkedSource);

export function sourceFor(format: SourceFormat): Source {
  const source = SOURCES.find((s) => s.format === format);
  if (source === undefined) throw new Error(`no source registered for format ${format}`);
  return source;
}
