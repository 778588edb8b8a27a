import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');

/** An IANA zone name Intl knows ("America/Los_Angeles"); the page shows every time in it. */
const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Europe/Berlin or America/Los_Angeles' },
);

/** `provider-slug:component id or name`, e.g. `github:actions` or `stripe:API`. */
const dependency = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}:\S.{0,254}$/,
    'a dependency is "provider:component", e.g. github:actions',
  );

const componentSchema = z.strictObject({
  /** Stable id in the page's JSON; from the name when left out, so renaming one keeps no id. */
  id: slug.optional(),
  name: z.string().trim().min(1).max(255),
  group: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(1000).optional(),
  /**
   * Vendor components this one depends on, as `provider:component` (`github:actions`): a
   * watched provider's slug, then its component's id or name (any case). A vendor incident
   * naming one raises a draft incident on this page.
   */
  dependsOn: z.array(dependency).max(50).default([]),
  /** The drafts this component's dependencies raise open on the page at once (see below). */
  autoPublish: z.boolean().default(false),
});

const listenSchema = z.strictObject({
  // Facing the network is the point of this listener: every interface unless told otherwise.
  host: z.string().min(1).default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65_535),
});

/**
 * `page.subscribers`: who may subscribe to the page's updates (email and webhook, double opt-in
 * through `alerts.smtp`) and how often. The limits are per hour, per node (kept in memory).
 */
const subscribersSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** How long a confirmation link works. */
  confirmHours: z.number().int().min(1).max(168).default(48),
  /** Subscribe requests one client address may make per hour. */
  perClientPerHour: z.number().int().min(1).max(10_000).default(10),
  /** Confirmation mails one address may be sent per hour: nobody can flood a stranger's inbox. */
  perAddressPerHour: z.number().int().min(1).max(100).default(3),
});

/**
 * The team's own status page (`page:` in statuswatch.yaml): a provider whose incidents are
 * authored with `statuswatch page …`, never polled.
 */
export const pageConfigSchema = z
  .strictObject({
    slug: slug.default('status'),
    name: z.string().trim().min(1).max(255),
    url: z.url({ protocol: /^https?$/ }),
    timeZone: timeZone.default('Etc/UTC'),
    components: z.array(componentSchema).default([]),
    /**
     * A second listener that serves `/status…` alone, so the page can face the internet while
     * the dashboard, admin and API stay on the main (loopback) one. Absent: only the main one.
     */
    listen: listenSchema.optional(),
    subscribers: subscribersSchema.prefault({}),
  })
  .superRefine((page, ctx) => {
    const seen = new Set<string>();
    page.components.forEach((c, index) => {
      const id = componentIdOf(c);
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['components', index],
          message: `component id "${id}" appears twice (give one an explicit id)`,
        });
      seen.add(id);
    });
  });

export type PageConfig = z.infer<typeof pageConfigSchema>;
export type PageComponentConfig = z.infer<typeof componentSchema>;
export type PageSubscribersConfig = z.infer<typeof subscribersSchema>;

/** The component's id: its own, else its name in lowercase words joined by dashes. */
export function componentIdOf(c: PageComponentConfig): string {
  if (c.id !== undefined) return c.id;
  const words = c.name.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.join('-').slice(0, 63) || 'component';
}
