import sanitizeHtml from 'sanitize-html';
import { trustedHtml, type SafeHtml } from './html.ts';

/**
 * Update bodies were sanitized at ingest (src/sources/_body.ts); this second allow-list pass
 * at render time is defence in depth, so a store written by an older version, or edited by
 * hand, still cannot put active content on our pages. The CSP (`script-src 'self'`) is the
 * third layer.
 */
const RENDER_ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'b', 'em', 'i', 'u', 'a', 'ul', 'ol', 'li', 'code', 'pre',
    'blockquote', 'h3', 'h4', 'h5', 'h6', 'hr', 'small', 'var', 'table', 'thead', 'tbody',
    'tr', 'th', 'td',
  ], // prettier-ignore
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Vendor links open as plain external links that cannot reach back into our page.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
};
RENDER_ALLOWED.allowedAttributes = { a: ['href', 'title', 'rel'] };

const CACHE_SIZE = 5_000;
const cache = new Map<string, SafeHtml>();

/** Vendor HTML as markup safe to place in a page. Memoized (bodies repeat across renders). */
export function vendorHtml(bodyHtml: string): SafeHtml {
  const hit = cache.get(bodyHtml);
  if (hit !== undefined) return hit;
  const safe = trustedHtml(sanitizeHtml(bodyHtml, RENDER_ALLOWED));
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(bodyHtml, safe);
  return safe;
}
