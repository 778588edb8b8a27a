import { z } from 'zod';
import { StatuswatchError, type EpochMs } from '../domain/index.ts';

/**
 * What a twin can be told to do wrong, each during a window of simulated time. Paths are
 * matched as regular expressions against the request path (e.g. `incidents/\w+\.json$`).
 * - `status`: answer this HTTP status (a 5xx burst), body "error"; with `times`, only the first
 *   that many matching requests of the window get it (exactly "one 503 on the follow-up",
 *   whatever the poller's retry backoff);
 * - `stale`: serve the copy as it was `lagMs` earlier (an older CDN copy);
 * - `deleted`: the incident is gone from every view, its own URL answers 404;
 * - `hang`: accept the request and never answer (until the twin closes).
 */
const window = { from: z.number(), until: z.number().optional() };

export const FAULT_SCHEMA = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('status'),
      path: z.string(),
      status: z.number().int().min(400).max(599),
      times: z.number().int().positive().optional(),
      ...window,
    })
    .strict(),
  z
    .object({ kind: z.literal('stale'), path: z.string(), lagMs: z.number().positive(), ...window })
    .strict(),
  z.object({ kind: z.literal('deleted'), code: z.string(), ...window }).strict(),
  z.object({ kind: z.literal('hang'), path: z.string(), ...window }).strict(),
]);
export type Fault = z.infer<typeof FAULT_SCHEMA>;

/** Validates a fault script (times as epoch ms or ISO strings); a bad one is `invalid_input`. */
export function parseFaultScript(raw: unknown): Fault[] {
  const withTimes = Array.isArray(raw) ? raw.map(timesToMs) : raw;
  const parsed = z.array(FAULT_SCHEMA).safeParse(withTimes);
  if (!parsed.success)
    throw new StatuswatchError(
      'invalid_input',
      `bad fault script: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}

export function isActive(fault: Fault, t: EpochMs): boolean {
  return t >= fault.from && (fault.until === undefined || t < fault.until);
}

/**
 * The first active fault of the path-based kinds that matches this path. `served` counts the
 * requests each fault answered so far; a `status` fault that used up its `times` is skipped.
 */
export function pathFault(
  faults: readonly Fault[],
  path: string,
  t: EpochMs,
  served: ReadonlyMap<Fault, number> = new Map(),
): Exclude<Fault, { kind: 'deleted' }> | null {
  for (const f of faults) {
    if (f.kind === 'deleted' || !isActive(f, t)) continue;
    if (f.kind === 'status' && f.times !== undefined && (served.get(f) ?? 0) >= f.times) continue;
    if (new RegExp(f.path).test(path)) return f;
  }
  return null;
}

/** Codes deleted at t. */
export function deletedCodes(faults: readonly Fault[], t: EpochMs): Set<string> {
  return new Set(faults.flatMap((f) => (f.kind === 'deleted' && isActive(f, t) ? [f.code] : [])));
}

function timesToMs(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const out: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const key of ['from', 'until']) {
    const v = out[key];
    if (typeof v === 'string') out[key] = Date.parse(v);
  }
  return out;
}
