import type { EpochMs } from './epoch.ts';

// Subscriptions are stored by storage and read by alerts: their types live here so that storage
// never imports alerts. The zod schemas that produce them stay in alerts (subscription.ts and
// one file per channel under alerts/channels/).

/** What a subscriber can ask to hear about; each stored event kind maps to at most one. */
export const ALERT_KINDS = [
  'opened',
  'updated',
  'resolved',
  'maintenance',
  'component_changes',
  'postmortem_published',
  'source_failing',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Maintenance is planned work, not trouble: a subscriber opts in to it. */
export const DEFAULT_ALERT_KINDS: readonly AlertKind[] = ALERT_KINDS.filter(
  (k) => k !== 'maintenance',
);

/** Impact words a subscriber can set as a floor; maintenance is opted in to by kind instead. */
export const MINIMUM_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type MinimumImpact = (typeof MINIMUM_IMPACTS)[number];

export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'discord', 'teams'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const WEBHOOK_FORMATS = ['statuswatch-v1', 'statuspage'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface EmailSettings {
  kind: 'email';
  to: string[];
  /**
   * Set for the own page's subscribers only (never from user input): the link every message
   * carries, in its text and as `List-Unsubscribe` (RFC 2369) with one-click (RFC 8058).
   */
  unsubscribeUrl?: string | undefined;
}

export interface WebhookSettings {
  kind: 'webhook';
  url: string;
  /** HMAC key for the signature header. */
  secret: string;
  format: WebhookFormat;
  /** Set for the own page's subscribers only: the Statuspage envelope's `meta.unsubscribe`. */
  unsubscribeUrl?: string | undefined;
}

export interface SlackSettings {
  kind: 'slack';
  url: string;
}

export interface DiscordSettings {
  kind: 'discord';
  url: string;
}

export interface TeamsSettings {
  kind: 'teams';
  url: string;
}

/** A channel's settings as its own check returned them. */
export type ChannelSettings =
  EmailSettings | WebhookSettings | SlackSettings | DiscordSettings | TeamsSettings;

/** Where a subscription's deliveries go; subscriptions sharing a destination share a channel. */
export interface ChannelTarget {
  /** Stable id of the destination (no secret in clear): failures and pauses are counted on it. */
  key: string;
  /** host:port the sends go to; concurrency is bounded per host. */
  host: string;
  /** The destination for display, with tokens and secrets left out. */
  label: string;
}

/** What a subscriber asks for, checked (alerts' `parseSubscriptionSpec`). */
export interface SubscriptionSpec {
  name?: string | undefined;
  /** 'all', or the slugs of the providers to hear about. */
  providers: 'all' | string[];
  /** Component ids or names; empty means every component. */
  components: string[];
  /** Component group names; empty means every group. */
  groups: string[];
  minimumImpact: MinimumImpact;
  events: AlertKind[];
  channel: ChannelSettings;
}

/** A stored subscription. */
export interface Subscription {
  id: number;
  spec: SubscriptionSpec;
  target: ChannelTarget;
  createdAt: EpochMs;
}
