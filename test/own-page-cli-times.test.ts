// A maintenance window typed without a zone means the page's wall clock, from the CLI as from
// the admin form, whatever zone the operator's shell is in (the test machine's is UTC).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStore } from '../src/storage/index.ts';
import { testTempDir } from './support/temp-dir.ts';

const YAML = `page:
  slug: acme
  name: Acme
  url: https://status.acme.example/status
  timeZone: America/Los_Angeles
  components:
    - { id: api, name: API }
`;

describe('page maintenance schedule --from/--until', () => {
  it('reads times without a zone in the page zone, and times with one as written', async () => {
    const dir = testTempDir('sw-page-times-');
    writeFileSync(join(dir, 'statuswatch.yaml'), YAML);
    const run = async (...args: string[]) => {
      const lines: string[] = [];
      const code = await main([...args, '--config', join(dir, 'statuswatch.yaml'), '--data-dir', dir], (l) => lines.push(l)); // prettier-ignore
      expect([code, lines]).toEqual([0, lines]);
    };
    await run('page', 'maintenance', 'schedule', '--title', 'Wall clock', '--message', 'M', '--from', '2030-02-10T10:00', '--until', '2030-02-10T12:00'); // prettier-ignore
    await run('page', 'maintenance', 'schedule', '--title', 'With offset', '--message', 'M', '--from', '2030-02-10T10:00:00Z', '--until', '2030-02-10T12:00:00Z'); // prettier-ignore
    const store = await openStore({ databaseUrl: null, dataDir: dir });
    try {
      const stored = await store.listIncidents({ providerSlug: 'acme' });
      const windows = Object.fromEntries(
        stored.map((m) => [m.title, [m.scheduledFor, m.scheduledUntil].map((t) => new Date(t ?? 0).toISOString())]),
      ); // prettier-ignore
      expect(windows).toEqual({
        // 10:00 in Los Angeles in February (PST, UTC-8).
        'Wall clock': ['2030-02-10T18:00:00.000Z', '2030-02-10T20:00:00.000Z'],
        'With offset': ['2030-02-10T10:00:00.000Z', '2030-02-10T12:00:00.000Z'],
      });
    } finally {
      await store.close();
    }
  });
});
