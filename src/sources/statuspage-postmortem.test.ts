import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statuspageV2 } from './statuspage-v2.ts';

const DIR = join(import.meta.dirname, '../../test/fixtures/vendors/statuspage-v2');
const parse = (file: string) =>
  statuspageV2.parse(readFileSync(join(DIR, file), 'utf8'), {
    url: null,
    fetchedAt: Date.parse('2024-02-01T00:00:00Z'),
    contentType: 'application/json',
  });

// The public API never has postmortem_body: a postmortem is an update with status "postmortem"
// and display_at null, posted days after resolution. Values below are read from the raw files.
describe('postmortems in the public Statuspage API', () => {
  it("Box: t338nyx801f7's postmortem update becomes its postmortem, dated when posted", () => {
    const box = parse('box__incidents-2024-01-31-first3.json');
    const incident = box.incidents.find((i) => i.vendorId === 't338nyx801f7');
    expect(incident?.status).toBe('postmortem');
    expect(incident?.postmortem?.bodyText).toMatch(/^On January 22, 2024, between 3:37 PM PST/);
    // created_at "2024-01-26T12:33:41.521-08:00"; display_at is null.
    expect(incident?.postmortem?.publishedAt).toBe(Date.parse('2024-01-26T20:33:41.521Z'));
    // resolved_at stays the vendor's: "2024-01-22T16:16:21.470-08:00".
    expect(incident?.resolvedAt).toBe(Date.parse('2024-01-23T00:16:21.470Z'));
    expect(incident?.updates.at(-1)?.status).toBe('postmortem');
  });

  it('Jira: exactly the three incidents with a postmortem update get one', () => {
    const jira = parse('jira__incidents-2023-09-01.json');
    expect(jira.incidents).toHaveLength(50);
    const withPostmortem = jira.incidents.filter((i) => i.postmortem !== null);
    expect(withPostmortem.map((i) => i.vendorId).sort()).toEqual([
      'b7ch86y0850g',
      'g84s6dz9frd0',
      'pqltf5m971qf',
    ]);
    const pq = withPostmortem.find((i) => i.vendorId === 'pqltf5m971qf');
    // Posted 2023-07-14T05:06:09.945Z, eight days after the resolution of 2023-07-06T15:37:19.003Z.
    expect(pq?.postmortem?.publishedAt).toBe(Date.parse('2023-07-14T05:06:09.945Z'));
    expect(pq?.resolvedAt).toBe(Date.parse('2023-07-06T15:37:19.003Z'));
  });

  it("Jira: pqltf5m971qf's Markdown postmortem is rendered, never shown raw", () => {
    const jira = parse('jira__incidents-2023-09-01.json');
    const pq = jira.incidents.find((i) => i.vendorId === 'pqltf5m971qf');
    const update = pq?.updates.find((u) => u.status === 'postmortem');
    // The raw body opens "### **SUMMARY**\n\nWe understand the importance of providing ...".
    expect(update?.bodyHtml).toMatch(/^<h3><strong>SUMMARY<\/strong><\/h3>\s*<p>We understand/);
    expect(update?.bodyHtml).not.toContain('###');
    expect(update?.bodyText).toMatch(/^SUMMARY\nWe understand the importance/);
    expect(pq?.postmortem?.bodyHtml).toBe(update?.bodyHtml);
    // Other updates stay plain text: Statuspage bodies hold raw `<` (GitHub's "<1%").
    const resolved = pq?.updates.find((u) => u.status === 'resolved');
    expect(resolved?.bodyHtml).toMatch(/^<p>We experienced performance issues/);
  });
});
