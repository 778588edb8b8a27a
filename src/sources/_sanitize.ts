import sanitizeHtml from 'sanitize-html';
import { ALLOWED_SCHEMES, ALLOWED_TAGS, LINK_ATTRIBUTES, isSafeHref } from '../domain/index.ts';

/** sanitize-html set to the allow-list of src/domain/vendor-markup.ts, and nothing more. */
export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: { a: [...LINK_ATTRIBUTES] },
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Vendor links open apart from our page and cannot reach back into it (noopener).
    // A link the page check would refuse (a control character or space in it, say) loses its
    // href here, so that what ingest stores always passes that check.
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...pick(
          attribs,
          isSafeHref(encodedAttribute(attribs.href ?? '')) ? ['href', 'title'] : ['title'],
        ),
        rel: 'nofollow noopener noreferrer',
        target: '_blank',
      },
    }),
  },
};

export function sanitizeVendorHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Tags and attributes gone, text and entities kept (what sanitize-html gives with no tags). */
export function stripAllTags(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
}

// --- internal ---

/** An attribute value as sanitize-html writes it out. */
function encodedAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function pick(attribs: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(attribs).filter(([k]) => keys.includes(k)));
}
