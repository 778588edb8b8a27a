import {
  ALERT_KINDS,
  channelsFromConfig,
  createSubscription,
  requireSubscription,
  sendTestMessage,
  subscriptionViews,
  type Channels,
  type SubscriptionView,
} from '../../alerts/index.ts';
import { isoTime } from '../../alerts/message.ts';
import { alertsConfigOf, publicUrlOf } from '../../config/index.ts';
import { StatuswatchError, toReadableJson } from '../../domain/index.ts';
import { DELIVERY_STATUSES, type DeliveryRecord } from '../../storage/alert-store.ts';
import {
  UsageError,
  boolFlag,
  requirePositional,
  stringFlag,
  type CommandContext,
  type Command,
} from '../command.ts';
import { table } from './list.ts';

const ACTIONS = ['add', 'list', 'remove', 'test', 'resume', 'log'] as const;

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'Manage alert subscriptions (add|list|remove|test|resume) and read the delivery log',
  usage:
    'alerts add --channel email|webhook|slack|discord|teams (--to ADDRESS… | --url URL [--secret S] [--format statuswatch-v1|statuspage]) ' +
    '[--name N] [--provider SLUG…] [--component NAME…] [--group NAME…] [--min-impact none|minor|major|critical] ' +
    `[--events ${ALERT_KINDS.join(',')}] [--maintenance] | alerts list [--json] | alerts remove|test|resume <id> | ` +
    'alerts log [--subscription ID] [--status pending|delivered|dead] [--limit N] [--json]',
  options: {
    channel: { type: 'string' },
    url: { type: 'string' },
    to: { type: 'string', multiple: true },
    secret: { type: 'string' },
    format: { type: 'string' },
    name: { type: 'string' },
    provider: { type: 'string', multiple: true },
    component: { type: 'string', multiple: true },
    group: { type: 'string', multiple: true },
    'min-impact': { type: 'string' },
    events: { type: 'string' },
    maintenance: { type: 'boolean' },
    subscription: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const action = requirePositional(ctx, 0, `action (${ACTIONS.join('|')})`);
    switch (action) {
      case 'add':
        return withChannels(ctx, (channels) => add(ctx, channels));
      case 'list':
        return list(ctx);
      case 'remove':
        return remove(ctx);
      case 'test':
        return withChannels(ctx, (channels) => test(ctx, channels));
      case 'resume':
        return resume(ctx);
      case 'log':
        return log(ctx);
      default:
        throw new UsageError(`unknown action "${action}" (one of ${ACTIONS.join(', ')})`);
    }
  },
};

// --- internal ---

async function withChannels(
  ctx: CommandContext,
  use: (channels: Channels) => Promise<number>,
): Promise<number> {
  const channels = channelsFromConfig(alertsConfigOf(ctx.config));
  try {
    return await use(channels);
  } finally {
    await channels.close();
  }
}

async function add(ctx: CommandContext, channels: Channels): Promise<number> {
  const store = await ctx.store();
  const subscription = await createSubscription(store, channels, inputFromFlags(ctx), Date.now());
  const [view] = (await subscriptionViews(store)).filter((v) => v.id === subscription.id);
  if (view !== undefined) ctx.out(`added alert #${view.id}: ${describe(view)}`);
  const channel = subscription.spec.channel;
  if (channel.kind === 'webhook' && stringFlag(ctx, 'secret') === undefined) {
    ctx.out(
      `signing secret (shown once, checks the statuswatch-signature header): ${channel.secret}`,
    );
  }
  return 0;
}

function inputFromFlags(ctx: CommandContext): Record<string, unknown> {
  const kind = stringFlag(ctx, 'channel');
  if (kind === undefined) throw new UsageError('missing --channel');
  const channel: Record<string, unknown> = { kind };
  if (kind === 'email') channel.to = listFlag(ctx, 'to');
  else channel.url = stringFlag(ctx, 'url');
  if (stringFlag(ctx, 'secret') !== undefined) channel.secret = stringFlag(ctx, 'secret');
  if (stringFlag(ctx, 'format') !== undefined) channel.format = stringFlag(ctx, 'format');
  const events = stringFlag(ctx, 'events')
    ?.split(',')
    .map((e) => e.trim());
  const withMaintenance = boolFlag(ctx, 'maintenance');
  const input: Record<string, unknown> = { channel };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) input[key] = value;
  };
  set('name', stringFlag(ctx, 'name'));
  set('providers', ctx.values.provider === undefined ? undefined : listFlag(ctx, 'provider'));
  set('components', ctx.values.component === undefined ? undefined : listFlag(ctx, 'component'));
  set('groups', ctx.values.group === undefined ? undefined : listFlag(ctx, 'group'));
  set('minimumImpact', stringFlag(ctx, 'min-impact'));
  if (events !== undefined || withMaintenance) {
    const chosen = events ?? ALERT_KINDS.filter((k) => k !== 'maintenance');
    input.events = withMaintenance ? [...new Set([...chosen, 'maintenance'])] : chosen;
  }
  return input;
}

