import type { Warn } from './_statuspage-mapping.ts';

/**
 * Collects parse warnings, keeping the first `max`: a payload with thousands of bad items
 * should say so in one line, not in thousands.
 */
export function cappedWarnings(max = 200): { add: Warn; list: () => string[] } {
  const items: string[] = [];
  let dropped = 0;
  const add: Warn = (message) => {
    if (items.length < max) items.push(message);
    else dropped += 1;
  };
  return {
    add,
    list: () => (dropped === 0 ? items : [...items, `… and ${dropped} more warnings`]),
  };
}
