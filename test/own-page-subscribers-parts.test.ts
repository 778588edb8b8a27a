// The own page's subscriber parts on their own: the rate limiter, the form's checks, the mail
// queue, the CLI's list and remove.
import { describe, expect, it } from 'vitest';
import { pageSubscribers } from '../src/cli/commands/page-subscribers.ts';
import type { CommandContext } from '../src/cli/command.ts';
import type { Config } from '../src/config/index.ts';
import { isStatuswatchError } from '../src/domain/index.ts';
import {
  createRateLimiter,
  parseSubscribeRequest,
  startPageSubscribers,
  tokenHash,
} from '../src/own-page/subscribers/index.ts';
import { createSendQueue } from '../src/own-page/subscribers/send-queue.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { makeNewSubscription } from './support/alert-builders.ts';
import { startSmtpSink } from './alert-sinks.ts';
import { acmePage, linksIn, localPath, startRig } from './_own-page-subscribers-kit.ts';

const HOUR = 3_600_000;

describe('rate limiter', () => {
  it('allows `limit` per window and key, says when the window ends, starts again after it', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: HOUR });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 10)).toEqual({ ok: true });
    expect(limiter.take('a', 1_000)).toEqual({ ok: false, retryAfterMs: HOUR - 1_000 });
    expect(limiter.take('b', 1_000)).toEqual({ ok: true });
    expect(limiter.take('a', HOUR)).toEqual({ ok: true });
  });

  it('keeps at most maxKeys windows: a flood of new keys evicts the oldest', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: HOUR, maxKeys: 3 });
    expect(limiter.take('first', 0).ok).toBe(true);
    expect(limiter.take('first', 1).ok).toBe(false);
    for (const key of ['k1', 'k2', 'k3']) limiter.take(key, 2);
    // "first" was evicted to make room, so it counts from zero again.
    expect(limiter.take('first', 3).ok).toBe(true);
  });
});

