import type { EpochMs } from '../domain/index.ts';
import { UsageError } from './command.ts';

/** `--since 2023-01-01` or a full ISO time; dates without a zone are UTC. */
export function parseTimeFlag(name: string, value: string | undefined): EpochMs | undefined {
  if (value === undefined) return undefined;
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const t = Date.parse(withZone);
  if (Number.isNaN(t))
    throw new UsageError(`--${name} must be a date like 2023-01-31 or an ISO time, not "${value}"`);
  return t;
}
