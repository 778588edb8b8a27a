/**
 * The project's one allow-list for vendor markup: text formatting and safe links, nothing
 * active. Ingest sanitizes with it (src/sources/_sanitize.ts); pages only check stored markup
 * against it (`isAllowListedMarkup`), so no request ever re-parses vendor HTML.
 */
export const ALLOWED_TAGS: readonly string[] = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'u', 'a', 'ul', 'ol', 'li', 'code', 'pre',
  'blockquote', 'h3', 'h4', 'h5', 'h6', 'hr', 'small', 'var', 'table', 'thead', 'tbody',
  'tr', 'th', 'td',
]; // prettier-ignore

export const ALLOWED_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];
/** The only attributes kept, and only on `a`. */
export const LINK_ATTRIBUTES: readonly string[] = ['href', 'title', 'rel', 'target'];

/**
 * True when markup holds only what the sanitizer can produce: allow-listed tags, link
 * attributes with double-quoted values, http(s)/mailto links. One linear scan, no parse tree:
 * it is what a page does with a stored body, so a hand-edited or older store still cannot put
 * active content on a page, at no CPU risk per request.
 */
export function isAllowListedMarkup(html: string): boolean {
  let at = html.indexOf('<');
  while (at >= 0) {
    TAG.lastIndex = at;
    const m = TAG.exec(html);
    if (m === null) return false;
    const [, closing, name = '', attributes = ''] = m;
    if (!ALLOWED_TAGS.includes(name.toLowerCase())) return false;
    if (attributes.trim() !== '' && (closing === '/' || !linkAttributesOk(name, attributes))) {
      return false;
    }
    at = html.indexOf('<', TAG.lastIndex);
  }
  return !/[<>]/.test(html.replace(TAGS, ''));
}

/**
 * Relative links and http(s)/mailto only, for an href as written in markup. Entities other
 * than `&amp;` and any whitespace or control character are refused outright: the browser
 * would decode `java&#115;cript:`.
 */
export function isSafeHref(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/&(?!amp;)|[\s\u0000-\u001f\u007f]/.test(value) || value.startsWith('//')) return false;
  const url = value.replace(/&amp;/g, '&');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || ALLOWED_SCHEMES.includes(scheme);
}

// --- internal ---

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,10})((?:\s+[a-z]{1,10}="[^"<>]*")*)\s*\/?>/y;
const TAGS = /<\/?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s+[a-z]{1,10}="[^"<>]*")*\s*\/?>/g;
const ATTRIBUTE = /([a-z]{1,10})="([^"<>]*)"/g;

function linkAttributesOk(tag: string, attributes: string): boolean {
  if (tag.toLowerCase() !== 'a') return false;
  for (const [, name = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
    if (!LINK_ATTRIBUTES.includes(name)) return false;
    if (name === 'href' && !isSafeHref(value)) return false;
  }
  return true;
}
