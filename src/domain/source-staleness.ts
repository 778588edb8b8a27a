import type { EpochMs } from './epoch.ts';
import type { SourceHealth } from './model.ts';

/** Stale: no success for three intervals. Shown as such, never as "operational". */
export function isStale(health: SourceHealth, intervalMs: number, now: EpochMs): boolean {
  return health.lastSuccessAt !== null && now - health.lastSuccessAt > 3 * intervalMs;
}
