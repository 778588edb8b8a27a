import type { Source } from './source.ts';
import { bodyFromMarkdown } from './_body.ts';
import { isUlid, sniffStatuspageJson } from './_statuspage-wire.ts';
import { snapshotFromStatuspageJson } from './statuspage-v2.ts';

/**
 * incident.io-hosted status pages, read through their Statuspage-compatible `/api/v2/*.json`
 * endpoints. Same wire shape as Statuspage, but many keys are left out (`started_at`,
 * `resolved_at`, `shortlink`, affected components; no `incidents` key when all is well), ids
 * are ULIDs, and update bodies are Markdown.
 */
export const incidentio: Source = {
  format: 'incidentio',
  detect(body) {
    const sniffed = sniffStatuspageJson(body);
    return sniffed !== null && (isUlid(sniffed.pageId) || sniffed.itemIds.some(isUlid));
  },
  parse(body, meta) {
    return snapshotFromStatuspageJson(body, meta, 'incidentio', bodyFromMarkdown);
  },
};
