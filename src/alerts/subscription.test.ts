import { afterAll, describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { createChannels } from './channels/index.ts';
import { parseSubscriptionSpec } from './subscription.ts';

const smtp = {
  host: '127.0.0.1',
  port: 2525,
  secure: false,
  from: 'sw@test',
  maxConnections: 1,
  timeoutMs: 1000,
};
const strict = createChannels({ smtp });
const local = createChannels({ http: { allowList: ['127.0.0.1'] }, smtp: null });
afterAll(async () => {
  await strict.close();
  await local.close();
});

const refused = (input: unknown, channels = strict): string => {
  try {
    parseSubscriptionSpec(input, channels);
  } catch (e) {
    if (isStatuswatchError(e, 'invalid_input') || isStatuswatchError(e))
      return `${e.kind}: ${e.message}`;
    throw e;
  }
  throw new Error('accepted');
};

describe('parseSubscriptionSpec', () => {
  it('fills defaults: all providers, no filters, every kind but maintenance', () => {
    const spec = parseSubscriptionSpec(
      { channel: { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/x' } },
      strict,
    );
    expect(spec).toEqual({
      providers: 'all',
      components: [],
      groups: [],
      minimumImpact: 'none',
      events: [
        'opened',
        'updated',
        'resolved',
        'component_changes',
        'postmortem_published',
        'source_failing',
      ],
      channel: { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/x' },
    });
  });

  it('gives a webhook a signing secret and the v1 format unless told otherwise', () => {
    const spec = parseSubscriptionSpec(
      { channel: { kind: 'webhook', url: 'https://example.com/hook' } },
      strict,
    );
    expect(spec.channel.kind === 'webhook' && spec.channel.format).toBe('statuswatch-v1');
    expect(spec.channel.kind === 'webhook' && spec.channel.secret).toMatch(/^whsec_[\w-]{32}$/);
  });

  it('refuses bad URLs and addresses at creation with a one-line message', () => {
    const cases: [unknown, RegExp][] = [
      [{ channel: { kind: 'webhook', url: 'not a url' } }, /^invalid_input: invalid webhook settings: url: "not a url" is not a valid URL$/],
      [{ channel: { kind: 'discord', url: 'ftp://example.com/x' } }, /^invalid_input: invalid discord settings: url: .*only http and https/],
      [{ channel: { kind: 'teams', url: 'http://127.0.0.1:8080/hook' } }, /^invalid_input: invalid teams settings: url: 127\.0\.0\.1 is a loopback, private or reserved address$/],
      [{ channel: { kind: 'webhook', url: 'http://169.254.169.254/latest' } }, /^invalid_input: invalid webhook settings: url: .*169\.254\.169\.254/],
      [{ channel: { kind: 'email', to: ['ops@example.com', 'not-an-address'] } }, /^invalid_input: invalid email settings: to\.1: is not an email address$/],
      [{ channel: { kind: 'pager' } }, /^invalid_input: invalid channel: kind must be one of/],
      [{}, /^invalid_input: invalid subscription: channel: is required$/],
      [{ providers: ['Not A Slug'], channel: { kind: 'slack', url: 'https://x.test/' } }, /providers\.0: is not a provider slug/],
      [{ events: ['everything'], channel: { kind: 'slack', url: 'https://x.test/' } }, /^invalid_input: invalid subscription: events\.0/],
      [{ channel: { kind: 'webhook', url: 'https://x.test/', secret: 'short' } }, /secret: must be at least 16/],
    ]; // prettier-ignore
    for (const [input, message] of cases) {
      const text = refused(input);
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    }
  });

  it('refuses email without an SMTP server, and allows listed private addresses', () => {
    expect(refused({ channel: { kind: 'email', to: ['a@b.co'] } }, local)).toMatch(
      /need an SMTP server/,
    );
    const spec = parseSubscriptionSpec(
      { channel: { kind: 'webhook', url: 'http://127.0.0.1:9/x' } },
      local,
    );
    expect(spec.channel.kind).toBe('webhook');
  });
});
