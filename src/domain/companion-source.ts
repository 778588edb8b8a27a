import type { Provider } from './model.ts';
import type { SourceFormat } from './vocabulary.ts';

export interface CompanionSource {
  url: string;
  format: SourceFormat;
}

const SUMMARY = '/api/v2/summary.json';

/**
 * The history source that goes with a fast `summary.json` source. `summary.json` lists only
 * unresolved incidents; a postmortem arrives days after resolution as an update with status
 * "postmortem", and only `incidents.json` and `incidents/<code>.json` carry it (see the Box
 * capture `box__incidents-2024-01-31-first3.json`). Other formats already show their history.
 */
export function companionFor(
  provider: Pick<Provider, 'sourceUrl' | 'format'>,
): CompanionSource | null {
  if (provider.format !== 'statuspage-v2' && provider.format !== 'incidentio') return null;
  if (!provider.sourceUrl.endsWith(SUMMARY)) return null;
  return {
    url: `${provider.sourceUrl.slice(0, -SUMMARY.length)}/api/v2/incidents.json`,
    format: provider.format,
  };
}

/** Where a page without `incidents.json` (some incident.io pages) keeps its history. */
export function feedCompanionFor(companion: CompanionSource): CompanionSource | null {
  const root = companion.url.replace(/\/api\/v2\/incidents\.json$/, '');
  if (root === companion.url) return null;
  return { url: `${root}/history.atom`, format: 'statuspage-feed' };
}
