import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  StatuswatchError,
  type ChannelKind,
  type ChannelTarget,
  type EpochMs,
} from '../../domain/index.ts';
import type { AlertMessage } from '../message.ts';

export interface SendMeta {
  /** Per (event, subscription): the receiver can drop a repeat. */
  idempotencyKey: string;
  now: EpochMs;
}

/** What the receiver said. Thrown errors (refused, timeout, closed) are failures too. */
export interface SendOutcome {
  ok: boolean;
  /** HTTP status or SMTP reply code. */
  code: number | null;
  /** SMTP reply text or the start of the HTTP answer. */
  detail: string | null;
  /** A 429/503 receiver's Retry-After, in ms: the next attempt waits at least this long. */
  retryAfterMs?: number | null;
}

/** One way of sending alerts. One file per channel; the registry is a plain list. */
export interface Channel<S extends { kind: ChannelKind }> {
  readonly kind: S['kind'];
  /** Checks and normalises settings; throws `invalid_input` with a one-line message. */
  validate(settings: unknown): S;
  target(settings: S): ChannelTarget;
  send(message: AlertMessage, settings: S, meta: SendMeta): Promise<SendOutcome>;
}

/** Parses with a zod schema and turns the first issue into a one-line `invalid_input`. */
export function parseSettings<T>(schema: z.ZodType<T>, settings: unknown, what: string): T {
  const parsed = schema.safeParse(settings);
  if (parsed.success) return parsed.data;
  throw invalidInput(what, parsed.error);
}

export function invalidInput(what: string, error: z.ZodError): StatuswatchError {
  const issue = error.issues[0];
  if (issue === undefined) return new StatuswatchError('invalid_input', `invalid ${what}`);
  const path = issue.path.map(String).join('.');
  return new StatuswatchError(
    'invalid_input',
    `invalid ${what}: ${path === '' ? '' : `${path}: `}${issue.message}`,
  );
}

/** A URL whose path is a secret token (Slack, Discord, Teams): show the host only. */
export function redactedUrl(url: URL): string {
  return `${url.protocol}//${url.host}/…`;
}

/** A destination's key: hashed, so that tokens in URLs never show up in keys or logs. */
export function targetKey(kind: ChannelKind, destination: string): string {
  const digest = createHash('sha256').update(destination).digest('hex').slice(0, 20);
  return `${kind}:${digest}`;
}
