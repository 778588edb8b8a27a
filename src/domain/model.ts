import type { Anomaly } from './anomaly.ts';
import type { EpochMs } from './epoch.ts';
import type { IncidentAnalysis } from './incident-analysis.ts';
import type {
  AnyIncidentStatus,
  ComponentStatus,
  Impact,
  IncidentKind,
  ProviderStatus,
  SourceFormat,
} from './vocabulary.ts';

// Defined beside the rule that makes one (epoch.ts), named here too for the model's readers.
export type { EpochMs };

export interface PollSettings {
  /** Normal interval between polls. */
  intervalMs: number;
  /** Interval while the provider has an open incident. */
  openIncidentIntervalMs: number;
}

export interface SourceHealth {
  lastSuccessAt: EpochMs | null;
  lastErrorAt: EpochMs | null;
  lastErrorKind: string | null;
  lastErrorMessage: string | null;
  consecutiveFailures: number;
  /** When the health last flipped between ok and failing. */
  lastChangeAt: EpochMs | null;
}

export interface Provider {
  slug: string;
  name: string;
  /** The vendor's human status page. */
  pageUrl: string;
  /** The URL we poll (may differ from pageUrl, e.g. `/api/v2/summary.json`). */
  sourceUrl: string;
  format: SourceFormat;
  poll: PollSettings;
  createdAt: EpochMs;
}

export interface Component {
  /** Vendor id, or the code when the vendor only gives a name (feeds). */
  vendorId: string;
  name: string;
  groupName: string | null;
  status: ComponentStatus;
  position: number;
}

export interface AffectedComponent {
  /** Vendor id/code when given; names inside updates may differ from today's names. */
  vendorId: string | null;
  name: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus | null;
  /** Found in the incident's words at ingest (feeds list none), not given by the vendor. */
  derived?: true;
}

export interface IncidentUpdate {
  vendorId: string;
  status: AnyIncidentStatus;
  /** The vendor's own label ("Update", "In progress") when it differs from the status word. */
  label: string | null;
  bodyHtml: string;
  bodyText: string;
  displayedAt: EpochMs | null;
  createdAt: EpochMs | null;
  affectedComponents: AffectedComponent[];
}

export interface Postmortem {
  bodyHtml: string;
  bodyText: string;
  publishedAt: EpochMs | null;
}

export interface Incident {
  vendorId: string;
  title: string;
  kind: IncidentKind;
  /** null when the format does not say (feeds) and nothing could be inferred. */
  impact: Impact | null;
  status: AnyIncidentStatus;
  createdAt: EpochMs | null;
  startedAt: EpochMs | null;
  monitoringAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  scheduledFor: EpochMs | null;
  scheduledUntil: EpochMs | null;
  url: string | null;
  shortlink: string | null;
  /** Components the vendor names for the incident as a whole. */
  components: AffectedComponent[];
  /** Newest first is how vendors show them; we keep chronological order (oldest first). */
  updates: IncidentUpdate[];
  postmortem: Postmortem | null;
  /** Statuspage's sample incidents ("This is an example incident"). Kept, never listed or alerted. */
  isTemplate: boolean;
}

/** An incident as we store it: the vendor's facts plus what only we know. */
export interface StoredIncident extends Incident {
  providerSlug: string;
  /** When *we* first saw it: never copied from the vendor's start. */
  firstSeenAt: EpochMs;
  /** Already resolved when first seen: history, not news. Never alerts. */
  backfilled: boolean;
  /** When we last stored a change to it (a poll that changes nothing does not touch it). */
  lastChangedAt: EpochMs;
  /** Titles the vendor used before the current one, oldest first. */
  previousTitles: string[];
  /** Oddities only visible at ingest time (an update dated after the capture that showed it). */
  ingestAnomalies: Anomaly[];
  /**
   * What the vendor's words say (src/analysis), when the writer computed it. Written with the
   * incident; never read back into this object (ingest compares stored and merged incidents),
   * but through `Store.getIncidentAnalyses`.
   */
  analysis?: IncidentAnalysis;
}

export interface ProviderView {
  provider: Provider;
  health: SourceHealth;
  status: ProviderStatus;
}
