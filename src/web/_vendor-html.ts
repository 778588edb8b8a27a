import { escapeHtml, isAllowListedMarkup } from '../domain/index.ts';
import { trustedHtml, type SafeHtml } from './html.ts';

/**
 * Update bodies are sanitized once, at ingest, in a worker (src/sources/_body.ts); a page
 * places the stored markup as it is and never re-parses vendor HTML per request. What it does
 * per request is one linear check against the same allow-list (src/domain/vendor-markup.ts), so a
 * store written by an older version, or edited by hand, still cannot put active content on our
 * pages: markup that fails the check is shown as escaped text. The CSP (`script-src 'self'`)
 * is the third layer.
 */
export function vendorHtml(bodyHtml: string): SafeHtml {
  if (isAllowListedMarkup(bodyHtml)) return trustedHtml(bodyHtml);
  return trustedHtml(`<p>${escapeHtml(bodyHtml)}</p>`);
}
