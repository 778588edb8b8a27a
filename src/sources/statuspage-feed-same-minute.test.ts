import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statuspageFeed } from './statuspage-feed.ts';

// The shared captures (557 GitHub history.atom captures 2022-06 → 2023-12, and every feed in
// fixtures/vendors) were searched for an entry with a non-closing update listed above a
// "Resolved" of the same minute: none holds one (GitHub's k8nz2ljtvzv4 and 9zq8p50p7tkh of 2024
// are not in them). So the test starts from a real entry, github__history.atom's gx7js8bd0jpz
// (Investigating 09:36, Resolved 10:23), and adds one update to it: an INVENTED VARIATION.
const ROOT = join(import.meta.dirname, '..', '..');
const FEED = readFileSync(
  join(ROOT, 'test/fixtures/vendors/statuspage-feed/github__history.atom'),
  'utf8',
);
const META = { url: null, fetchedAt: Date.parse('2026-11-21T00:00:00Z'), contentType: null };

const RESOLVED_SMALL =
  "&lt;small&gt;Aug &lt;var data-var='date'&gt;18&lt;/var&gt;, &lt;var data-var='time'&gt;10:23&lt;/var&gt; UTC&lt;/small&gt;";

/** Puts an update labelled `label` at `time`, listed first (newest), into gx7js8bd0jpz. */
function withExtraUpdate(label: string, time: string): string {
  const start = FEED.indexOf('incidents/gx7js8bd0jpz');
  const content = FEED.indexOf('<content type="html">', start) + '<content type="html">'.length;
  const small = RESOLVED_SMALL.replace('10:23', time);
  const extra = `&lt;p&gt; ${small}&lt;br&gt; &lt;strong&gt;${label}&lt;/strong&gt; - We are continuing to monitor. &lt;/p&gt; `;
  return FEED.slice(0, content) + extra + FEED.slice(content);
}

function gx7(body: string) {
  const found = statuspageFeed
    .parse(body, META)
    .incidents.find((i) => i.vendorId === 'gx7js8bd0jpz');
  if (found === undefined) throw new Error('gx7js8bd0jpz not parsed');
  return found;
}

describe('feed status follows the latest update by time', () => {
  it('keeps the real entry resolved at 10:23', () => {
    const real = gx7(FEED);
    expect(real.status).toBe('resolved');
    expect(new Date(real.resolvedAt ?? 0).toISOString()).toBe('2026-08-18T10:23:00.000Z');
  });

  it('an "Investigating" in the same minute as "Resolved", listed above it, does not reopen', () => {
    const i = gx7(withExtraUpdate('Investigating', '10:23'));
    expect(i.updates).toHaveLength(3);
    expect(i.status).toBe('resolved');
    expect(new Date(i.resolvedAt ?? 0).toISOString()).toBe('2026-08-18T10:23:00.000Z');
  });

  it('an "Update" in the same minute as "Resolved", listed above it, does not reopen', () => {
    expect(gx7(withExtraUpdate('Update', '10:23')).status).toBe('resolved');
  });

  it('a strictly later non-closing update does reopen', () => {
    const i = gx7(withExtraUpdate('Investigating', '10:24'));
    expect(i.status).toBe('investigating');
    expect(i.resolvedAt).toBeNull();
  });
});
