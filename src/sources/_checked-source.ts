import type { Snapshot } from '../domain/index.ts';
import { withTextBudget, type TooComplexCounts } from './_body.ts';
import type { Source } from './source.ts';
import { validateSnapshot } from './_validate-snapshot.ts';
import { cappedWarnings } from './_warnings.ts';

/**
 * Sanitizer time one payload may spend before its remaining bodies are kept as plain text.
 * Real payloads take well under a second (the largest shipped fixture, ~40 ms); the worker's
 * own deadline (src/parse-worker) stops anything that escapes this budget.
 */
export const PAYLOAD_TEXT_BUDGET_MS = 2_000;

/**
 * A source as the rest of statuswatch sees it: its parse runs under the payload's text budget,
 * and its snapshot passes `validateSnapshot`. The registry wraps every source with it.
 */
export function checkedSource(source: Source): Source {
  return {
    format: source.format,
    detect(body, meta) {
      try {
        return source.detect(body, meta);
      } catch {
        return false; // detection is a guess, never a failure
      }
    },
    parse(body, meta): Snapshot {
      const { value, tooComplex } = withTextBudget(PAYLOAD_TEXT_BUDGET_MS, () =>
        source.parse(body, meta),
      );
      const warnings = cappedWarnings();
      for (const w of value.warnings) warnings.add(w);
      for (const w of tooComplexWarnings(tooComplex)) warnings.add(w);
      const checked = validateSnapshot(value, warnings.add);
      return { ...checked, warnings: warnings.list() };
    },
  };
}

// --- internal ---

const REASONS = {
  size: 'longer than a body may be',
  tags: 'too many tags',
  nesting: 'nested too deeply',
  time: 'past the payload\u2019s time budget',
} as const;

function tooComplexWarnings(counts: TooComplexCounts): string[] {
  return Object.entries(counts).map(
    ([reason, n]) =>
      `too_complex: ${String(n)} update ${n === 1 ? 'body' : 'bodies'} kept as plain text (${REASONS[reason as keyof typeof REASONS]})`,
  );
}
