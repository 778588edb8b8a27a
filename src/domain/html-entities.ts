/**
 * The one decoder of HTML character references in vendor text, for the plain-text copies the
 * sources store and the analysis reads. Named references: the few vendors actually write;
 * numeric ones (decimal or hex) for any character that is text. A reference to a control
 * character (other than tab and line breaks), a lone surrogate or a code point past U+10FFFF
 * is kept as written: decoding it would put a character into stored text that no vendor meant.
 */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,10});/gi, (written, name: string) => {
    const lower = name.toLowerCase();
    if (!lower.startsWith('#')) return NAMED[lower] ?? written;
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return isTextCharacter(code) ? String.fromCodePoint(code) : written;
  });
}

// --- internal ---

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '\u2013',
  mdash: '\u2014',
};

function isTextCharacter(code: number): boolean {
  if (code === 9 || code === 10 || code === 13) return true;
  if (code < 32 || code === 0x7f || code > 0x10ffff) return false;
  return code < 0xd800 || code > 0xdfff;
}
