import { decodeHtmlEntities } from '../domain/html-entities.ts';

/**
 * Vendor text → plain lines and sentences. Bounded: vendor text is untrusted compute, so every
 * input is cut to a size the simple scans below handle in a few milliseconds.
 */

/** Longest text read per update or postmortem; a real postmortem is a few KB. */
export const MAX_TEXT_CHARS = 64_000;
/** Longest line scanned for times; longer lines are cut (a sentence is never this long). */
export const MAX_LINE_CHARS = 4_000;

/** HTML or Markdown-ish text → plain text with line breaks kept. The input is never modified. */
export function plainText(raw: string): string {
  const cut = raw.length > MAX_TEXT_CHARS ? raw.slice(0, MAX_TEXT_CHARS) : raw;
  const withoutTags = cut
    .replace(/\r\n?/g, '\n')
    .replace(/<br\s{0,5}\/?>/gi, '\n')
    .replace(/<\/(?:p|li|h[1-6]|div|tr)>/gi, '\n')
    .replace(/<li[^<>]{0,200}>/gi, '\n- ')
    .replace(/<[^<>]{0,500}>/g, '');
  return (
    decodeHtmlEntities(withoutTags)
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      // Control characters (binary input) would only confuse the scans below.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
  );
}

export function linesOf(text: string): string[] {
  return text.split('\n').map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
}

/** Splits a line into sentences at ". " before a capital, keeping times like "10:05." whole. */
export function sentencesOf(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  const boundary = /[.!?]\s+(?=[A-Z"(\u201c])/g;
  for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
    // "10:05. The monitoring…": a timeline time, not the end of a sentence.
    if (/\d{1,2}:\d{2}$/.test(line.slice(Math.max(start, m.index - 5), m.index))) continue;
    out.push(line.slice(start, m.index + 1).trim());
    start = m.index + m[0].length;
  }
  const rest = line.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out.filter((s) => s !== '');
}

/** Whitespace collapsed, Markdown emphasis removed, for quoting a sentence back. */
export function quote(sentence: string): string {
  return sentence.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim().slice(0, 600);
}
