import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpSink, startSmtpSink, type HttpSink } from '../../../test/alert-sinks.ts';
import { verifySignature } from '../../../test/verify-signature.ts';
import { isStatuswatchError } from '../../domain/index.ts';
import { T0 } from '../../../test/support/builders.ts';
import {
  componentMessage,
  incidentMessage,
  sourceMessage,
} from '../../../test/support/alert-messages.ts';
import { createHttpSender } from './_http.ts';
import { discordBody } from './discord.ts';
import { emailHtml } from './email.ts';
import { createChannels } from './index.ts';
import { slackBody } from './slack.ts';
import { teamsBody } from './teams.ts';
import { statuspageEnvelope, webhookPayloadV1, webhookPayloadV1Schema } from './webhook-payload.ts';

let sink: HttpSink;
beforeAll(async () => {
  sink = await startHttpSink();
});
afterAll(() => sink.close());

const verify = verifySignature;

describe('webhook payload v1', () => {
  it('matches its published schema for incident, component and source events', () => {
    for (const message of [incidentMessage(), componentMessage(), sourceMessage()]) {
      const payload = webhookPayloadV1(message);
      expect(webhookPayloadV1Schema.safeParse(JSON.parse(JSON.stringify(payload))).success).toBe(
        true,
      );
    }
    expect(webhookPayloadV1(incidentMessage())).toMatchObject({
      schema: 'statuswatch.alert/v1',
      idempotency_key: 'swd_key',
      event: {
        kind: 'incident_updated',
        alert_kind: 'updated',
        vendor_posted_at: '2025-01-15T12:00:00Z',
      },
      update: { text: 'We are looking <into> it & more.' },
      links: { statuswatch: 'https://status.example.org/providers/acme/incidents/inc%2F1' },
    });
  });

  it('can take the Statuspage webhook envelope instead', () => {
    expect(statuspageEnvelope(incidentMessage())).toMatchObject({
      page: { id: 'acme', status_indicator: 'major' },
      incident: {
        id: 'inc/1',
        name: 'Elevated error rates',
        status: 'identified',
        impact: 'major',
      },
    });
    expect(statuspageEnvelope(componentMessage())).toMatchObject({
      component_update: {
        old_status: 'operational',
        new_status: 'partial_outage',
        component_id: 'cmp-api',
      },
      component: { name: 'API', status: 'partial_outage' },
    });
  });
});

describe('channels over HTTP', () => {
  const channels = createChannels({ http: { allowList: ['127.0.0.1'], timeoutMs: 300 } });
  afterAll(() => channels.close());

  it('posts a signed webhook with the idempotency key; a separate check verifies it', async () => {
    const settings = channels.validate({
      kind: 'webhook',
      url: `${sink.url}/hook`,
      secret: 'a-secret-of-16+chars',
    });
    const outcome = await channels.send(incidentMessage(), settings, {
      idempotencyKey: 'swd_key',
      now: T0,
    });
    expect(outcome).toEqual({ ok: true, code: 200, detail: 'ok' });
    const [received] = await sink.waitFor(1, 2_000, (r) => r.path === '/hook');
    expect(received?.headers['idempotency-key']).toBe('swd_key');
    const signature = String(received?.headers['statuswatch-signature']);
    const body = received?.body ?? '';
    expect(verify(signature, body, 'a-secret-of-16+chars', T0 / 1000)).toBe(true);
    expect(verify(signature, body, 'another-secret-16chars', T0 / 1000)).toBe(false);
    expect(
      verify(signature, body.replace('rates', 'rate'), 'a-secret-of-16+chars', T0 / 1000),
    ).toBe(false);
    expect(verify(signature, body, 'a-secret-of-16+chars', T0 / 1000 + 3_600)).toBe(false);
  });

  it('reports what a failing receiver did: status, timeout, closed connection', async () => {
    sink.on('/500', () => ({ status: 500 }));
    sink.on('/hang', () => 'hang');
    sink.on('/close', () => 'close');
    const send = (path: string) =>
      channels.send(
        sourceMessage(),
        channels.validate({ kind: 'slack', url: `${sink.url}${path}` }),
        {
          idempotencyKey: 'k',
          now: T0,
        },
      );
    expect(await send('/500')).toEqual({ ok: false, code: 500, detail: 'nope' });
    await expect(send('/hang')).rejects.toSatisfy((e) => isStatuswatchError(e, 'timeout'));
    await expect(send('/close')).rejects.toSatisfy((e) => isStatuswatchError(e, 'connect'));
  });

  it('refuses a private address when sending too, not only at creation', async () => {
    const guarded = createHttpSender({ timeoutMs: 300 });
    await expect(guarded.postJson(`${sink.url}/x`, '{}', {})).rejects.toSatisfy((e) =>
      isStatuswatchError(e, 'blocked_address'),
    );
    await guarded.close();
  });

  it('keys channels by destination without the token, and bounds SMTP by its pool', () => {
    const slack = channels.target(
      channels.validate({ kind: 'slack', url: `${sink.url}/services/T1/B2/secret` }),
    );
    expect(slack.label).toBe(`${sink.url}/…`);
    expect(slack.key).not.toContain('secret');
    expect(slack.host).toBe(new URL(sink.url).host);
    expect(channels.hostConcurrency(slack.host)).toBeNull();
  });
});

