import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoLifecycle } from '../src/cli/commands/_demo-lifecycle.ts';
import { demoCommand } from '../src/cli/commands/demo.ts';
import { configSchema } from '../src/config/schema.ts';
import { statuspageV2 } from '../src/sources/statuspage-v2.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const T0 = Date.UTC(2026, 0, 1);
const STEP = 20_000;

function parse(body: string, at: number) {
  return statuspageV2.parse(body, {
    url: 'http://127.0.0.1/api/v2/summary.json',
    fetchedAt: at,
    contentType: null,
  });
}

describe('demo lifecycle', () => {
  const lifecycle = demoLifecycle(FIXTURES, T0, STEP, 60_000);

  it('replays the recorded GitHub outage one update per step, with times moved to now', () => {
    const first = parse(lifecycle.summaryAt(T0 + 1_000), T0 + 1_000);
    expect(first.warnings).toEqual([]);
    expect(first.incidents.map((i) => [i.vendorId, i.updates.length, i.startedAt])).toEqual([
      ['gqx5l06jjxhp-1', 1, T0],
    ]);
    expect(first.components?.filter((c) => c.status === 'major_outage')).toHaveLength(10);
    const fourth = parse(lifecycle.summaryAt(T0 + 3 * STEP + 1), T0 + 3 * STEP + 1);
    expect(fourth.incidents[0]?.updates.map((u) => u.displayedAt)).toEqual([
      T0,
      T0 + STEP,
      T0 + 2 * STEP,
      T0 + 3 * STEP,
    ]);
  });

  it('drops the resolved incident from the summary and serves it alone, then starts over', () => {
    const quiet = T0 + 8 * STEP + 1;
    expect(parse(lifecycle.summaryAt(quiet), quiet).incidents).toEqual([]);
    const alone = parse(lifecycle.incidentAt('gqx5l06jjxhp-1', quiet) ?? '', quiet);
    expect(alone.incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: T0 + 7 * STEP });
    expect(lifecycle.incidentAt('gqx5l06jjxhp-9', quiet)).toBeNull();
    const next = T0 + 8 * STEP + 60_000 + 1;
    expect(parse(lifecycle.summaryAt(next), next).incidents.map((i) => i.vendorId)).toEqual([
      'gqx5l06jjxhp-2',
    ]);
  });
});

describe('statuswatch demo', () => {
  it('serves real recorded vendors from the fake vendor, with no network', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-demo-'));
    const controller = new AbortController();
    const lines: string[] = [];
    const config = configSchema.parse({ dataDir, port: 0 });
    const running = demoCommand.run({
      positionals: [],
      values: {},
      config,
      signal: controller.signal,
      store: () => Promise.reject(new Error('the demo opens its own store')),
      out: (line) => lines.push(line),
    });
    try {
      const url = await waitFor(
        () => /open (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1],
      );
      const providers = await waitFor(async () => {
        const body = (await (await fetch(`${url}/api/v1/providers`)).json()) as {
          providers: { slug: string; open_incidents: number; last_checked_at: string | null }[];
        };
        return body.providers.every((p) => p.last_checked_at !== null) ? body.providers : undefined;
      });
      expect(providers.map((p) => p.slug).sort()).toEqual([
        'atlassian',
        'digitalocean',
        'github',
        'github-feed',
        'openai',
        'streamyard',
      ]);
      expect(providers.find((p) => p.slug === 'github')?.open_incidents).toBe(1);
      const page = await (await fetch(`${url}/providers/github`)).text();
      expect(page).toContain('Incident On 2023-06-29');
    } finally {
      controller.abort();
      expect(await running).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
