import {
  formatDuration,
  type ActionItem,
  type EpochMs,
  type ImpactBound,
  type IncidentAnalysis,
  type PostmortemSection,
  type SectionKind,
  type TimeAssumption,
  type TimelineEntry,
} from '../domain/index.ts';
import { absoluteTime, type TimeContext } from './_time.ts';
import { html, type SafeHtml } from './html.ts';

const MINUTE = 60_000;

/**
 * What the vendor's own words say about an incident (src/analysis): when customers were hurt,
 * how late the vendor said so, an outline of the postmortem's sections, its timeline and action
 * items. Empty when the words say nothing, so a page never shows a block of unknowns.
 *
 * `documentHref` points at the text the sections were read from, shown once in its place (the
 * postmortem update or section): the outline names the sections, it does not repeat them.
 */
export function impactBlock(
  analysis: IncidentAnalysis | null,
  time: TimeContext,
  documentHref: string | null = null,
): SafeHtml {
  if (analysis === null || !hasContent(analysis)) return html``;
  return html`<section class="impact" aria-labelledby="impact-title">
    <h2 id="impact-title">From the vendor's words</h2>
    ${windowLine(analysis, time)} ${lags(analysis)} ${sources(analysis)}
    ${sectionsOutline(analysis.sections, documentHref)} ${timelinePart(analysis.timeline, time)}
    ${actionsPart(analysis.actionItems)} ${readingNote(analysis)}
  </section>`;
}

/** "17:39 – 18:12 UTC", "2023-11-08 18:35 UTC – ?": the end drops a date it shares. */
export function windowText(start: EpochMs | null, end: EpochMs | null, tz: string): string {
  const from = start === null ? '?' : absoluteTime(start, tz);
  if (end === null) return `${from} – ?`;
  const to = absoluteTime(end, tz);
  if (start !== null && from.slice(0, 10) === to.slice(0, 10)) {
    return `${from.slice(0, 16)} – ${to.slice(11)}`;
  }
  return `${from} – ${to}`;
}

export const SECTION_LABELS: Record<SectionKind, string> = {
  summary: 'What happened',
  root_cause: 'Root cause',
  response: 'How they responded',
  timeline: 'Timeline',
  prevention: 'Prevention',
  impact: 'Impact',
  other: 'Other',
};

// --- internal ---

function hasContent(a: IncidentAnalysis): boolean {
  return (
    a.impactStartedAt !== null ||
    a.impactEndedAt !== null ||
    a.sections.length > 0 ||
    a.timeline.length > 0 ||
    a.actionItems.length > 0 ||
    a.postmortemDelayMinutes !== null ||
    a.anomalies.length > 0
  );
}

function windowLine(a: IncidentAnalysis, time: TimeContext): SafeHtml {
  const start = a.impactStartedAt?.at ?? null;
  const end = a.impactEndedAt?.at ?? null;
  if (start === null && end === null) return html``;
  const lasting =
    a.impactDurationMinutes === null || a.impactDurationMinutes < 0
      ? ''
      : ` (${formatDuration(a.impactDurationMinutes * MINUTE)} of impact${postedText(a)})`;
  return html`<p class="impact-window">
    <strong>Impact (from the vendor's words):</strong> ${windowText(start, end, time.tz)}${lasting}
  </p>`;
}

function postedText(a: IncidentAnalysis): string {
  const posted = a.postedDurationMinutes;
  return posted === null || posted < 0 ? '' : `; posted as ${formatDuration(posted * MINUTE)}`;
}

function lags(a: IncidentAnalysis): SafeHtml {
  const lines: string[] = [];
  const lag = a.postingLagMinutes;
  if (lag !== null && lag > 0)
    lines.push(`Posted ${formatDuration(lag * MINUTE)} after impact began.`);
  if (lag !== null && lag < 0)
    lines.push(`Posted ${formatDuration(-lag * MINUTE)} before the impact the vendor names.`);
  const delay = a.postmortemDelayMinutes;
  if (delay !== null)
    lines.push(
      `Postmortem published ${formatDuration(Math.abs(delay) * MINUTE)} ${delay >= 0 ? 'after resolution' : 'before resolution'}.`,
    );
  return html`${lines.map((l) => html`<p class="impact-lag">${l}</p>`)}`;
}

