import type { FastifyInstance } from 'fastify';
import { StatuswatchError } from '../../domain/index.ts';
import {
  acceptPageDraftResolution,
  discardPageDraft,
  listPageDrafts,
  publishPageDraft,
} from '../../own-page/index.ts';
import type { PageIncidentDraft } from '../../storage/store.ts';
import { ADMIN_ROOT, adminIncidentHref, type AdminDeps } from '../_admin-context.ts';
import { safeHref } from '../_links.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * The drafts vendors' incidents raised (a component's `dependsOn`), one click each: publish
 * (opens the incident through the ordinary authoring path, so subscribers hear of it once),
 * discard, or accept the resolution proposed when the vendor resolved. The same use cases as
 * `statuswatch page draft …`; a refusal (already published, changed meanwhile) is the store's
 * named error, answered by the server's error table (409, 404).
 */
export function registerDraftForms(scope: FastifyInstance, admin: AdminDeps): void {
  scope.post<{ Params: { id: string; step: string } }>(
    `${ADMIN_ROOT}/drafts/:id/:step`,
    async (request, reply) => {
      const id = draftId(request.params.id);
      const at = admin.deps.clock();
      switch (request.params.step) {
        case 'publish': {
          const incident = await publishPageDraft(admin.writer, at, id);
          return reply.redirect(adminIncidentHref(incident.vendorId), 303);
        }
        case 'discard':
          await discardPageDraft(admin.writer, at, id);
          return reply.redirect(ADMIN_ROOT, 303);
        case 'resolve':
          await acceptPageDraftResolution(admin.writer, at, id);
          return reply.redirect(ADMIN_ROOT, 303);
        default:
          throw new StatuswatchError('not_found', `no draft step "${request.params.step}"`);
      }
    },
  );
}

/** The overview's section: drafts still waiting for a decision, and proposals to accept. */
export async function vendorDraftsSection(admin: AdminDeps): Promise<SafeHtml> {
  const waiting = (await listPageDrafts(admin.writer)).filter(
    (d) => d.state === 'draft' || (d.state === 'published' && d.resolution !== null),
  );
  return html`<section aria-labelledby="admin-vendor-drafts">
    <h2 id="admin-vendor-drafts">Drafts raised by vendors</h2>
    ${
      waiting.length === 0
        ? html`<p class="quiet">No vendor incident affects your components.</p>`
        : html`<ul class="admin-incidents">
            ${waiting.map(draftRow)}
          </ul>`
    }
  </section>`;
}

// --- internal ---

function draftRow(d: PageIncidentDraft): SafeHtml {
  // The vendor's own link, so a scheme other than http(s) is not made a link (safeHref).
  const href = safeHref(d.vendorUrl);
  const vendor = href === null ? html`${d.vendorTitle}` : html`<a href="${href}">${d.vendorTitle}</a>`;
  const button = (step: string, label: string) =>
    html`<form method="post" action="${ADMIN_ROOT}/drafts/${String(d.id)}/${step}" class="admin-inline">
      <button type="submit">${label}</button>
    </form>`;
  return html`<li>
    <strong>${d.title}</strong> (${d.vendorName}: ${vendor})
    ${d.state === 'published' && d.incidentCode !== null ? html`<a href="${adminIncidentHref(d.incidentCode)}">published</a>` : ''}
    ${d.resolution === null ? '' : html`<p class="quiet">The vendor resolved it: ${d.resolution.body}</p>`}
    ${d.state === 'draft' ? [button('publish', 'Publish'), button('discard', 'Discard')] : ''}
    ${d.resolution === null ? '' : button('resolve', d.state === 'draft' ? 'Close' : 'Resolve ours')}
  </li>`;
} // prettier-ignore

function draftId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new StatuswatchError('invalid_input', `id: a draft id is a positive whole number`);
  return id;
}
