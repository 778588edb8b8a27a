/**
 * Bound parameters per statement. SQLite allows 32766 and PostgreSQL 65535; staying well below
 * both keeps one code path while still writing hundreds of rows per statement.
 */
const MAX_PARAMETERS = 10_000;

/** Splits rows into batches that each fit in one multi-row statement. */
export function batchesOf<T>(items: readonly T[], parametersPerItem: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / parametersPerItem));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Groups items by a string key, keeping their order inside each group. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