/** The sentence each bound came from, on demand: <details> works without JavaScript. */
function sources(a: IncidentAnalysis): SafeHtml {
  const bounds = [a.impactStartedAt, a.impactEndedAt].filter((b) => b !== null);
  const unique = bounds.filter((b, i) => bounds.findIndex((o) => o.sentence === b.sentence) === i);
  if (unique.length === 0) return html``;
  return html`<details class="impact-source">
    <summary>Where this was read</summary>
    ${unique.map(
      (b) =>
        html`<blockquote>${b.sentence}</blockquote>
          ${boundNote(b)}`,
    )}
  </details>`;
}

function boundNote(b: ImpactBound): SafeHtml {
  const guesses = b.assumptions.map((x) => ASSUMPTION_TEXT[x]);
  return html`<p class="quiet">
    Confidence ${b.confidence}${b.zone === null ? '' : `; zone ${b.zone}`}${guesses.length === 0 ? '' : `; ${guesses.join(', ')}`}.
  </p>`;
} // prettier-ignore

const ASSUMPTION_TEXT: Record<TimeAssumption, string> = {
  zone_from_document: 'zone taken from elsewhere in the text',
  zone_from_context: 'zone taken from the incident',
  zone_assumed_utc: 'no zone written, UTC assumed',
  date_from_context: 'date taken from the incident',
  year_from_context: 'year taken from the incident',
  day_first_date: 'date read day first',
  pm_from_posts: 'afternoon inferred from the posts',
  next_day: 'read as the next day',
};

function sectionsOutline(
  sections: readonly PostmortemSection[],
  documentHref: string | null,
): SafeHtml {
  if (sections.length === 0) return html``;
  const heading = documentHref === null ? 'Postmortem sections' : html`<a href="${documentHref}">Postmortem</a> sections`;
  return html`<h3>${heading}</h3>
    <ul class="pm-sections">
      ${sections.map(
        (s) => html`<li data-kind="${s.kind}">${s.heading ?? SECTION_LABELS[s.kind]}${s.heading === null ? '' : html` <span class="quiet">(${SECTION_LABELS[s.kind].toLowerCase()})</span>`}</li>`,
      )}
    </ul>`;
} // prettier-ignore

function timelinePart(entries: readonly TimelineEntry[], time: TimeContext): SafeHtml {
  if (entries.length === 0) return html``;
  return html`<h3>Vendor's timeline</h3>
    <ul class="pm-timeline">
      ${entries.map(
        (e) => html`<li>
          ${writtenTime(e, time)}
          – ${e.text}
        </li>`,
      )}
    </ul>`;
} // prettier-ignore

/** The vendor's own words for the time, as a <time> when they could be read as one. */
function writtenTime(e: TimelineEntry, time: TimeContext): SafeHtml {
  if (e.at === null) return html`<span>${e.written}</span>`;
  const [iso, shown] = [new Date(e.at).toISOString(), absoluteTime(e.at, time.tz)];
  return html`<time datetime="${iso}" title="as written: ${e.written}">${shown}</time>`;
}

const STATE_TEXT: Record<ActionItem['state'], string> = {
  completed: 'completed',
  in_progress: 'in progress',
  investigating: 'investigating',
  planned: 'planned',
  unstated: 'state not given',
};

function actionsPart(items: readonly ActionItem[]): SafeHtml {
  if (items.length === 0) return html``;
  return html`<h3>Action items</h3>
    <ul class="pm-actions">
      ${items.map((i) => html`<li data-state="${i.state}">${i.text} <span class="quiet">(${STATE_TEXT[i.state]})</span></li>`)}
    </ul>`;
}

/** Zone choices and anomalies, quietly: they qualify the reading, they are not the news. */
function readingNote(a: IncidentAnalysis): SafeHtml {
  const lines = [
    ...a.zoneChoices.map(
      (z) =>
        `"${z.abbreviation}" read as ${z.chosen} (could also be ${z.alternatives.join(' or ')}).`,
    ),
    ...a.anomalies.map((x) => x.reason),
  ];
  if (lines.length === 0) return html``;
  return html`<ul class="quiet impact-notes">
    ${lines.map((l) => html`<li>${l}</li>`)}
  </ul>`;
}
