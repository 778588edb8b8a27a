/**
 * Shapes of vendor text our parsers cannot take in bounded time or stack, found by counting,
 * never by parsing. Measured on this machine: sanitize-html slows with unclosed tags (80,000
 * `<b>` took 4.5 s); marked's list handling grows steeply with depth (500 nested list levels
 * 1.8 s, 1,000 levels 14 s) and 5,000 nested quotes overflow its stack. Real bodies in every
 * captured fixture stay far below these limits (the largest AWS description has a few hundred
 * tags), so only bombs are refused.
 */
export const TEXT_LIMITS = {
  /** Characters in one body. */
  maxChars: 200_000,
  /** Tags in one HTML body. */
  maxTags: 5_000,
  /** Open elements at once (unclosed tags count for ever). */
  maxDepth: 200,
  /** Markdown nesting (quote markers plus list indentation) on one line. */
  maxMarkdownDepth: 32,
} as const;

/** Why a body was kept as plain text. */
export type TooComplex = 'size' | 'tags' | 'nesting' | 'time';

export function markupTooComplex(html: string): TooComplex | null {
  if (html.length > TEXT_LIMITS.maxChars) return 'size';
  let tags = 0;
  let depth = 0;
  for (const m of html.matchAll(TAG)) {
    tags += 1;
    if (tags > TEXT_LIMITS.maxTags) return 'tags';
    const name = (m[2] ?? '').toLowerCase();
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (!VOID.has(name) && m[3] !== '/') depth += 1;
    if (depth > TEXT_LIMITS.maxDepth) return 'nesting';
  }
  return null;
}

export function markdownTooComplex(markdown: string): TooComplex | null {
  if (markdown.length > TEXT_LIMITS.maxChars) return 'size';
  for (const m of markdown.matchAll(LINE_PREFIX)) {
    const prefix = m[0].replace(/\t/g, '    ');
    if (prefix.length < 8) continue;
    const quotes = prefix.split('>').length - 1;
    const markers = (prefix.match(LIST_MARKER) ?? []).length;
    const indent = /^ */.exec(prefix)?.[0].length ?? 0;
    // Indentation nests only under a list marker; alone it is a code block, which costs nothing.
    const depth = quotes + (markers > 0 ? markers + Math.floor(indent / 2) : 0);
    if (depth > TEXT_LIMITS.maxMarkdownDepth) return 'nesting';
  }
  return markupTooComplex(markdown);
}

// --- internal ---

// `[^<>]` stops at the next `<`, so an unclosed tag costs one step, not a rescan.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]{0,30})[^<>]{0,2000}?(\/?)>/g;
// Always matches (possibly empty) and never fails, so it cannot backtrack.
const LINE_PREFIX = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*/gm;
const LIST_MARKER = /(?:[-*+]|\d{1,9}[.)])(?=[ \t])/g;

const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param',
  'source', 'track', 'wbr',
]); // prettier-ignore
