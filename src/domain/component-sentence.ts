/**
 * "A", "A and B", "A, B and C", "A, B and 6 more components": at most two names before the
 * count, and the count is exactly the names not shown. Duplicate names are counted once.
 */
export function componentSentence(names: readonly string[]): string | null {
  const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
  const [a, b, c] = unique;
  if (a === undefined) return null;
  if (b === undefined) return a;
  if (c === undefined) return `${a} and ${b}`;
  if (unique.length === 3) return `${a}, ${b} and ${c}`;
  const rest = unique.length - 2;
  return `${a}, ${b} and ${rest} more components`;
}
