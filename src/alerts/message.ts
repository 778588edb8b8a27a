import type {
  EpochMs,
  EventKind,
  Impact,
  IncidentAnalysis,
  IncidentUpdate,
  Provider,
  StoredEvent,
  StoredIncident,
  AlertKind,
} from '../domain/index.ts';
import { alertKindOf } from './alert-kinds.ts';

/** Everything a channel needs to say about one event, already worded; channels only lay it out. */
export interface AlertMessage {
  idempotencyKey: string;
  eventId: number;
  eventKind: EventKind;
  alertKind: AlertKind | null;
  provider: { slug: string; name: string; pageUrl: string | null };
  /** The incident title, or a sentence for component and source events. */
  title: string;
  impact: Impact | null;
  /** A status word: incident, maintenance or component status, or failing/recovered. */
  status: string;
  /** The vendor update that caused the event, else the newest one, as plain text. */
  update: { text: string; postedAt: EpochMs | null } | null;
  /** Our page for the incident (or the provider, for component and source events). */
  ourUrl: string;
  vendorUrl: string | null;
  incidentId: string | null;
  /** For component events: which component moved, from what to what. */
  component: { vendorId: string; name: string; from: string | null; to: string } | null;
  /** When we first saw the incident (or noticed the event). */
  firstSeenAt: EpochMs;
  vendorPostedAt: EpochMs | null;
  detectedAt: EpochMs;
  /** `statuswatch alerts test`: a sample, not a real event. */
  isTest: boolean;
  /** For `postmortem_published`: what the postmortem says, read by src/analysis; else null. */
  postmortem: PostmortemWords | null;
}

export interface PostmortemWords {
  /** The first sentence of its "what happened" section, else of the postmortem; null if empty. */
  whatHappened: string | null;
  /** The impact window its words give (either bound may be unknown); null when they give none. */
  impactWindow: { startedAt: EpochMs | null; endedAt: EpochMs | null } | null;
}

export interface MessageFacts {
  event: StoredEvent;
  idempotencyKey: string;
  /** null when the provider was removed after the event. */
  provider: Provider | null;
  incident: StoredIncident | null;
  /** The incident's stored analysis (`Store.getIncidentAnalyses`), for postmortem messages. */
  analysis?: IncidentAnalysis | null;
  /** `${publicUrl}/providers/:slug/incidents/:id` is built on it; no trailing slash needed. */
  publicUrl: string;
}

export function buildMessage(facts: MessageFacts): AlertMessage {
  const { event, provider, incident } = facts;
  const base = publicBase(facts.publicUrl);
  const providerUrl = `${base}/providers/${encodeURIComponent(event.providerSlug)}`;
  const common = {
    idempotencyKey: facts.idempotencyKey,
    eventId: event.id,
    eventKind: event.kind,
    alertKind: alertKindOf(event.kind),
    provider: {
      slug: event.providerSlug,
      name: provider?.name ?? event.providerSlug,
      pageUrl: provider?.pageUrl ?? null,
    },
    vendorPostedAt: event.occurredAt,
    detectedAt: event.detectedAt,
    isTest: false,
  };
  const about = describeEvent(event, incident);
  return {
    ...common,
    ...about,
    ourUrl:
      about.incidentId === null
        ? providerUrl
        : `${providerUrl}/incidents/${encodeURIComponent(about.incidentId)}`,
    vendorUrl: incident?.url ?? incident?.shortlink ?? provider?.pageUrl ?? null,
    firstSeenAt: incident?.firstSeenAt ?? event.detectedAt,
    postmortem:
      event.kind === 'postmortem_published'
        ? postmortemWords(incident, facts.analysis ?? null)
        : null,
  };
}

/**
 * The first sentence of "what happened" (the analysis's summary section), else of the postmortem
 * text, and the impact window: a reader learns what broke and for how long without opening it.
 */
export function postmortemWords(
  incident: StoredIncident | null,
  analysis: IncidentAnalysis | null,
): PostmortemWords {
  const summary = analysis?.sections.find((s) => s.kind === 'summary')?.text;
  const whatHappened =
    firstSentence(summary ?? '') ?? firstSentence(incident?.postmortem?.bodyText ?? '');
  const startedAt = analysis?.impactStartedAt?.at ?? null;
  const endedAt = analysis?.impactEndedAt?.at ?? null;
  const impactWindow = startedAt === null && endedAt === null ? null : { startedAt, endedAt };
  return { whatHappened, impactWindow };
}

