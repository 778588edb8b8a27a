import { z } from 'zod';
import {
  ALERT_KINDS,
  DEFAULT_ALERT_KINDS,
  MINIMUM_IMPACTS,
  type ChannelTarget,
  type SubscriptionSpec,
} from '../domain/index.ts';
import { invalidInput } from './channels/channel.ts';
import type { Channels } from './channels/index.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'is not a provider slug');
const names = z.array(z.string().trim().min(1).max(200)).max(100);

/**
 * What a subscriber asks for, as accepted by the CLI and the API; parsed, it is domain's
 * SubscriptionSpec. The channel's settings are checked by the channel itself (see
 * `parseSubscriptionSpec`).
 */
export const subscriptionInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  /** 'all', or the slugs of the providers to hear about. */
  providers: z.union([z.literal('all'), z.array(slug).min(1).max(1000)]).default('all'),
  /** Component ids or names; empty means every component. */
  components: names.default([]),
  /** Component group names; empty means every group. */
  groups: names.default([]),
  minimumImpact: z.enum(MINIMUM_IMPACTS).default('none'),
  events: z
    .array(z.enum(ALERT_KINDS))
    .min(1)
    .default(() => [...DEFAULT_ALERT_KINDS]),
  // Optional here only so that a missing channel gets our own message below.
  channel: z.unknown().optional(),
});
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

/**
 * Checks a subscription as the user gave it; throws `invalid_input` with a one-line message
 * (a bad webhook URL or email address is refused here, at creation).
 */
export function parseSubscriptionSpec(input: unknown, channels: Channels): SubscriptionSpec {
  const parsed = subscriptionInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('subscription', parsed.error);
  if (parsed.data.channel === undefined) {
    throw invalidInput('subscription', channelMissing());
  }
  return { ...parsed.data, channel: channels.validate(parsed.data.channel) };
}

/** A short name for lists: the given one, else the channel and its destination. */
export function subscriptionName(spec: SubscriptionSpec, target: ChannelTarget): string {
  return spec.name ?? `${spec.channel.kind} ${target.label}`;
}

// --- internal ---

function channelMissing(): z.ZodError {
  return new z.ZodError([
    { code: 'custom', path: ['channel'], message: 'is required', input: undefined },
  ]);
}