describe('subscribe form', () => {
  const page = acmePage();
  it('lowercases the address, keeps known component ids, treats every box ticked as none', () => {
    expect(parseSubscribeRequest({ email: ' Ann@Example.TEST ', components: 'api' }, page)).toEqual(
      {
        email: 'ann@example.test',
        components: ['api'],
        webhookUrl: null,
      },
    );
    const all = { email: 'a@example.test', components: ['docs', 'api', 'dashboard'] };
    expect(parseSubscribeRequest(all, page).components).toEqual([]);
    const hook = { email: 'a@example.test', webhook_url: 'https://h.example.test/x' };
    expect(parseSubscribeRequest(hook, page).webhookUrl).toBe('https://h.example.test/x');
    expect(parseSubscribeRequest({ ...hook, webhook_url: '' }, page).webhookUrl).toBeNull();
  });

  it.each([
    [{ email: 'not-an-address' }, /^email: /],
    [{}, /^email: /],
    [{ email: 'a@example.test', components: ['billing'] }, /no component "billing"/],
    [{ email: 'a@example.test', webhook_url: 'ftp://h.example.test/' }, /^webhook_url: /],
  ])('refuses %j with a named invalid_input', (input, message) => {
    let caught: unknown;
    try {
      parseSubscribeRequest(input, page);
    } catch (error) {
      caught = error;
    }
    expect(isStatuswatchError(caught, 'invalid_input')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('confirmation mail queue', () => {
  it('runs at most `concurrency` jobs at once, drops past maxQueued, and tells when idle', async () => {
    const queue = createSendQueue(2, 3);
    let running = 0;
    let most = 0;
    let done = 0;
    const job = () => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      done += 1;
    };
    const accepted = Array.from({ length: 6 }, () => queue.push(job()));
    // Two start at once; three wait; the sixth finds the queue full.
    expect(accepted).toEqual([true, true, true, true, true, false]);
    await queue.idle();
    expect({ most, done }).toEqual({ most: 2, done: 5 });
  });
});

describe('statuswatch page subscribers', () => {
  it('lists confirmed and pending subscribers and removes one with its alert subscription', async () => {
    const store = await openSqliteStore(':memory:');
    const page = acmePage();
    const request = {
      providerSlug: 'acme',
      kind: 'email' as const,
      components: ['api'],
      confirmTokenHash: tokenHash('one'),
      confirmExpiresAt: Date.now() + HOUR,
      now: Date.now(),
    };
    const ann = await store.alerts.requestPageSubscriber({ ...request, address: 'ann@example.test', contactEmail: 'ann@example.test' }); // prettier-ignore
    await store.alerts.requestPageSubscriber({ ...request, address: 'bob@example.test', contactEmail: 'bob@example.test', confirmTokenHash: tokenHash('two') }); // prettier-ignore
    await store.alerts.confirmPageSubscriber({ id: ann.id, confirmTokenHash: tokenHash('one'), unsubscribeTokenHash: 'u', subscription: makeNewSubscription(), now: Date.now() }); // prettier-ignore
    const lines: string[] = [];
    const ctx = (...positionals: string[]): CommandContext => ({
      positionals,
      values: {},
      config: { page } as unknown as Config,
      store: () => Promise.resolve(store),
      out: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
    expect(await pageSubscribers(ctx('subscribers', 'list'), page)).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^#1 email ann@example\.test {2}components: api {2}confirmed \d{4}-/),
      expect.stringMatching(
        /^#2 email bob@example\.test {2}components: api {2}link pending until /,
      ),
    ]);
    expect(await pageSubscribers(ctx('subscribers', 'remove', String(ann.id)), page)).toBe(0);
    expect(await store.alerts.listSubscriptions()).toEqual([]);
    await expect(
      pageSubscribers(ctx('subscribers', 'remove', String(ann.id)), page),
    ).rejects.toThrow(/no subscriber #1/);
    await expect(pageSubscribers(ctx('subscribers', 'remove', 'x'), page)).rejects.toThrow(
      /not a subscriber id/,
    );
    await store.close();
  });
});

describe('confirmation links expire', () => {
  it('a link used after confirmHours answers 404 and creates nothing', async () => {
    const smtp = await startSmtpSink();
    const store = await openSqliteStore(':memory:');
    let now = Date.now();
    const rig = await startRig(store, smtp.port, { page: acmePage({ confirmHours: 1 }), clock: () => now }); // prettier-ignore
    try {
      expect((await rig.subscribers.subscribe({ email: 'late@example.test' }, '10.0.0.1')).ok).toBe(
        true,
      );
      await rig.subscribers.settled();
      const [link] = linksIn(smtp.mails[0]?.raw ?? '', '/status/subscribe/confirm');
      expect(link).toBeDefined();
      now += HOUR;
      expect((await rig.app.inject(localPath(link ?? ''))).statusCode).toBe(404);
      expect((await rig.app.inject({ method: 'POST', url: localPath(link ?? '') })).statusCode).toBe(404); // prettier-ignore
      expect(await store.alerts.listSubscriptions()).toEqual([]);
    } finally {
      await rig.close();
      await store.close();
      await smtp.close();
    }
  });
});

describe('startPageSubscribers', () => {
  it('offers nothing without a page, without alerts.smtp, or when disabled', async () => {
    const store = await openSqliteStore(':memory:');
    const log = () => undefined;
    const smtp = { host: '127.0.0.1', port: 2525, from: 'status@acme.example' };
    expect(startPageSubscribers({ config: { alerts: { smtp } }, store, log })).toBeNull();
    expect(startPageSubscribers({ config: { page: acmePage() }, store, log })).toBeNull();
    const disabled = { page: acmePage({ enabled: false }), alerts: { smtp } };
    expect(startPageSubscribers({ config: disabled, store, log })).toBeNull();
    const running = startPageSubscribers({
      config: { page: acmePage(), alerts: { smtp } },
      store,
      log,
    });
    expect(running?.subscribers.page.slug).toBe('acme');
    await running?.stop();
    await store.close();
  });
});
