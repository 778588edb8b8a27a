import type { PageConfig } from '../config/index.ts';
import type { IncidentUpdate, StoredIncident } from '../domain/index.ts';
import { bodyFromPlainText } from '../sources/index.ts';
import { html, trustedHtml, type SafeHtml } from './html.ts';
import { incidentReport } from './pages/own-incident.ts';

/**
 * The preview of a message, made by the report page itself (`incidentReport`,
 * /status/incidents/<code>) from a stand-in incident holding only this message, and cut out of
 * that page: whatever the report does to a body (the body helper's formatting, its paragraphs),
 * the preview does too, because it is the same code. The text goes through `bodyFromPlainText`
 * first, as every authored update and postmortem does (own-page/authored-state.ts).
 */
export function updatePreview(
  page: PageConfig,
  status: IncidentUpdate['status'],
  message: string,
  now: number,
): SafeHtml {
  const text = bodyFromPlainText(message);
  if (text.text === '') return EMPTY;
  const update: IncidentUpdate = {
    vendorId: 'preview',
    status,
    label: null,
    bodyHtml: text.html,
    bodyText: text.text,
    displayedAt: now,
    createdAt: now,
    affectedComponents: [],
  };
  const report = incidentReport(page, standIn(page, now, [update], null), [], now);
  return cut(report, '<article class="own-update">', '</article>');
}

/** A drafted postmortem as the report will show it once published now. */
export function postmortemPreview(page: PageConfig, message: string, now: number): SafeHtml {
  const text = bodyFromPlainText(message);
  if (text.text === '') return EMPTY;
  const postmortem = { bodyHtml: text.html, bodyText: text.text, publishedAt: now };
  const report = incidentReport(page, standIn(page, now, [], postmortem), [], now);
  return cut(report, '<section class="own-postmortem"', '</section>');
}

// --- internal ---

const EMPTY = html`<p class="quiet">The message is empty: nothing to preview.</p>`;

/**
 * Only the report's own markup can hold the end tag: the message in between is escaped text.
 * A report that no longer has the piece is a bug here, not the author's mistake.
 */
function cut(report: string, start: string, end: string): SafeHtml {
  const from = report.indexOf(start);
  const to = from === -1 ? -1 : report.indexOf(end, from);
  if (to === -1) throw new Error(`the report page has no ${start}…${end} to preview`);
  return trustedHtml(report.slice(from, to + end.length));
}

function standIn(
  page: PageConfig,
  now: number,
  updates: IncidentUpdate[],
  postmortem: StoredIncident['postmortem'],
): StoredIncident {
  return {
    vendorId: 'preview',
    title: 'Preview',
    kind: 'incident',
    impact: 'none',
    status: 'investigating',
    createdAt: now,
    startedAt: now,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    url: null,
    shortlink: null,
    components: [],
    updates,
    postmortem,
    isTemplate: false,
    providerSlug: page.slug,
    firstSeenAt: now,
    backfilled: false,
    lastChangedAt: now,
    previousTitles: [],
    ingestAnomalies: [],
  };
}