describe('email over SMTP', () => {
  it('hands a text and HTML mail to the server, keyed by Message-ID, and reports a refusal', async () => {
    const smtp = await startSmtpSink({ rejectTo: /^nobody@/ });
    const channels = createChannels({
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        from: 'sw@example.com',
        maxConnections: 1,
        timeoutMs: 2_000,
      },
    });
    try {
      const meta = { idempotencyKey: 'swd_mail', now: T0 };
      const good = channels.validate({ kind: 'email', to: ['ops@example.com'] });
      const sent = await channels.send(incidentMessage(), good, meta);
      expect(sent).toMatchObject({ ok: true, code: 250 });
      const [mail] = smtp.mails;
      expect(mail?.subject).toBe('Acme Cloud: Elevated error rates (Identified)');
      expect(mail?.idempotencyKey).toBe('swd_mail');
      expect(mail?.raw).toMatch(/^Message-ID: <swd_mail@statuswatch>/im);
      expect(mail?.raw).toMatch(/multipart\/alternative/i);
      const bad = channels.validate({ kind: 'email', to: ['nobody@example.com'] });
      const refused = await channels.send(incidentMessage(), bad, meta);
      expect(refused).toMatchObject({ ok: false, code: 550 });
      expect(refused.detail).toMatch(/no such mailbox/);
      expect(channels.hostConcurrency(`127.0.0.1:${smtp.port}`)).toBe(1);
    } finally {
      await channels.close();
      await smtp.close();
    }
  });
});

describe('chat and email layouts', () => {
  it('Slack: Block Kit with a plain-text fallback', () => {
    const body = slackBody(incidentMessage());
    expect(body.text).toBe('Acme Cloud: Elevated error rates (Identified)');
    const blocks = JSON.stringify(body.blocks);
    // plain_text blocks show vendor text as it is; links use mrkdwn's <url|label>.
    expect(blocks).toContain('"text":"We are looking <into> it & more."');
    expect(blocks).toContain(
      '<https://status.example.org/providers/acme/incidents/inc%2F1|Details on statuswatch>',
    );
  });

  it('Discord: one embed, mentions off', () => {
    const body = discordBody(incidentMessage()) as {
      allowed_mentions: unknown;
      embeds: { url: string }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]?.url).toBe('https://status.example.org/providers/acme/incidents/inc%2F1');
  });

  it('Teams: an Adaptive Card with facts and links', () => {
    const card = JSON.stringify(teamsBody(incidentMessage()));
    expect(card).toContain('application/vnd.microsoft.card.adaptive');
    expect(card).toContain('"type":"FactSet"');
    expect(card).toContain('Action.OpenUrl');
  });

  it('email HTML escapes vendor text', () => {
    const html = emailHtml(incidentMessage());
    expect(html).toContain('We are looking &lt;into&gt; it &amp; more.');
    expect(html).not.toContain('<into>');
  });
});
