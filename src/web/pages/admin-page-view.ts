import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UPDATE_STATUS_LABELS, zonedParts, type StoredIncident } from '../../domain/index.ts';
import { isCode } from '../../own-page/index.ts';
import { HTML, notFound } from '../_http.ts';
import { impactBadge, incidentStatusBadge } from '../_badges.ts';
import {
  ADMIN_ROOT,
  adminIncidentHref,
  adminShell,
  pageComponents,
  type AdminDeps,
  type IncidentForm,
} from '../_admin-context.ts';
import { freshForm, type FormState } from '../_admin-form.ts';
import { postmortemPreview } from '../_admin-preview.ts';
import { submitForm } from '../_admin-submit.ts';
import { html, type SafeHtml } from '../html.ts';
import { MAINTENANCE_STEP_FORMS } from './admin-page-maintenance.ts';
import { POSTMORTEM_FORMS } from './admin-page-postmortem.ts';
import { UPDATE_FORMS } from './admin-page-updates.ts';
import { posted } from './own-incident.ts';

const FORMS: readonly IncidentForm[] = [
  ...UPDATE_FORMS,
  ...POSTMORTEM_FORMS,
  ...MAINTENANCE_STEP_FORMS,
];

/**
 * `/admin/page/incidents/<code>`: one incident or maintenance as its author needs it (status,
 * updates newest first, the drafted postmortem) with the forms of its next steps, each posting
 * to `/admin/page/incidents/<code>/<form>` and coming back here.
 */
export function registerIncidentView(app: FastifyInstance, admin: AdminDeps): void {
  app.get(`${ADMIN_ROOT}/incidents/:code`, async (request, reply) => {
    const { code } = request.params as { code: string };
    return reply.header('cache-control', 'no-store').type(HTML).send(await view(request, admin, code, null));
  });
  app.post(`${ADMIN_ROOT}/incidents/:code/:form`, async (request, reply) => {
    const { code, form: name } = request.params as { code: string; form: string };
    const form = FORMS.find((f) => f.name === name);
    if (form === undefined) throw notFound(`no form "${name}" here`);
    return submitForm(request, reply, admin, {
      action: form.action,
      input: (v) => form.input(code, v),
      fieldOf: form.fieldOf,
      ...(form.preview === undefined ? {} : { preview: (v) => form.preview?.(admin, v) ?? html`` }),
      render: (state) => view(request, admin, code, { name, state }),
      next: () => adminIncidentHref(code),
    });
  });
} // prettier-ignore

// --- internal ---

async function view(
  request: FastifyRequest,
  admin: AdminDeps,
  code: string,
  refused: { name: string; state: FormState } | null,
): Promise<string> {
  const { store } = admin.deps;
  const incident = isCode(code) ? await store.getIncident(admin.page.slug, code) : null;
  if (incident === null) throw notFound(`no incident "${code}" on this page`);
  const [components, draft] = await Promise.all([
    pageComponents(admin),
    store.getPostmortemDraft({ providerSlug: admin.page.slug, vendorId: code }),
  ]);
  const applicable = FORMS.filter((f) => f.applies(incident, draft !== null));
  // A refused step that no longer applies (publishing twice) has no form to show its error in.
  const orphan = refused !== null && !applicable.some((f) => f.name === refused.name) ? refused.state : null;
  const forms = applicable.map((f) => {
    const state = refused?.name === f.name ? refused.state : freshForm(f.name === 'postmortem' && draft !== null ? { body: draft.bodyText } : {});
    return f.render({ admin, incident, components, state, action: `${adminIncidentHref(code)}/${f.name}` });
  });
  const zone = admin.page.timeZone;
  const main = html`<h1>${incident.title}</h1>
    <p>${incident.kind === 'maintenance' ? 'Maintenance' : 'Incident'} ${incidentStatusBadge(incident.status)}
      ${incident.kind === 'incident' ? impactBadge(incident.impact) : ''}
      <a href="/status/incidents/${code}">Public report</a></p>
    ${orphan === null ? '' : html`<p class="form-error" role="alert">${[orphan.general, ...Object.values(orphan.errors)].filter((m) => m !== null).join('; ')}</p>`}
    ${window(incident, zone)}
    ${draft === null ? '' : html`<section aria-labelledby="admin-draft" class="admin-draft">
      <h2 id="admin-draft">Drafted postmortem (not public)</h2>
      ${postmortemPreview(admin.page, draft.bodyText, admin.deps.clock())}
    </section>`}
    ${updates(incident, zone, admin.deps.clock())}
    ${forms}`;
  return adminShell(request, admin, incident.title, main);
} // prettier-ignore

/** A maintenance's window in the page's zone, as its readers will see it. */
function window(incident: StoredIncident, zone: string): SafeHtml {
  if (incident.scheduledFor === null || incident.scheduledUntil === null) return html``;
  return html`<p>Scheduled from ${stamp(incident.scheduledFor, zone)} until ${stamp(incident.scheduledUntil, zone)}.</p>`;
} // prettier-ignore

function stamp(at: number, zone: string): SafeHtml {
  const p = zonedParts(at, zone);
  return html`<time datetime="${new Date(at).toISOString()}">${p.month} ${p.day}, ${p.year} - ${p.hour}:${p.minute} ${p.zoneName}</time>`;
} // prettier-ignore

function updates(incident: StoredIncident, zone: string, now: number): SafeHtml {
  return html`<section aria-labelledby="admin-updates">
    <h2 id="admin-updates">Updates</h2>
    <ol class="admin-updates" reversed>
      ${[...incident.updates].reverse().map((u) => html`<li>
        <strong>${UPDATE_STATUS_LABELS[u.status]}</strong> ${u.bodyText}
        <span class="quiet">${posted(u.displayedAt ?? u.createdAt ?? now, zone, now)}</span>
      </li>`)}
    </ol>
  </section>`;
} // prettier-ignore
