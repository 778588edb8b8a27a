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

/**
 * FTS5 MATCH text narrowed to the text columns, and to a provider when given: the contentless
 * table (sqlite migration 0007) indexes the slug in a `provider` column, so that a provider's
 * matches come from intersecting two word lists rather than from probing every match. The slug
 * reads as a phrase of its words ("google-cloud" → "google cloud"); the caller checks it exactly.
 */
export function toFts5Within(terms: readonly SearchTerm[], providerSlug?: string): string {
  const text = `{title updates_text postmortem_text} : (${toFts5(terms)})`;
  const slugWords = providerSlug?.toLowerCase().match(WORD) ?? [];
  return slugWords.length === 0 ? text : `{provider} : "${slugWords.join(' ')}" AND ${text}`;
}

/**
 * A short excerpt of `text` around the words the terms find, each marked with `start`…`end`:
 * the run of `size` words holding the most matches, "…" where it cuts the text. For SQLite,
 * whose contentless index has no text to cut snippet() from (PostgreSQL uses ts_headline).
 */
export function markedSnippet(
  text: string,
  terms: readonly SearchTerm[],
  marks: { start: string; end: string },
  size = 24,
): string {
  const words = [...text.matchAll(WORD)].map((m) => ({
    at: m.index,
    end: m.index + m[0].length,
    word: m[0].toLowerCase(),
  }));
  const matched = words.map(() => false);
  for (const term of terms.filter((t) => !t.negated)) {
    for (let i = 0; i + term.words.length <= words.length; i++) {
      const found = term.words.every((w, k) => {
        const word = words[i + k]?.word ?? '';
        return term.prefix ? word.startsWith(w) : word === w;
      });
      if (found) for (let k = 0; k < term.words.length; k++) matched[i + k] = true;
    }
  }
  // The window with the most matches; the earliest on a tie.
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (matched[i] === true) count++;
    if (i >= size && matched[i - size] === true) count--;
    const first = Math.max(0, i - size + 1);
    if (count > bestCount) [best, bestCount] = [first, count];
  }
  const shown = words.slice(best, best + size);
  const whole = best + size >= words.length;
  let out = best > 0 ? '…' : '';
  let at = best > 0 ? (shown[0]?.at ?? 0) : 0;
  shown.forEach((w, k) => {
    const word = text.slice(w.at, w.end);
    out +=
      text.slice(at, w.at) + (matched[best + k] === true ? marks.start + word + marks.end : word);
    at = w.end;
  });
  return out + (whole ? text.slice(at) : '…');
}
