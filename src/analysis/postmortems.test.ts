import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseIncidentText } from './analyse-incident-text.ts';

/**
 * Every published postmortem of test/fixtures/postmortems/ (provenance in PROVENANCE.md): the
 * window, the sections and the action-item count, each checked by hand against the file.
 */
const DIR = new URL('../../test/fixtures/postmortems/', import.meta.url);
const iso = (at: number | null | undefined) =>
  at == null ? null : new Date(at).toISOString().slice(0, 16) + 'Z';

interface Expected {
  /** Noon UTC of the day the file's name gives, for texts that write times without a date. */
  day?: string;
  start: string | null;
  end: string | null;
  source: string | null;
  sections: string[];
  actionItems: number;
}

const EXPECTED: Record<string, Expected> = {
  // "| 2021-03-31 12:06 | Token-decrypting … expire |" … "| 2021-03-31 13:30 | Script completed … Confirmed working |",
  // "All times in UTC."; the file's own "Time to recovery: 84 minutes" agrees (12:06 → 13:30).
  'dfds__PM2021-004.md': {
    start: '2021-03-31T12:06Z',
    end: '2021-03-31T13:30Z',
    source: 'timeline',
    sections: [
      'summary:Summary',
      'timeline:Timeline',
      'root_cause:Contributing Factors',
      'other:Lessons Learned',
      'prevention:Action Items',
      'other:Atendees',
      'other:Stats',
    ],
    actionItems: 3,
  },
  // First row 08:22 "AWS Load Balancers were updated"; last "Service operational." 09:49 (10:00 is the
  // later investigation). The file's "Time to recovery: 87 minutes" agrees (08:22 → 09:49).
  'dfds__PM2021-008.md': {
    start: '2021-08-26T08:22Z',
    end: '2021-08-26T09:49Z',
    source: 'timeline',
    sections: [
      'summary:Summary',
      'timeline:Timeline',
      'root_cause:Contributing Factors',
      'prevention:Action Items',
      'other:Lessons Learned',
      'other:Attendees',
      'other:Stats',
    ],
    actionItems: 2,
  },
  // First row "2023-02-13 07:30 Scheduled node rollover initiated" (the day before); the last row that
  // says service is back is "2023-02-14 11:59 Sev 1 ticket marked as resolved".
  'dfds__PM2023-001.md': {
    start: '2023-02-13T07:30Z',
    end: '2023-02-14T11:59Z',
    source: 'timeline',
    sections: [
      'summary:Summary',
      'timeline:Timeline',
      'root_cause:Contributing Factors',
      'prevention:Action Items',
      'other:Lessons Learned',
      'other:Attendees',
      'other:Stats',
    ],
    actionItems: 6,
  },
  // "2025-03-17 16:06 Kubernetes node entered NotReady" … "2025-03-18 00:42 Customer confirmed issue resolved".
  'dfds__PM2025-002.md': {
    start: '2025-03-17T16:06Z',
    end: '2025-03-18T00:42Z',
    source: 'timeline',
    sections: [
      'summary:Summary',
      'timeline:Timeline',
      'root_cause:Contributing Factors',
      'prevention:Action Items',
      'other:Lessons Learned',
      'other:Attendees',
      'other:Stats',
    ],
    actionItems: 6,
  },
  // "Between July 19, 2026, at 23:05 UTC and July 20, 2026, at 03:55 UTC, Actions self-hosted …"
  'github__rca_8vfyvq16hzh9_2026-07-19.txt': {
    start: '2026-07-19T23:05Z',
    end: '2026-07-20T03:55Z',
    source: 'window',
    sections: ['summary:null'],
    actionItems: 0,
  },
  // "Between 06:59 UTC to 13:18 UTC GitHub customers experienced …" (no date: the file's 2023-09-05)
  'github__rca_frdfpnnt85s8_2023-09-05.txt': {
    day: '2023-09-05',
    start: '2023-09-05T06:59Z',
    end: '2023-09-05T13:18Z',
    source: 'window',
    sections: ['summary:null'],
    actionItems: 0,
  },
  // "From 17:39-18:12 UTC GitHub was down in parts of North America"
  'github__rca_gqx5l06jjxhp_2023-06-29.txt': {
    day: '2023-06-29',
    start: '2023-06-29T17:39Z',
    end: '2023-06-29T18:12Z',
    source: 'window',
    sections: ['summary:null'],
    actionItems: 0,
  },
  // "From 16:24-16:43 UTC, multiple GitHub services were down or degraded"
  'github__rca_smdz34v7j8q0_2023-09-05.txt': {
    day: '2023-09-05',
    start: '2023-09-05T16:24Z',
    end: '2023-09-05T16:43Z',
    source: 'window',
    sections: ['summary:null'],
    actionItems: 0,
  },
  // "* 11:10 6th Nov 2023 - commit … upgraded crossplane" … "* 10:49 7th Nov 2023 - … determined that these 2
  // updates contained breaking changes"; no zone anywhere, so UTC is assumed (low confidence). Four "*" items
  // under "Corrective and Preventative Measures".
  'portswigger__2023_11_dataloss-on-crossplane-upgrade.md': {
    start: '2023-11-06T11:10Z',
    end: '2023-11-07T10:49Z',
    source: 'timeline',
    sections: [
      'impact:Severity & Impact',
      'summary:Issue Summary',
      'timeline:Timeline',
      'root_cause:Root Cause',
      'response:Resolution and recovery',
      'prevention:Corrective and Preventative Measures',
      'other:White board session',
    ],
    actionItems: 4,
  },
  // "- **09:15 GMT** – Monitoring detected failures" … "- **10:45 GMT** – All services confirmed operational",
  // on the title's day "20-10-2025"; the measure under "Corrective and Preventative Measures" is a paragraph.
  'portswigger__2025_10_cloud-provider-outage.md': {
    start: '2025-10-20T09:15Z',
    end: '2025-10-20T10:45Z',
    source: 'timeline',
    sections: [
      'impact:Severity',
      'other:Security Related',
      'impact:Impact',
      'summary:Issue Summary',
      'timeline:Timeline',
      'root_cause:Root Cause',
      'response:Resolution and Recovery',
      'prevention:Corrective and Preventative Measures',
    ],
    actionItems: 0,
  },
};

describe('published postmortems', () => {
  it('covers every file of the folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(readdirSync(DIR).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, want) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const a = analyseIncidentText({
      updates: [],
      postmortem: { text, publishedAt: null },
      referenceAt: want.day === undefined ? null : Date.parse(`${want.day}T12:00Z`),
    });
    expect(iso(a.impactStartedAt?.at)).toBe(want.start);
    expect(iso(a.impactEndedAt?.at)).toBe(want.end);
    expect(a.impactStartedAt?.source ?? null).toBe(want.source);
    expect(a.sections.map((s) => `${s.kind}:${s.heading ?? 'null'}`)).toEqual(want.sections);
    expect(a.actionItems).toHaveLength(want.actionItems);
  });

  it('reads "(done)" as a completed action item (dfds PM2023-001, last item)', () => {
    const text = readFileSync(new URL('dfds__PM2023-001.md', DIR), 'utf8');
    const items = analyseIncidentText({
      updates: [],
      postmortem: { text, publishedAt: null },
    }).actionItems;
    expect(items.at(-1)).toEqual({
      text: 'Implement guards against invalid container runtime selection (done)',
      state: 'completed',
    });
    // "Investigate options for improving rollover process" starts with the word; it is not a state.
    expect(items[1]?.state).toBe('unstated');
  });
});