function listFlag(ctx: CommandContext, name: string): string[] {
  const value = ctx.values[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

async function list(ctx: CommandContext): Promise<number> {
  const views = await subscriptionViews(await ctx.store());
  if (boolFlag(ctx, 'json')) {
    ctx.out(JSON.stringify(toReadableJson({ subscriptions: views }), null, 2));
    return 0;
  }
  if (views.length === 0) {
    ctx.out('no alert subscriptions yet: add one with "statuswatch alerts add --channel …"');
    return 0;
  }
  const rows = views.map((v) => [
    `#${v.id}`,
    v.channel.kind,
    v.channel.target,
    v.providers === 'all' ? 'all' : v.providers.join(','),
    filtersOf(v),
    v.events.join(','),
    stateOf(v),
  ]);
  ctx.out(table(['ID', 'CHANNEL', 'TARGET', 'PROVIDERS', 'FILTERS', 'EVENTS', 'STATE'], rows));
  return 0;
}

async function remove(ctx: CommandContext): Promise<number> {
  const id = idOf(ctx);
  if (!(await (await ctx.store()).alerts.removeSubscription(id))) {
    throw new StatuswatchError('not_found', `no alert subscription #${id}`);
  }
  ctx.out(`removed alert #${id} and its deliveries`);
  return 0;
}

async function test(ctx: CommandContext, channels: Channels): Promise<number> {
  const store = await ctx.store();
  const subscription = await requireSubscription(store, idOf(ctx));
  const alerts = alertsConfigOf(ctx.config);
  const url = publicUrlOf(ctx.config, alerts);
  const started = Date.now();
  const outcome = await sendTestMessage(store, channels, subscription, url, started);
  const answer = [outcome.code, outcome.detail].filter((p) => p !== null).join(' ');
  const took = `${Date.now() - started} ms`;
  ctx.out(
    outcome.ok
      ? `test message to ${subscription.target.label} accepted (${answer || 'ok'}, ${took})`
      : `test message to ${subscription.target.label} refused: ${answer} (${took})`,
  );
  return outcome.ok ? 0 : 1;
}

async function resume(ctx: CommandContext): Promise<number> {
  const store = await ctx.store();
  const subscription = await requireSubscription(store, idOf(ctx));
  await store.alerts.resumeChannel(subscription.target.key);
  ctx.out(`resumed ${subscription.target.label}: waiting deliveries go out now`);
  return 0;
}

async function log(ctx: CommandContext): Promise<number> {
  const status = stringFlag(ctx, 'status');
  if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  const subscription = stringFlag(ctx, 'subscription');
  const deliveries = await (
    await ctx.store()
  ).alerts.listDeliveries({
    limit: positiveInt(stringFlag(ctx, 'limit') ?? '50', '--limit'),
    ...(subscription === undefined
      ? {}
      : { subscriptionId: positiveInt(subscription, '--subscription') }),
    ...(status === undefined ? {} : { status: status as DeliveryRecord['status'] }),
  });
  if (boolFlag(ctx, 'json')) {
    ctx.out(JSON.stringify(toReadableJson({ deliveries }), null, 2));
    return 0;
  }
  ctx.out(
    table(
      ['TIME', 'DELIVERY', 'ALERT', 'EVENT', 'RESULT', 'CODE', 'LATENCY', 'DETAIL'],
      logRows(deliveries),
    ),
  );
  ctx.out(`${deliveries.length} deliveries, newest first (times UTC)`);
  return 0;
}

/** One row per attempt; a delivery not tried yet shows as one pending row. */
function logRows(deliveries: readonly DeliveryRecord[]): string[][] {
  return deliveries.flatMap((d) => {
    const common = [`${d.id}`, `#${d.subscriptionId}`, `${d.providerSlug} ${d.eventKind}`];
    if (d.log.length === 0) {
      return [[isoTime(d.nextAttemptAt), ...common, d.status, '-', '-', d.lastError ?? '']];
    }
    return [...d.log]
      .reverse()
      .map((a) => [
        isoTime(a.attemptedAt),
        ...common,
        a.result,
        a.responseCode === null ? '-' : `${a.responseCode}`,
        `${a.latencyMs} ms`,
        (a.detail ?? '').slice(0, 80),
      ]);
  });
}

function describe(v: SubscriptionView): string {
  const providers = v.providers === 'all' ? 'all providers' : v.providers.join(', ');
  const filters = filtersOf(v);
  return `${v.channel.kind} ${v.channel.target} (${providers}${filters === '-' ? '' : `; ${filters}`}; ${v.events.join(', ')})`;
}

function filtersOf(v: SubscriptionView): string {
  const parts: string[] = [];
  if (v.components.length > 0) parts.push(`components ${v.components.join(',')}`);
  if (v.groups.length > 0) parts.push(`groups ${v.groups.join(',')}`);
  if (v.minimumImpact !== 'none') parts.push(`impact >= ${v.minimumImpact}`);
  return parts.length === 0 ? '-' : parts.join('; ');
}

function stateOf(v: SubscriptionView): string {
  if (v.channel.paused) return `PAUSED after ${v.channel.consecutiveFailures} failures`;
  if (v.channel.consecutiveFailures > 0) return `failing (${v.channel.consecutiveFailures})`;
  return 'ok';
}

function idOf(ctx: CommandContext): number {
  return positiveInt(requirePositional(ctx, 1, 'alert id').replace(/^#/, ''), 'alert id');
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${what} must be a positive integer, not "${text}"`);
  return n;
}
