import { Marked } from 'marked';
import { decodeHtmlEntities } from '../domain/html-entities.ts';
import { escapeHtml } from '../domain/index.ts';
import { sanitizeVendorHtml, stripAllTags } from './_sanitize.ts';
import { markdownTooComplex, markupTooComplex, type TooComplex } from './_text-limits.ts';

export interface Body {
  html: string;
  text: string;
}

/**
 * Sanitized HTML plus a plain-text copy for search and alerts. Memoized: a feed repeats every
 * update body on every poll, and sanitizing dominates parse time. Same input, same output, so
 * the function stays pure. A body the parsers could choke on (see _text-limits.ts), or one met
 * after the payload's text budget is spent, is kept as escaped plain text instead.
 */
export function bodyFromHtml(html: string): Body {
  const cached = BODY_CACHE.get(html);
  if (cached !== undefined) return cached;
  const refusal = markupTooComplex(html) ?? budgetSpent();
  if (refusal !== null) return plainBody(html, refusal);
  const started = performance.now();
  const clean = sanitizeVendorHtml(html);
  const body = { html: clean.trim(), text: htmlToText(clean) };
  spend(performance.now() - started);
  remember(html, body);
  return body;
}

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
  return { html: bodyFromHtml(linkify(html)).html, text: keepParagraphs(trimmed) };
}

/**
 * Markdown typed on our own page: rendered like a vendor's, except that raw HTML in it is
 * text ("Requests to <api> fail" shows `<api>`), since an author writes prose, not markup.
 */
export function bodyFromAuthoredMarkdown(markdown: string): Body {
  return bodyFromMarkdown(markdown, AUTHORED);
}

/** incident.io and Google Cloud bodies are Markdown. */
export function bodyFromMarkdown(markdown: string, parser: Marked = VENDOR): Body {
  const refusal = markdownTooComplex(markdown) ?? budgetSpent();
  if (refusal !== null) return plainText(markdown, refusal);
  try {
    const started = performance.now();
    const html = parser.parse(markdown, { async: false });
    spend(performance.now() - started);
    return bodyFromHtml(html);
  } catch (error) {
    // marked recurses per nesting level; a shape the pre-check missed must not fail the payload.
    if (error instanceof RangeError) return plainText(markdown, 'nesting');
    throw error;
  }
}

export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/li|\/h\d|\/tr)\s*\/?>/gi, '$&\n');
  return collapse(decodeHtmlEntities(stripAllTags(withBreaks)));
}

/** Bodies kept as plain text during one `withTextBudget` run, by reason. */
export type TooComplexCounts = Partial<Record<TooComplex, number>>;

/**
 * Runs a parse with a budget of sanitizer time for its whole payload: once spent, the rest of
 * the bodies are kept as plain text, so a payload of many medium bodies cannot hold a worker
 * for minutes either. Synchronous, so one module-level slot is enough.
 */
export function withTextBudget<T>(
  budgetMs: number,
  run: () => T,
): { value: T; tooComplex: TooComplexCounts } {
  const outer = active;
  const budget: TextBudget = { leftMs: budgetMs, tooComplex: {} };
  active = budget;
  try {
    return { value: run(), tooComplex: budget.tooComplex };
  } finally {
    active = outer;
  }
}

// --- internal ---

interface TextBudget {
  leftMs: number;
  tooComplex: TooComplexCounts;
}

let active: TextBudget | null = null;

function budgetSpent(): TooComplex | null {
  return active !== null && active.leftMs <= 0 ? 'time' : null;
}

function spend(ms: number): void {
  if (active !== null) active.leftMs -= ms;
}

/** HTML kept as text: tags dropped by a linear scan (never a parser), entities decoded. */
function plainBody(html: string, reason: TooComplex): Body {
  return plainText(decodeHtmlEntities(html.replace(/<[^<>]*>/g, ' ')), reason);
}

/** Text kept as it is, escaped line by line: linear work, whatever the text holds. */
function plainText(text: string, reason: TooComplex): Body {
  if (active !== null) active.tooComplex[reason] = (active.tooComplex[reason] ?? 0) + 1;
  const collapsed = collapse(text);
  const paragraphs = collapsed.split('\n').map((line) => `<p>${escapeQuickly(line)}</p>`);
  return { html: paragraphs.join(''), text: collapsed };
}

/** escapeHtml's output without a callback per character (a bomb is mostly `<` and `>`). */
function escapeQuickly(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const BODY_CACHE_SIZE = 20_000;
const BODY_CACHE = new Map<string, Readonly<Body>>();

function remember(html: string, body: Body): void {
  if (BODY_CACHE.size >= BODY_CACHE_SIZE) {
    const oldest = BODY_CACHE.keys().next();
    if (oldest.done !== true) BODY_CACHE.delete(oldest.value);
  }
  BODY_CACHE.set(html, body);
}

const VENDOR = new Marked({ gfm: true, breaks: true });
const AUTHORED = new Marked({
  gfm: true,
  breaks: true,
  renderer: { html: ({ text }) => escapeQuickly(text) },
});

/**
 * Statuspage JSON bodies keep their paragraphs in the plain text too ("…future.\n\nOn January
 * 9…": box__incidents-2024-01-31-first3.json). Blanks inside a line collapse; one empty line
 * stays between paragraphs. (HTML bodies' text keeps lines only: htmlToText.)
 */
function keepParagraphs(text: string): string {
  return text
    .split(/\n[ \t\u00a0]*\n\s*/)
    .map(collapse)
    .filter((p) => p.length > 0)
    .join('\n\n');
}

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
