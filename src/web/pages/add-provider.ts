import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Component } from '../../domain/index.ts';
import type { Fetcher } from '../../fetch/index.ts';
import { addProvider, type AddedProvider } from '../../watch-list/add-provider.ts';
import type { ProviderRequest } from '../../ingest/plan-provider.ts';
import { statusBadge } from '../_badges.ts';
import { INTERNAL_ERROR, PAGE_UNREADABLE, errorAnswer } from '../_error-answer.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, HttpError, timeContext } from '../_http.ts';
import { providerHref } from '../_links.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

const form = z.object({
  url: z.string().trim().min(1, 'enter a status page URL or a catalog name').max(2_000),
  name: z.string().trim().max(200).optional(),
  // Checked (and only used) by the write-access guard in _write-access.ts.
  api_token: z.string().max(500).optional(),
});

/**
 * POST /providers: the dashboard's "add a vendor" form. The page is probed (format detected)
 * before anything is stored, and the answer lists the components found.
 */
export function registerAddProvider(app: FastifyInstance, deps: WebDeps): void {
  app.post('/providers', async (request, reply) => {
    refuseCrossSite(request);
    const fetcher = deps.fetcher;
    if (fetcher === null) throw new HttpError(403, 'forbidden', 'adding vendors is disabled');
    const time = timeContext(request, deps.clock());
    const ctx = { time, path: '/' };
    const parsed = form.safeParse(request.body ?? {});
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid form';
      return reply
        .code(400)
        .type(HTML)
        .send(resultPage(ctx, formOnly('', message)));
    }
    const { url, name } = parsed.data;
    const answer = await tryToAdd(deps, fetcher, { url, ...(name ? { name } : {}) });
    if (answer.added !== null) deps.cache.clear();
    const main = answer.added === null ? formOnly(url, answer.error) : addedSection(answer.added);
    return reply.code(answer.status).type(HTML).send(resultPage(ctx, main));
  });
}

/** The form, on the dashboard and on the answer page. Plain POST: no script needed. */
export function addProviderForm(state: { value: string; error: string | null }): SafeHtml {
  const errorId = 'add-provider-error';
  return html`<section class="add-provider" aria-labelledby="add-provider-title">
    <h2 id="add-provider-title">Add a vendor</h2>
    <form method="post" action="/providers">
      <label for="add-provider-url">Status page URL or catalog name</label>
      <input
        id="add-provider-url"
        name="url"
        value="${state.value}"
        required
        maxlength="2000"
        placeholder="https://www.githubstatus.com or GitHub"
        ${state.error === null ? '' : html`aria-invalid="true" aria-describedby="${errorId}"`}
      />
      <label for="add-provider-token">API token (when the server has one)</label>
      <input id="add-provider-token" name="api_token" type="password" autocomplete="off" />
      <button type="submit">Detect and add</button>
      ${state.error === null ? '' : html`<p id="${errorId}" class="form-error" role="alert">${state.error}</p>`}
    </form>
    <p class="quiet">
      The format (Statuspage JSON, Atom/RSS feed, incident.io) is detected automatically.
    </p>
  </section>`;
}

// --- internal ---

type Answer =
  { status: 201; added: AddedProvider } | { status: number; added: null; error: string };

/** Detection and store errors are the user's to read (bad URL, duplicate, unreadable page). */
async function tryToAdd(
  deps: WebDeps,
  fetcher: Fetcher,
  request: ProviderRequest,
): Promise<Answer> {
  try {
    return { status: 201, added: await addProvider(deps.store, fetcher, request, deps.clock()) };
  } catch (e) {
    const known = errorAnswer(e, PAGE_UNREADABLE);
    // Not the user's to read (a bug, a storage failure): the error handler logs it, 500.
    if (known === null || known === INTERNAL_ERROR) throw e;
    return { status: known.status, added: null, error: known.message };
  }
}

function resultPage(ctx: Parameters<typeof layout>[0]['ctx'], main: SafeHtml): string {
  return layout({
    title: 'Add a vendor',
    ctx,
    main: html`<h1>Add a vendor</h1>
      ${main}`,
  });
}

function formOnly(value: string, error: string): SafeHtml {
  return addProviderForm({ value, error });
}

function addedSection(added: AddedProvider): SafeHtml {
  const p = added.provider;
  return html`<p role="status">
      Added <a href="${providerHref(p.slug)}">${p.name}</a>, watched as <code>${p.format}</code> at
      <code>${p.sourceUrl}</code>. The first poll runs shortly.
    </p>
    ${componentsFound(added.components)}
    <p><a href="/">Back to the dashboard</a></p>`;
}

function componentsFound(components: Component[] | null): SafeHtml {
  if (components === null) return html`<p>This format does not list components.</p>`;
  if (components.length === 0) return html`<p>No components were listed.</p>`;
  return html`<h2>${components.length} components found</h2>
    <ul class="components">
      ${components.map(
        (c) =>
          html`<li>
            ${c.groupName === null ? '' : `${c.groupName} › `}${c.name} ${statusBadge(c.status)}
          </li>`,
      )}
    </ul>`;
}

/**
 * A form post from another site would make us fetch a URL of its choosing: only same-origin
 * posts are accepted (Sec-Fetch-Site, else Origin against Host).
 */
function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(403, 'forbidden', 'cross-site form posts are refused');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.headers.host)) {
    throw new HttpError(403, 'forbidden', 'cross-site form posts are refused');
  }
}

/** Origin against Host, with default ports normalised (`http://a:80` is `a`). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
