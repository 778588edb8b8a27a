import type { Provider } from './model.ts';
import { STATUSPAGE_PATHS } from './source-urls.ts';
import type { SourceFormat } from './vocabulary.ts';

export interface CompanionSource {
  url: string;
  format: SourceFormat;
}

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
  const { summary, incidents } = STATUSPAGE_PATHS;
  if (!provider.sourceUrl.endsWith(summary)) return null;
  return {
    url: `${provider.sourceUrl.slice(0, -summary.length)}${incidents}`,
    format: provider.format,
  };
}

/** Where a page without `incidents.json` (some incident.io pages) keeps its history. */
export function feedCompanionFor(companion: CompanionSource): CompanionSource | null {
  const { incidents, atom } = STATUSPAGE_PATHS;
  if (!companion.url.endsWith(incidents)) return null;
  return { url: `${companion.url.slice(0, -incidents.length)}${atom}`, format: 'statuspage-feed' };
}
