/**
 * Issue 9, acceptance 1: what `simulate` stored beside what `import` of the same captures
 * stores. Compared: incidents whose whole life falls inside the simulated window, each once,
 * with the same updates (minute and status), start and resolution to the minute; and no event
 * told twice (more events for an incident's vendor time than updates it stored at that time).
 */
import { basename } from 'node:path';
import type { EpochMs, StoredEvent, StoredIncident } from '../src/domain/index.ts';
import { timeFromName } from '../src/ingest/capture-order.ts';
import { importCaptures } from '../src/ingest/import-captures.ts';
import type { Store } from '../src/storage/store.ts';

export interface ImportComparison {
  compared: number;
  missing: string[];
  differing: { code: string; simulated: Facts; imported: Facts }[];
  duplicateEvents: string[];
}

interface Facts {
  started: number | null;
  resolved: number | null;
  updates: string[];
}

/** Imports the captures that show the window under `importedSlug`, then compares. */
export async function compareWithImport(
  store: Store,
  input: {
    simulatedSlug: string;
    importedSlug: string;
    files: readonly string[];
    from: EpochMs;
    until: EpochMs;
    /** How far the twin moved the vendor's times (a twin played to a live serve); 0 by default. */
    simulatedShiftMs?: number;
  },
): Promise<ImportComparison> {
  await importCaptures(store, capturesFor(input.files, input.until), {
    providerSlug: input.importedSlug,
  });
  const wholeLife = (i: StoredIncident) =>
    (i.startedAt ?? i.firstSeenAt) >= input.from && (i.resolvedAt ?? Infinity) < input.until;
  const imported = (await incidents(store, input.importedSlug)).filter(wholeLife);
  const simulated = new Map(
    (await incidents(store, input.simulatedSlug)).map((i) => [i.vendorId, i]),
  );
  const shift = input.simulatedShiftMs ?? 0;
  const missing: string[] = [];
  const differing: ImportComparison['differing'] = [];
  for (const want of imported) {
    const have = simulated.get(want.vendorId);
    if (have === undefined) missing.push(want.vendorId);
    else if (JSON.stringify(facts(have, shift)) !== JSON.stringify(facts(want, 0)))
      differing.push({
        code: want.vendorId,
        simulated: facts(have, shift),
        imported: facts(want, 0),
      });
  }
  return {
    compared: imported.length,
    missing,
    differing,
    duplicateEvents: await duplicateEvents(store, input.simulatedSlug),
  };
}

export function comparisonLines(c: ImportComparison): string[] {
  return [
    `simulate vs import: ${String(c.compared)} incidents compared, ${String(c.missing.length)} missing, ` +
      `${String(c.differing.length)} differing, ${String(c.duplicateEvents.length)} duplicate events`,
    ...c.missing.slice(0, 10).map((code) => `  missing: ${code}`),
    ...c.differing
      .slice(0, 10)
      .map(
        (d) =>
          `  differs: ${d.code} simulated ${JSON.stringify(d.simulated)} imported ${JSON.stringify(d.imported)}`,
      ),
    ...c.duplicateEvents.slice(0, 10).map((key) => `  duplicate event: ${key}`),
  ];
}

// --- internal ---

/**
 * Captures taken before `until` plus 3 days (they show how the window's last incidents ended,
 * as the twin does), and the first one after: a feed capture also shows earlier weeks, so a
 * window before the first capture still has one.
 */
function capturesFor(files: readonly string[], until: EpochMs): string[] {
  const timed = files
    .map((f) => ({ f, at: timeFromName(basename(f)) ?? 0 }))
    .sort((a, b) => a.at - b.at);
  const cut = until + 3 * 86_400_000;
  const before = timed.filter((c) => c.at < cut);
  const next = timed.find((c) => c.at >= cut);
  return [...before, ...(next === undefined ? [] : [next])].map((c) => c.f);
}

/** The vendor's facts to the minute, moved back by `shift` when the twin had moved them. */
function facts(i: StoredIncident, shift: number): Facts {
  const minute = (at: number | null) => (at === null ? null : Math.floor((at - shift) / 60_000));
  return {
    started: minute(i.startedAt),
    resolved: minute(i.resolvedAt),
    updates: i.updates.map((u) => `${String(minute(u.displayedAt))} ${u.status}`),
  };
}

function incidents(store: Store, slug: string): Promise<StoredIncident[]> {
  return store.listIncidents({ providerSlug: slug, limit: 1_000_000 });
}

/**
 * Events of `slug` that say the same thing as an earlier one. An update's event is told at the
 * update's own time, and a vendor may post several updates in one minute (GitHub's
 * f0mhbz9xn497 has four at 2023-05-09 12:52): an incident's events at one time are duplicates
 * only beyond the number of updates stored at that time. Other events (a postmortem, a change
 * with no update) are told once per kind, incident and time.
 */
async function duplicateEvents(store: Store, slug: string): Promise<string[]> {
  const updatesAt = new Map<string, number>();
  for (const i of await incidents(store, slug)) {
    for (const u of i.updates) {
      const key = `${i.vendorId} ${String(u.displayedAt ?? u.createdAt)}`;
      updatesAt.set(key, (updatesAt.get(key) ?? 0) + 1);
    }
  }
  const told = new Map<string, number>();
  const duplicates: string[] = [];
  for (let after = 0; ;) {
    const page: StoredEvent[] = await store.listEvents(after, 5000);
    if (page.length === 0) return duplicates;
    for (const e of page) {
      if (e.providerSlug !== slug || !('incidentVendorId' in e)) continue;
      const at = `${e.incidentVendorId} ${String(e.occurredAt)}`;
      const fromUpdate = 'updateVendorId' in e && e.updateVendorId !== null;
      const key = fromUpdate ? at : `${e.kind} ${at}`;
      const count = (told.get(key) ?? 0) + 1;
      told.set(key, count);
      if (count > (fromUpdate ? Math.max(1, updatesAt.get(at) ?? 0) : 1))
        duplicates.push(`${e.kind} ${at}`);
    }
    after = page.at(-1)?.id ?? after;
  }
}
