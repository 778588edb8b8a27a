import {
  componentSentence,
  lastActivityAt,
  startOf,
  type Impact,
  type StoredIncident,
} from '../../domain/index.ts';
import type { DayImpact } from '../../reliability/daily-impact.ts';
import { impactBadge, statusBadge } from '../_badges.ts';
import { dayBars } from '../_day-bars.ts';
import { affectedComponentNames } from '../_incident-view.ts';
import { incidentHref, providerHref } from '../_links.ts';
import type { ProviderRow } from '../_provider-rows.ts';
import { absoluteTag, relativeTag, type TimeContext } from '../_time.ts';
import { html, type SafeHtml } from '../html.ts';

const IMPACT_ORDER: (Impact | null)[] = ['critical', 'major', 'minor', null, 'none', 'maintenance'];

/**
 * The answer first: "2 vendors have open incidents: GitHub (major, 14 min), OpenAI (minor,
 * 2 h)", or "All 5 vendors operational, checked 20 seconds ago", and which sources we cannot read.
 */
export function banner(rows: readonly ProviderRow[], time: TimeContext): SafeHtml {
  if (rows.length === 0) {
    return html`<p class="banner">
      No vendors are watched yet. Add one below or with <code>statuswatch add</code>.
    </p>`;
  }
  // Set-aside incidents (stale, withdrawn) are no outage now: the card notes them, not the banner.
  const hit = rows.filter((r) => r.ongoingIncidents.length > 0);
  const unreadable = rows.filter((r) => ['failing', 'stale', 'not_checked'].includes(r.display));
  const checked = Math.max(0, ...rows.map((r) => r.record.source.health.lastSuccessAt ?? 0));
  const vendors = (n: number) => `${n} ${n === 1 ? 'vendor' : 'vendors'}`;
  const main =
    hit.length === 0
      ? html`<strong>No open incidents</strong> at
          ${vendors(rows.length)}${unreadable.length === 0 ? ' — all operational' : ''}, checked
          ${checked === 0 ? 'never' : relativeTag(checked, time)}.`
      : html`<strong
            >${vendors(hit.length)} ${hit.length === 1 ? 'has' : 'have'} open incidents:</strong
          >
          ${hit.map((r, n) => html`${n === 0 ? '' : ', '}${openSummary(r, time.now)}`)}.`;
  const cannotRead =
    unreadable.length === 0
      ? ''
      : html`<span class="banner-extra"
          >Cannot tell for ${unreadable.map((r) => r.record.provider.name).join(', ')}: not read
          recently.</span
        >`;
  return html`<p class="banner ${hit.length === 0 ? 'banner-ok' : 'banner-hit'}" role="status">
    ${main} ${cannotRead}
  </p>`;
}

/** One vendor as a card: status, each open incident with its latest word, 90 days of bars. */
export function providerCard(
  row: ProviderRow,
  days: readonly DayImpact[],
  time: TimeContext,
): SafeHtml {
  const { provider, source } = row.record;
  return html`<li
    class="card"
    data-filter-text="${`${provider.name} ${provider.slug}`.toLowerCase()}"
  >
    <div class="card-head">
      <h2><a href="${providerHref(provider.slug)}">${provider.name}</a></h2>
      ${statusBadge(row.display)}
    </div>
    ${row.ongoingIncidents.map((i) => openIncident(i, time))}
    ${row.setAsideIncidents.map(
      (i) =>
        html`<p class="quiet set-aside">
          Set aside: <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a> ·
          ${setAsideNote(i, time)}
        </p>`,
    )}
    ${row.maintenanceInProgress.map(
      (i) =>
        html`<p class="maint">
          Maintenance in progress:
          <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a>
        </p>`,
    )}
    ${dayBars(days, `${provider.name}, last ${days.length} days`)}
    <p class="card-foot quiet">
      Checked ${relativeTag(source.health.lastSuccessAt, time)} · ${sourceHealth(row, time)}
    </p>
  </li>`;
}

// --- internal ---

function openSummary(row: ProviderRow, now: number): string {
  const open = row.ongoingIncidents;
  const worst = IMPACT_ORDER.find((w) => open.some((i) => i.impact === w)) ?? null;
  const oldest = Math.min(...open.map((i) => startOf(i) ?? i.firstSeenAt));
  return `${row.record.provider.name} (${worst ?? 'impact not given'}, ${shortAge(now - oldest)})`;
}

/**
 * Why an open incident is not counted, briefly: "stale: no word since 2022-11-25 15:50 UTC"
 * (the stale rule's own measure), or "withdrawn by the vendor".
 */
export function setAsideNote(i: StoredIncident, time: TimeContext): SafeHtml {
  if (i.ingestAnomalies.some((a) => a.kind === 'withdrawn')) {
    return html`<span>withdrawn by the vendor</span>`;
  }
  const since = lastActivityAt(i);
  return since === null
    ? html`<span>stale: no word for over a week</span>`
    : html`<span>stale: no word since ${absoluteTag(since, time)}</span>`;
}

/** "14 min", "2 h", "3 days": an age to read at a glance. */
export function shortAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

function openIncident(i: StoredIncident, time: TimeContext): SafeHtml {
  const latest = i.updates.at(-1);
  const components = componentSentence(affectedComponentNames(i));
  return html`<div class="open-incident">
    <p>
      ${impactBadge(i.impact)}
      <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a>
      <span class="quiet">· open ${shortAge(time.now - (startOf(i) ?? i.firstSeenAt))}</span>
    </p>
    ${
      latest === undefined
        ? ''
        : html`<p class="latest">
            <span class="quiet"
              >Latest (${relativeTag(latest.displayedAt ?? latest.createdAt, time)}):</span
            >
            ${excerpt(latest.bodyText)}
          </p>`
    }
    ${components === null ? '' : html`<p class="quiet">Affects ${components}.</p>`}
  </div>`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 180 ? flat : `${flat.slice(0, 177).replace(/\s\S*$/, '')}…`;
}

function sourceHealth(row: ProviderRow, time: TimeContext): SafeHtml {
  const { health } = row.record.source;
  if (health.consecutiveFailures > 0) {
    return html`<span class="health-failing"
      >failing since ${absoluteTag(health.lastChangeAt, time)} (${health.consecutiveFailures}×:
      ${health.lastErrorKind ?? 'error'})</span
    >`;
  }
  if (row.display === 'stale') return html`<span class="health-failing">stale</span>`;
  if (health.lastSuccessAt === null) return html`<span>not polled yet</span>`;
  return html`<span>source OK</span>`;
}
