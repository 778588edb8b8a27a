/**
 * The search box's small query language, parsed once and translated per dialect, so that SQLite
 * (FTS5) and PostgreSQL (tsquery) find the same incidents:
 * - `word` must occur; `datab*` is a prefix; `"two words"` a phrase;
 * - `-word`, `-datab*` and `-"two words"` exclude.
 * Only letters and digits reach either engine, so user text is never query syntax there. Both
 * indexes keep every word (no stop words, no stemming): "down" is found on both.
 */
export interface SearchTerm {
  /** One or more words; more than one is a phrase (adjacent, in order). */
  words: string[];
  prefix: boolean;
  negated: boolean;
}

// A quoted phrase, or a run of non-space characters; either with a leading "-".
const TOKEN = /(-?)(?:"([^"]*)"?|(\S+))/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export function parseSearch(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of q.matchAll(TOKEN)) {
    const [, minus, quoted, bare] = match;
    const text = quoted ?? bare ?? '';
    const words = (text.match(WORD) ?? []).map((w) => w.toLowerCase());
    if (words.length === 0) continue;
    // "datab*" is a prefix; a star inside a phrase or after punctuation is not.
    const prefix = quoted === undefined && words.length === 1 && /[\p{L}\p{N}]\*$/u.test(text);
    terms.push({ words, prefix, negated: minus === '-' });
  }
  return terms;
}

/** Whether the terms can match anything: exclusions alone select nothing on either engine. */
export function hasPositiveTerm(terms: readonly SearchTerm[]): boolean {
  return terms.some((t) => !t.negated);
}

/** FTS5 MATCH text: `"a" AND "datab"* AND "x y" NOT "github"`. */
export function toFts5(terms: readonly SearchTerm[]): string {
  const one = (t: SearchTerm) => `"${t.words.join(' ')}"${t.prefix ? '*' : ''}`;
  const positive = terms.filter((t) => !t.negated).map(one);
  const negative = terms.filter((t) => t.negated).map(one);
  return [`(${positive.join(' AND ')})`, ...negative].join(' NOT ');
}

/** tsquery text for `to_tsquery('simple', …)`: `'a' & 'datab':* & ('x' <-> 'y') & !'github'`. */
export function toTsquery(terms: readonly SearchTerm[]): string {
  const one = (t: SearchTerm) => {
    const words = t.words.map((w) => `'${w}'${t.prefix ? ':*' : ''}`);
    const body = words.length === 1 ? (words[0] ?? '') : `(${words.join(' <-> ')})`;
    return t.negated ? `!${body}` : body;
  };
  const ordered = [...terms.filter((t) => !t.negated), ...terms.filter((t) => t.negated)];
  return ordered.map(one).join(' & ');
}
