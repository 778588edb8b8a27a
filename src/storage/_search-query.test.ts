import { describe, expect, it } from 'vitest';
import { markedSnippet, parseSearch, toFts5Within } from './_search-query.ts';

const marks = { start: '[', end: ']' };
const snippet = (text: string, q: string, size?: number) =>
  markedSnippet(text, parseSearch(q), marks, size);

describe('markedSnippet', () => {
  // Words from GitHub's capture (test/fixtures/vendors/statuspage-v2/github__incidents-2026-07-31.json).
  const text =
    'We are investigating reports of degraded performance for Copilot. Database writes are slow.';

  it('marks whole words, prefixes and phrases, case kept', () => {
    expect(snippet(text, 'copilot')).toBe(
      'We are investigating reports of degraded performance for [Copilot]. Database writes are slow.',
    );
    expect(snippet(text, 'datab*')).toContain('[Database] writes');
    expect(snippet(text, '"degraded performance"')).toContain('[degraded] [performance] for');
    // Not a phrase match: the words are apart, so neither is marked as part of it.
    expect(snippet(text, '"performance degraded"')).not.toContain('[');
    // Excluded words are never marked; a word inside another is not a match.
    expect(snippet(text, 'slow -copilot')).toContain('Copilot. Database writes are [slow]');
    expect(snippet(text, 'base')).not.toContain('[');
  });

  it('shows the window with the most matches, "…" where it cuts the text', () => {
    expect(snippet(text, 'database slow', 4)).toBe('…[Database] writes are [slow].');
    expect(snippet(text, 'investigating', 3)).toBe('We are [investigating]…');
  });
});

describe('toFts5Within', () => {
  it('searches the text columns, and the provider column as a phrase of the slug words', () => {
    const terms = parseSearch('datab* -github');
    expect(toFts5Within(terms)).toBe(
      '{title updates_text postmortem_text} : (("datab"*) NOT "github")',
    );
    expect(toFts5Within(terms, 'google-cloud')).toBe(
      '{provider} : "google cloud" AND {title updates_text postmortem_text} : (("datab"*) NOT "github")',
    );
  });
});
