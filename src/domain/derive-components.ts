import type { AffectedComponent, Component, Incident } from './model.ts';

/** A component named by an incident's words rather than listed by the vendor. */
export interface DerivedComponent extends AffectedComponent {
  derived: true;
}

/**
 * Feeds carry no component list, but their titles and updates name components ("Degraded
 * performance for Actions and Pages"). This finds the provider's known component names in the
 * title and update texts, whole words, written as the vendor capitalises them (component names
 * are proper nouns: "These issues were caused…" in GitHub's feed is not its "Issues"), longest
 * name first (so "Git Operations" does not also count as "Git"). Returns nothing when the vendor gave components itself (derived
 * ones found earlier are found again from the words); statuses are unknown (null). Pure.
 */
export function deriveComponents(
  incident: Pick<Incident, 'title' | 'updates' | 'components'>,
  known: readonly Pick<Component, 'vendorId' | 'name'>[],
): DerivedComponent[] {
  if (incident.components.some((c) => c.derived !== true)) return [];
  const texts = [incident.title, ...incident.updates.map((u) => u.bodyText)];
  // One linear pass finds the words present; only names made of them get a regex scan, at most
  // MAX_SCANNED of them, so a page listing thousands of components costs no more than a few.
  const present = new Set(texts.flatMap(wordsOf));
  const candidates = known
    .filter((c) => !isPseudoComponent(c.name) && c.name.trim().length > 1)
    .filter((c) => wordsOf(c.name).every((w) => present.has(w)))
    .sort((a, b) => b.name.length - a.name.length)
    .slice(0, MAX_SCANNED);
  const found = new Set<string>();
  const masked = [...texts];
  for (const component of candidates) {
    const pattern = wholeWords(component.name);
    let hit = false;
    for (let i = 0; i < masked.length; i++) {
      const text = masked[i] ?? '';
      if (!pattern.test(text)) continue;
      hit = true;
      // Blank the match so a shorter name inside it ("Git" in "Git Operations") is not found.
      masked[i] = text.replace(new RegExp(pattern.source, 'gu'), (m) => ' '.repeat(m.length));
    }
    if (hit) found.add(component.vendorId);
  }
  return known
    .filter((c) => found.has(c.vendorId))
    .map((c) => ({
      vendorId: c.vendorId,
      name: c.name,
      oldStatus: null,
      newStatus: null,
      derived: true,
    }));
}

/**
 * Rows a vendor lists as a component but that are a notice, not a service: GitHub's "Visit
 * www.githubstatus.com for more information" (fixtures/vendors/statuspage-v2/github__summary.json).
 */
export function isPseudoComponent(name: string): boolean {
  return /^visit\s/i.test(name.trim()) || /\bwww\.|https?:\/\//i.test(name);
}

// --- internal ---

const MAX_SCANNED = 50;

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function wholeWords(name: string): RegExp {
  const escaped = name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped.replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u');
}
