import sanitizeHtml from 'sanitize-html';
import { marked } from 'marked';
import { escapeHtml } from '../domain/index.ts';

/** What survives in a vendor's update body: text formatting and safe links, nothing active. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'a',
    'ul',
    'ol',
    'li',
    'code',
    'pre',
    'blockquote',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'small',
    'var',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
  },
};
ALLOWED.allowedAttributes = { a: ['href', 'title', 'rel', 'target'] };

export interface Body {
  html: string;
  text: string;
}

/**
 * Sanitized HTML plus a plain-text copy for search and alerts. Memoized: a feed repeats every
 * update body on every poll, and sanitizing dominates parse time. Same input, same output, so
 * the function stays pure.
 */
export function bodyFromHtml(html: string): Body {
  const cached = BODY_CACHE.get(html);
  if (cached !== undefined) return cached;
  const clean = sanitizeHtml(html, ALLOWED);
  const body = { html: clean.trim(), text: htmlToText(clean) };
  if (BODY_CACHE.size >= BODY_CACHE_SIZE) {
    const oldest = BODY_CACHE.keys().next();
    if (oldest.done !== true) BODY_CACHE.delete(oldest.value);
  }
  BODY_CACHE.set(html, body);
  return body;
}

const BODY_CACHE_SIZE = 20_000;
const BODY_CACHE = new Map<string, Readonly<Body>>();

/**
 * Statuspage JSON bodies are plain text that may contain raw `<` and newlines (GitHub writes
 * "<1% of customers"), so they are escaped, not parsed as HTML.
 */
export function bodyFromPlainText(text: string): Body {
  const trimmed = text.trim();
  if (trimmed === '') return { html: '', text: '' };
  const html = trimmed
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return { html: bodyFromHtml(linkify(html)).html, text: collapse(trimmed) };
}

/** incident.io bodies are Markdown. */
export function bodyFromMarkdown(markdown: string): Body {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return bodyFromHtml(html);
}

export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/li|\/h\d|\/tr)\s*\/?>/gi, '$&\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return collapse(decodeEntities(text));
}

// --- internal ---

function collapse(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

function linkify(html: string): string {
  return html.replace(/(^|[\s>(])(https?:\/\/[^\s<>"')]+)/g, '$1<a href="$2">$2</a>');
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ENTITIES[lower] ?? m;
  });
}
