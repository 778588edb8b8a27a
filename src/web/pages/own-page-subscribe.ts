import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStatuswatchError } from '../../domain/index.ts';
import type { PageSubscribers, SubscribeOutcome } from '../../own-page/subscribers/index.ts';
import { HTML, JSON_TYPE } from '../_http.ts';
import {
  ACCEPTED_WORDS,
  acceptedPage,
  confirmPromptPage,
  confirmedPage,
  linkUnknownPage,
  subscribeFormPage,
  tooManyPage,
  unsubscribePromptPage,
  unsubscribedPage,
} from './own-page-subscribe-views.ts';

/** The paths anyone may POST to without the API token (see _write-access.ts). */
export const PUBLIC_SUBSCRIBER_POSTS = [
  '/status/subscribe',
  '/status/subscribe/confirm',
  '/status/unsubscribe',
] as const;

/**
 * The own page's subscriber routes: the form and its POST (HTML form or JSON), the
 * confirmation link (a page with a button, then a POST) and the unsubscribe link (the same, and
 * RFC 8058's one-click POST straight from a mail client). Nothing here is cached.
 */
export function registerOwnPageSubscribe(app: FastifyInstance, subscribers: PageSubscribers): void {
  const page = subscribers.page;
  if (!page.subscribers.enabled) return;

  app.get('/status/subscribe', async (_request, reply) =>
    sendHtml(reply, 200, subscribeFormPage(page)),
  );

  app.post('/status/subscribe', async (request, reply) => {
    const json = isJson(request);
    let outcome: SubscribeOutcome;
    try {
      outcome = await subscribers.subscribe(request.body, request.ip);
    } catch (error) {
      if (!isStatuswatchError(error, 'invalid_input')) throw error;
      return json
        ? sendJson(reply, 400, { error: { code: 'bad_request', message: error.message } })
        : sendHtml(reply, 400, subscribeFormPage(page, error.message));
    }
    if (!outcome.ok) {
      const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
      const message =
        outcome.limit === 'client'
          ? 'too many subscribe requests from this address; try again later'
          : 'too many confirmation mails asked for this email address; try again later';
      reply.header('retry-after', String(seconds));
      return json
        ? sendJson(reply, 429, { error: { code: 'rate_limited', message } })
        : sendHtml(reply, 429, tooManyPage(page, seconds));
    }
    // The same answer for every address, known, confirmed or new.
    return json
      ? sendJson(reply, 202, { status: 'accepted', message: ACCEPTED_WORDS })
      : sendHtml(reply, 202, acceptedPage(page));
  });

  app.get('/status/subscribe/confirm', async (request, reply) => {
    const token = tokenOf(request);
    const pending = token === null ? null : await subscribers.pending(token);
    if (token === null || pending === null) return sendHtml(reply, 404, linkUnknownPage(page));
    return sendHtml(reply, 200, confirmPromptPage(page, token, pending));
  });

  app.post('/status/subscribe/confirm', async (request, reply) => {
    const token = tokenOf(request);
    const confirmed = token === null ? null : await subscribers.confirm(token);
    if (confirmed === null) return sendHtml(reply, 404, linkUnknownPage(page));
    return sendHtml(reply, 200, confirmedPage(page, confirmed));
  });

  app.get('/status/unsubscribe', async (request, reply) => {
    const token = tokenOf(request);
    if (token === null) return sendHtml(reply, 404, linkUnknownPage(page));
    return sendHtml(reply, 200, unsubscribePromptPage(page, token));
  });

  // A link already used answers as a first use would: the reader's wish holds either way, and
  // RFC 8058 mail clients want a 2xx, not a page to read.
  app.post('/status/unsubscribe', async (request, reply) => {
    const token = tokenOf(request);
    if (token !== null) await subscribers.unsubscribe(token);
    return sendHtml(reply, 200, unsubscribedPage(page));
  });
}

// --- internal ---

/** From the query (links, one-click) or a form field. Tokens are 43 base64url characters. */
function tokenOf(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  // A JSON body of `null` parses too.
  const body = request.body as Record<string, unknown> | null | undefined;
  const raw = query?.token ?? body?.token;
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{43}$/.test(raw) ? raw : null;
}

function isJson(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/json');
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type(HTML).send(body);
}

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(JSON_TYPE)
    .send(JSON.stringify(body));
}
