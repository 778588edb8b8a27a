import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseIncidentText } from '../analysis/index.ts';
import type { IngestEvent, StoredIncident } from '../domain/index.ts';
import type { ClaimedDelivery } from '../storage/alert-store.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import type { Store } from '../storage/store.ts';
import {
  makeEvent,
  makeIncident,
  makeIngestWrite,
  makeProvider,
  T0,
} from '../../test/support/builders.ts';
import { buildMessage, facts, firstSentence, plainText } from './message.ts';
import { messageLoader } from './_message-loader.ts';
import { PUBLIC_URL, stored } from '../../test/support/alert-messages.ts';

/**
 * Real postmortem: test/fixtures/postmortems/dfds__PM2021-004.md (provenance in PROVENANCE.md).
 * Its "## Summary" opens "On Wednesday 31st March, the token signing and token decryption
 * certificates applied to ADFS expired." and its UTC timeline runs 2021-03-31 12:06 to 13:30.
 */
const text = readFileSync(
  new URL('../../test/fixtures/postmortems/dfds__PM2021-004.md', import.meta.url),
  'utf8',
);
const FIRST =
  'On Wednesday 31st March, the token signing and token decryption certificates applied to ADFS expired.';
const resolvedAt = Date.UTC(2021, 2, 31, 13, 30);
// Invented variation: the file has no publication time; two days after resolution is assumed.
const publishedAt = resolvedAt + 2 * 86_400_000;
const incident: StoredIncident = makeIncident({
  status: 'resolved',
  resolvedAt,
  postmortem: { bodyHtml: '', bodyText: text, publishedAt },
});
const analysis = analyseIncidentText({
  updates: [],
  postmortem: { text, publishedAt },
  resolvedAt,
  referenceAt: Date.UTC(2021, 2, 31, 12),
});
const event = stored({
  ...makeEvent({ incidentVendorId: incident.vendorId }),
  kind: 'postmortem_published',
} as IngestEvent);

const message = (a: typeof analysis | null, inc = incident) =>
  buildMessage({
    event,
    idempotencyKey: 'k',
    provider: makeProvider(),
    incident: inc,
    analysis: a,
    publicUrl: PUBLIC_URL,
  });

describe('postmortem_published message', () => {
  it('carries the first sentence of "what happened" and the impact window', () => {
    const m = message(analysis);
    expect(m.postmortem).toEqual({
      whatHappened: FIRST,
      impactWindow: { startedAt: Date.UTC(2021, 2, 31, 12, 6), endedAt: resolvedAt },
    });
    expect(facts(m)).toContainEqual(['What happened', FIRST]);
    expect(plainText(m)).toContain(
      "Impact (vendor's words): 2021-03-31T12:06:00Z – 2021-03-31T13:30:00Z",
    );
  });

  it('falls back to the postmortem first sentence without a summary section, and no window', () => {
    // GitHub's root-cause paragraph (test/fixtures/postmortems/github__rca_gqx5l06jjxhp_2023-06-29.txt).
    const rca = readFileSync(
      new URL(
        '../../test/fixtures/postmortems/github__rca_gqx5l06jjxhp_2023-06-29.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const m = message(null, {
      ...incident,
      postmortem: { bodyHtml: '', bodyText: rca, publishedAt },
    });
    expect(m.postmortem?.whatHappened).toBe(
      'From 17:39-18:12 UTC GitHub was down in parts of North America, particularly the US East coast, and South America.',
    );
    expect(m.postmortem?.impactWindow).toBeNull();
    expect(facts(m).map(([label]) => label)).not.toContain("Impact (vendor's words)");
  });

  it('is null for other events; firstSentence stops at the first sentence end', () => {
    const other = buildMessage({
      event: { ...event, kind: 'incident_resolved' } as typeof event,
      idempotencyKey: 'k',
      provider: null,
      incident,
      publicUrl: PUBLIC_URL,
    });
    expect(other.postmortem).toBeNull();
    // Invented variation: two sentences, only the first is kept; a text without a stop is whole.
    expect(firstSentence('Errors began at 10:05. The fix went out at 10:40.')).toBe(
      'Errors began at 10:05.',
    );
    expect(firstSentence('No full stop here')).toBe('No full stop here');
    expect(firstSentence('  ')).toBeNull();
  });
});

describe('messageLoader on a postmortem event', () => {
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  it('reads the stored analysis through the store', async () => {
    const s = await openSqliteStore(':memory:');
    store = s;
    await s.addProvider(makeProvider(), T0);
    await s.applyIngest(makeIngestWrite({ incidents: [{ ...incident, analysis }] }));
    const delivery = {
      id: 1,
      idempotencyKey: 'k',
      attempts: 0,
      createdAt: T0,
      channelKey: 'x',
      channelHost: 'x',
      event,
    } as unknown as ClaimedDelivery;
    const m = await messageLoader(s, PUBLIC_URL)(delivery);
    expect(m.postmortem?.whatHappened).toBe(FIRST);
    expect(m.postmortem?.impactWindow?.startedAt).toBe(Date.UTC(2021, 2, 31, 12, 6));
  });
});