/** Up to the first ". " before a capital (or the end), whitespace collapsed, at most 300 chars. */
export function firstSentence(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return null;
  const end = /[.!?](?=\s+["(\u201c]?[A-Z]|$)/.exec(flat);
  const sentence = end === null ? flat : flat.slice(0, end.index + 1);
  return sentence.length > 300 ? `${sentence.slice(0, 299)}…` : sentence;
}

/** "Partial outage" from `partial_outage`. */
export function statusWords(word: string): string {
  const spaced = word.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** One line naming provider, title and status: subjects, Slack fallbacks, Discord titles. */
export function headline(message: AlertMessage): string {
  const test = message.isTest ? '[test] ' : '';
  return `${test}${message.provider.name}: ${message.title} (${statusWords(message.status)})`;
}

/** The plain-text body shared by email and chat fallbacks. */
export function plainText(message: AlertMessage): string {
  const lines = [headline(message), ''];
  for (const [label, value] of facts(message)) lines.push(`${label}: ${value}`);
  if (message.update !== null) lines.push('', message.update.text);
  lines.push('', `Details: ${message.ourUrl}`);
  if (message.vendorUrl !== null) lines.push(`Vendor page: ${message.vendorUrl}`);
  return lines.join('\n');
}

/** Labelled facts in display order, shared by every layout. */
export function facts(message: AlertMessage): [string, string][] {
  const list: [string, string][] = [
    ['Provider', message.provider.name],
    ['Status', statusWords(message.status)],
  ];
  if (message.impact !== null) list.push(['Impact', statusWords(message.impact)]);
  list.push(['First seen', isoTime(message.firstSeenAt)]);
  if (message.update?.postedAt != null) list.push(['Posted', isoTime(message.update.postedAt)]);
  const pm = message.postmortem;
  if (pm?.whatHappened != null) list.push(['What happened', pm.whatHappened]);
  if (pm?.impactWindow != null)
    list.push(["Impact (vendor's words)", windowWords(pm.impactWindow)]);
  return list;
}

function windowWords(w: NonNullable<PostmortemWords['impactWindow']>): string {
  const at = (ms: EpochMs | null) => (ms === null ? '?' : isoTime(ms));
  return `${at(w.startedAt)} – ${at(w.endedAt)}`;
}

export function isoTime(ms: EpochMs): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// --- internal ---

type EventWords = Pick<
  AlertMessage,
  'title' | 'impact' | 'status' | 'update' | 'incidentId' | 'component'
>;

function describeEvent(event: StoredEvent, incident: StoredIncident | null): EventWords {
  if (event.kind === 'component_status_changed') {
    return {
      title: `${event.componentName} is ${statusWords(event.to).toLowerCase()}`,
      impact: null,
      status: event.to,
      update: null,
      incidentId: null,
      component: {
        vendorId: event.componentVendorId,
        name: event.componentName,
        from: event.from,
        to: event.to,
      },
    };
  }
  if (event.kind === 'source_failed') {
    return sourceWords('The status page cannot be read', 'failing', event.message);
  }
  if (event.kind === 'source_recovered') {
    return sourceWords('The status page can be read again', 'recovered', null);
  }
  if (event.kind === 'provider_status_changed') {
    return sourceWords('Overall status changed', event.to, null);
  }
  return {
    title: event.title,
    impact: event.impact,
    status: event.kind === 'postmortem_published' ? 'postmortem' : event.status,
    update: updateOf(event, incident),
    incidentId: event.incidentVendorId,
    component: null,
  };
}

function sourceWords(title: string, status: string, text: string | null): EventWords {
  const update = text === null ? null : { text, postedAt: null };
  return { title, impact: null, status, update, incidentId: null, component: null };
}

function updateOf(event: StoredEvent, incident: StoredIncident | null): AlertMessage['update'] {
  if (event.kind === 'postmortem_published' && incident?.postmortem) {
    return { text: incident.postmortem.bodyText, postedAt: incident.postmortem.publishedAt };
  }
  const id = 'updateVendorId' in event ? event.updateVendorId : null;
  const updates = incident?.updates ?? [];
  const chosen: IncidentUpdate | undefined =
    updates.find((u) => u.vendorId === id) ?? updates.at(-1);
  if (chosen === undefined) return null;
  return { text: chosen.bodyText, postedAt: chosen.displayedAt ?? chosen.createdAt };
}

function publicBase(url: string): string {
  return url.replace(/\/+$/, '');
}
