import { z } from 'zod';
import { StatuswatchError } from '../../domain/index.ts';
import { componentIdOf, type PageConfig } from '../../config/index.ts';

/** A form sends one `components` field per box ticked: one string, or several. */
const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? [v] : v))
  .pipe(z.array(z.string().trim().min(1).max(63)).max(200));

const subscribeSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('is not an email address'))
    .transform((e) => e.toLowerCase()),
  components: oneOrMany.default([]),
  /** Given: a webhook subscriber, confirmed through `email` (as Statuspage asks for both). */
  webhook_url: z
    .string()
    .trim()
    .max(2_000)
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }).optional())
    .optional(),
});

export interface SubscribeRequest {
  email: string;
  /** Component ids of the page; empty is every component. */
  components: string[];
  webhookUrl: string | null;
}

/**
 * The subscribe form or JSON body, checked: an email address, components that the page has
 * (ids), an optional webhook URL. Throws one `invalid_input` naming the field.
 */
export function parseSubscribeRequest(input: unknown, page: PageConfig): SubscribeRequest {
  const parsed = subscribeSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new StatuswatchError('invalid_input', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  const known = new Set(page.components.map(componentIdOf));
  const unknown = parsed.data.components.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new StatuswatchError(
      'invalid_input',
      `components: this page has no component ${unknown.map((c) => JSON.stringify(c)).join(', ')}`,
    );
  }
  // Every component ticked is the same as none: one subscription to the whole page.
  const components = [...new Set(parsed.data.components)];
  return {
    email: parsed.data.email,
    components: components.length === known.size ? [] : components.sort(),
    webhookUrl: parsed.data.webhook_url ?? null,
  };
}
