import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden, thrown } from '../../test/support/golden.ts';
import { awsHealth } from './aws.ts';

const FIXTURE = 'aws-health-dashboard__data.json';
const VENDOR_DIR = fileURLToPath(new URL('../../test/fixtures/vendors/aws/', import.meta.url));
const HANDMADE_DIR = fileURLToPath(new URL('../../test/fixtures/handmade/', import.meta.url));

const meta: PayloadMeta = {
  url: 'https://status.aws.amazon.com/data.json',
  fetchedAt: Date.parse('2022-07-03T00:00:00Z'),
  contentType: 'application/json',
};
const vendorBody = readFileSync(`${VENDOR_DIR}${FIXTURE}`, 'utf8');
const handmade = (name: string): string => readFileSync(`${HANDMADE_DIR}aws__${name}.json`, 'utf8');
const ms = (iso: string): number => Date.parse(iso);

function incident(snapshot: Snapshot, vendorId: string): Incident {
  const found = snapshot.incidents.find((i) => i.vendorId === vendorId);
  if (found === undefined) throw new Error(`no incident ${vendorId}`);
  return found;
}

function firstAndLast(i: Incident): [number | null | undefined, number | null | undefined] {
  return [i.updates[0]?.displayedAt, i.updates.at(-1)?.displayedAt];
}

describe('awsHealth on the captured data.json', () => {
  const snapshot = awsHealth.parse(vendorBody, meta);

  it('reads every archive entry as one resolved incident of one service', () => {
    expect(snapshot).toMatchObject({ format: 'aws', coverage: 'window', components: null });
    expect(snapshot.page.url).toBe('https://status.aws.amazon.com');
    expect(snapshot.incidents).toHaveLength(86);
    expect(snapshot.incidents.every((i) => i.status === 'resolved')).toBe(true);
    expect(snapshot.incidents.every((i) => i.components.length === 1)).toBe(true);
    expect(snapshot.incidents.every((i) => i.updates.length > 0)).toBe(true);
  });

  it('never resolves an incident before it started', () => {
    for (const i of snapshot.incidents) {
      if (i.resolvedAt !== null) expect(i.resolvedAt).toBeGreaterThanOrEqual(i.startedAt ?? 0);
    }
  });

  it('matches its golden file', () => {
    expectGolden(`${FIXTURE}.json`, snapshot);
  });

  it('keeps the ten same-day updates of the ACM disruption, resolved by the last one', () => {
    const acm = incident(snapshot, 'certificatemanager-us-east-1-1624993969');
    expect(acm).toMatchObject({
      title: '[RESOLVED] Increased API Error Rates and Latency',
      impact: 'critical',
      startedAt: 1624993969000,
      resolvedAt: ms('2021-06-30T02:46:00Z'),
    });
    expect(acm.components).toEqual([
      {
        vendorId: 'certificatemanager-us-east-1',
        name: 'AWS Certificate Manager (N. Virginia)',
        oldStatus: null,
        newStatus: null,
      },
    ]);
    expect(acm.updates).toHaveLength(10);
    // 12:12 PM PDT (to the second: the entry's date) and 7:46 PM PDT the same day.
    expect(firstAndLast(acm)).toEqual([ms('2021-06-29T19:12:49Z'), ms('2021-06-30T02:46:00Z')]);
    expect(acm.updates[0]?.bodyText).toBe(
      'We are investigating increased API latency and error rates in the US-EAST-1 Region.',
    );
    expect(acm.updates.map((u) => u.status).filter((s) => s === 'resolved')).toHaveLength(1);
  });

  it('dates the "Aug 7," updates of a DynamoDB event that ran past midnight', () => {
    const ddb = incident(snapshot, 'dynamodb-us-east-1-1628298493');
    expect(ddb).toMatchObject({ impact: 'minor', startedAt: 1628298493000 });
    expect(ddb.components[0]?.name).toBe('Amazon DynamoDB (N. Virginia)');
    expect(ddb.updates).toHaveLength(9);
    // 6:08 PM PDT Aug 6, then "Aug 7,  2:53 AM PDT".
    expect(firstAndLast(ddb)).toEqual([ms('2021-08-07T01:08:13Z'), ms('2021-08-07T09:53:00Z')]);
    expect(ddb.updates[6]?.displayedAt).toBe(ms('2021-08-07T06:11:00Z'));
  });

  it('ends the Direct Connect outage at its closing update, not the summary link five days later', () => {
    const dx = incident(snapshot, 'directconnect-ap-northeast-1-1630543140');
    expect(dx).toMatchObject({
      impact: 'critical',
      components: [{ name: 'AWS Direct Connect (Tokyo)' }],
    });
    expect(dx.updates).toHaveLength(8);
    // 5:39 PM PDT Sep 1, then "Sep 6,  8:25 PM PDT".
    expect(firstAndLast(dx)).toEqual([ms('2021-09-02T00:39:00Z'), ms('2021-09-07T03:25:00Z')]);
    expect(dx.resolvedAt).toBe(ms('2021-09-02T04:51:00Z'));
    expect(dx.updates.at(-1)?.bodyHtml).toContain('href="https://aws.amazon.com/message/17908"');
  });

  it('resolves a one-update event at its own date, though its stamp is cut to the minute', () => {
    const net = incident(snapshot, 'internetconnectivity-us-east-2-1624564393');
    expect(net.updates).toHaveLength(1);
    expect(net).toMatchObject({ startedAt: 1624564393000, resolvedAt: 1624564393000 });
    expect(net.components[0]?.name).toBe('AWS Internet Connectivity (Ohio)');
  });

  it('warns when an archived event has no update that says when it ended', () => {
    const billing = incident(snapshot, 'billingconsole-1655342154');
    expect(billing).toMatchObject({ status: 'resolved', resolvedAt: null });
    expect(billing.updates.every((u) => u.status === 'investigating')).toBe(true);
    expect(snapshot.warnings).toContain(
      'entry billingconsole-1655342154: resolved, but no update says when; resolution time unknown',
    );
  });
});

