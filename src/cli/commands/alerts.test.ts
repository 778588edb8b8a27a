import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpSink, type HttpSink } from '../../../test/alert-sinks.ts';
import { loadConfig } from '../../config/index.ts';
import { isStatuswatchError } from '../../domain/index.ts';
import { openSqliteStore } from '../../storage/sqlite-store.ts';
import type { Store } from '../../storage/store.ts';
import type { CommandContext } from '../command.ts';
import { alertsCommand } from './alerts.ts';

let sink: HttpSink;
let store: Store;
beforeAll(async () => {
  sink = await startHttpSink();
  store = await openSqliteStore(':memory:');
});
afterAll(async () => {
  await store.close();
  await sink.close();
});

/** Runs `statuswatch alerts …` against the shared store; returns exit code and printed lines. */
async function run(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const { values, positionals } = parseArgs({
    args,
    options: alertsCommand.options ?? {},
    allowPositionals: true,
  });
  const lines: string[] = [];
  const defaults = loadConfig({}, {});
  const config = { ...defaults, alerts: { ...defaults.alerts, allowList: ['127.0.0.1'] } };
  const ctx: CommandContext = {
    positionals,
    values,
    config,
    store: () => Promise.resolve(store),
    out: (line) => lines.push(line),
    signal: new AbortController().signal,
  };
  return { code: await alertsCommand.run(ctx), lines };
}

describe('statuswatch alerts', () => {
  it('adds a filtered webhook subscription and shows its secret once', async () => {
    const { code, lines } = await run(
      'add',
      '--channel',
      'webhook',
      '--url',
      `${sink.url}/hook`,
      '--provider',
      'acme',
      '--component',
      'API',
      '--min-impact',
      'major',
      '--maintenance',
    );
    expect(code).toBe(0);
    expect(lines[0]).toBe(
      `added alert #1: webhook ${sink.url}/hook (acme; components API; impact >= major; opened, updated, resolved, component_changes, postmortem_published, source_failing, maintenance)`,
    );
    expect(lines[1]).toMatch(/^signing secret .*: whsec_/);
  });

  it('refuses an invalid URL or address with a one-line message, storing nothing', async () => {
    const attempts = [
      ['add', '--channel', 'slack', '--url', 'hooks.slack.com/services/x'],
      ['add', '--channel', 'email', '--to', 'nobody'],
      ['add', '--channel', 'webhook', '--url', 'http://10.0.0.8/hook'],
    ];
    for (const args of attempts) {
      await expect(run(...args)).rejects.toSatisfy(
        (e) => isStatuswatchError(e) && !e.message.includes('\n'),
      );
    }
    expect(await store.alerts.listSubscriptions()).toHaveLength(1);
  });

  it('lists subscriptions with their filters and state', async () => {
    const lines = (await run('list')).lines.join('\n').split('\n');
    expect(lines[0]).toMatch(/^ID\s+CHANNEL\s+TARGET\s+PROVIDERS\s+FILTERS\s+EVENTS\s+STATE$/);
    expect(lines[1]).toMatch(
      /^#1\s+webhook\s+http:\/\/127\.0\.0\.1:\d+\/hook\s+acme\s+components API; impact >= major\s+.*\s+ok$/,
    );
  });

  it('sends a test message through the real channel', async () => {
    const { code, lines } = await run('test', '1');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^test message to .* accepted \(200 ok, \d+ ms\)$/);
    const [request] = await sink.waitFor(1, 2_000);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      test: true,
      schema: 'statuswatch.alert/v1',
    });
  });

  it('shows the delivery log and removes a subscription', async () => {
    expect((await run('log')).lines.at(-1)).toBe('0 deliveries, newest first (times UTC)');
    expect((await run('remove', '#1')).lines).toEqual(['removed alert #1 and its deliveries']);
    await expect(run('remove', '1')).rejects.toSatisfy((e) => isStatuswatchError(e, 'not_found'));
    await expect(run('log', '--status', 'lost')).rejects.toThrow(/--status must be one of/);
  });
});
