import type { AnyIncidentStatus, Impact, IncidentKind, ProviderStatus } from '../domain/index.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * Badges carry a word and a shape, never colour alone: the icon differs per level and the text
 * says it, so the page reads the same in monochrome, to a screen reader and in dark mode.
 */

/** What a dashboard row shows: the provider status, or why we cannot know it. */
export type DisplayStatus = ProviderStatus | 'stale' | 'failing' | 'not_checked';

const STATUS_BADGES: Record<DisplayStatus, { icon: string; text: string; tone: string }> = {
  operational: { icon: '✓', text: 'Operational', tone: 'ok' },
  under_maintenance: { icon: '⚙', text: 'Under maintenance', tone: 'maint' },
  degraded_performance: { icon: '▲', text: 'Degraded performance', tone: 'minor' },
  partial_outage: { icon: '◆', text: 'Partial outage', tone: 'major' },
  major_outage: { icon: '✕', text: 'Major outage', tone: 'critical' },
  unknown: { icon: '?', text: 'Unknown', tone: 'unknown' },
  stale: { icon: '◷', text: 'Stale data', tone: 'unknown' },
  failing: { icon: '⚠', text: 'Source failing', tone: 'unknown' },
  not_checked: { icon: '…', text: 'Not checked yet', tone: 'unknown' },
};

const IMPACT_BADGES: Record<Impact | 'unknown', { icon: string; text: string; tone: string }> = {
  none: { icon: '○', text: 'No impact', tone: 'ok' },
  minor: { icon: '▲', text: 'Minor', tone: 'minor' },
  major: { icon: '◆', text: 'Major', tone: 'major' },
  critical: { icon: '✕', text: 'Critical', tone: 'critical' },
  maintenance: { icon: '⚙', text: 'Maintenance', tone: 'maint' },
  unknown: { icon: '?', text: 'Impact not given', tone: 'unknown' },
};

export function statusBadge(status: DisplayStatus): SafeHtml {
  const b = STATUS_BADGES[status];
  return badge(b.icon, b.text, b.tone);
}

export function statusText(status: DisplayStatus): string {
  return STATUS_BADGES[status].text;
}

export function impactBadge(impact: Impact | null): SafeHtml {
  const b = IMPACT_BADGES[impact ?? 'unknown'];
  return badge(b.icon, b.text, b.tone, 'Impact');
}

/** Incident or maintenance status: closed ones get a tick, open ones a filled dot. */
export function incidentStatusBadge(status: AnyIncidentStatus): SafeHtml {
  const closed = status === 'resolved' || status === 'postmortem' || status === 'completed';
  const text = status.replace(/_/g, ' ');
  return badge(
    closed ? '✓' : '●',
    `${text.charAt(0).toUpperCase()}${text.slice(1)}`,
    closed ? 'ok' : 'open',
    'Status',
  );
}

export function kindBadge(kind: IncidentKind): SafeHtml {
  return kind === 'maintenance' ? badge('⚙', 'Maintenance', 'maint') : html``;
}

// --- internal ---

function badge(icon: string, text: string, tone: string, label?: string): SafeHtml {
  const prefix = label === undefined ? '' : `${label}: `;
  return html`<span class="badge tone-${tone}"
    ><span class="icon" aria-hidden="true">${icon}</span
    ><span class="visually-hidden">${prefix}</span>${text}</span
  >`;
}