describe('awsHealth on hand-made variations', () => {
  const snapshot = awsHealth.parse(handmade('current-and-archive-variations'), meta);

  it('keeps a current event open while no update closes it', () => {
    const open = incident(snapshot, 'ec2-us-east-1-1717445100');
    expect(open).toMatchObject({ status: 'investigating', resolvedAt: null, impact: 'major' });
    expect(firstAndLast(open)).toEqual([ms('2024-06-03T20:05:00Z'), ms('2024-06-04T09:10:00Z')]);
    expect(open.updates.map((u) => u.status)).toEqual(['investigating', 'investigating']);
  });

  it('resolves a current event whose last update says it is operating normally', () => {
    const s3 = incident(snapshot, 's3-us-west-2-1717437600');
    expect(s3).toMatchObject({ status: 'resolved', resolvedAt: ms('2024-06-03T18:45:00Z') });
    expect(s3.updates.map((u) => u.status)).toEqual(['investigating', 'resolved']);
  });

  it('puts a "Jan 1," update in the year after the event started', () => {
    const dns = incident(snapshot, 'route53-1704094200');
    expect(dns).toMatchObject({ impact: 'critical', resolvedAt: ms('2024-01-01T08:40:00Z') });
    expect(dns.updates[0]?.displayedAt).toBe(ms('2024-01-01T07:30:00Z'));
  });

  it('reads a description without time stamps as one update at the entry date', () => {
    const iam = incident(snapshot, 'iam-1717200000');
    expect(iam).toMatchObject({ impact: 'minor', resolvedAt: 1717200000000 });
    expect(iam.updates).toHaveLength(1);
    expect(iam.updates[0]).toMatchObject({
      displayedAt: 1717200000000,
      bodyText: 'Console sign-in was slow for some users; it is operating normally now.',
    });
  });

  it('skips unreadable entries and flags unknown status codes', () => {
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual([
      'ec2-us-east-1-1717445100',
      's3-us-west-2-1717437600',
      'route53-1704094200',
      'billingconsole-1717300000',
      'iam-1717200000',
    ]);
    expect(incident(snapshot, 'billingconsole-1717300000').impact).toBe('minor');
    expect(snapshot.warnings).toEqual(
      expect.arrayContaining([
        'entry billingconsole-1717300000: unknown status "7" read as minor',
        'entry lambda-us-east-1-yesterday skipped: unreadable date "yesterday"',
        expect.stringMatching(/^archive entry #4 skipped: /),
      ]),
    );
  });
});

describe('awsHealth on bad input', () => {
  it('throws parse on truncated JSON', () => {
    const e = thrown(() => awsHealth.parse(handmade('truncated'), meta));
    expect(isStatuswatchError(e, 'parse')).toBe(true);
  });

  it('throws unsupported_format on the wrong shape', () => {
    for (const body of [handmade('wrong-shape'), '[]', '{"page":{}}', 'null']) {
      const e = thrown(() => awsHealth.parse(body, meta));
      expect(isStatuswatchError(e, 'unsupported_format'), body).toBe(true);
    }
  });
});

describe('awsHealth.detect', () => {
  it('recognizes data.json and the hand-made variations', () => {
    expect(awsHealth.detect(vendorBody, meta)).toBe(true);
    expect(awsHealth.detect(handmade('current-and-archive-variations'), meta)).toBe(true);
  });

  it('rejects other JSON, broken JSON and empty lists', () => {
    const others = [
      handmade('truncated'),
      handmade('wrong-shape'),
      '{"archive":[],"current":[]}',
      '{"archive":[{"service":"ec2"}]}',
      '{"page":{"id":"x"},"incidents":[]}',
      '[{"service":"ec2","summary":"x"}]',
    ];
    for (const body of others) expect(awsHealth.detect(body, meta), body).toBe(false);
  });
});
