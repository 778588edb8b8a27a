import type { FastifyInstance, FastifyRequest } from 'fastify';
import { alertDeliveryPlanner } from '../../alerts/index.ts';
import type { PageConfig } from '../../config/index.ts';
import type { Component, StoredIncident } from '../../domain/index.ts';
import { impactBadge, incidentStatusBadge, statusBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML } from '../_http.ts';
import { guardAdminRoutes } from '../_admin-access.ts';
import {
  ADMIN_ROOT,
  COMPONENT_CHOICES,
  adminIncidentHref,
  adminShell,
  componentLabel,
  pageComponents,
  type AdminDeps,
} from '../_admin-context.ts';
import { freshForm, selectInput, type FormState } from '../_admin-form.ts';
import { submitForm } from '../_admin-submit.ts';
import type { WriteAccess } from '../_write-access.ts';
import { html, type SafeHtml } from '../html.ts';
import { registerIncidentForms } from './admin-page-incident.ts';
import { registerMaintenanceForms } from './admin-page-maintenance.ts';
import { registerDraftForms, vendorDraftsSection } from './admin-page-drafts.ts';

/**
 * `/admin/page…`: the own page's authoring forms, server-rendered, no script needed. Every
 * post goes through `runPageAction`, the one door the CLI and the token API use, so the forms
 * refuse the same input with the same words. Here: the overview (components with a status
 * each, open incidents and maintenances, recent closed ones, drafted postmortems).
 */
export function registerAdminPage(
  app: FastifyInstance,
  deps: WebDeps,
  page: PageConfig,
  access: WriteAccess,
): void {
  const admin: AdminDeps = {
    deps,
    page,
    writer: { store: deps.store, page, deliveries: alertDeliveryPlanner(deps.store) },
  };
  // A scope of their own, so the admin guard runs on these routes only.
  void app.register((scope, _options, done) => {
    guardAdminRoutes(scope, access);
    scope.get(ADMIN_ROOT, async (request, reply) =>
      reply.header('cache-control', 'no-store').type(HTML).send(await overview(request, admin, null)),
    );
    scope.post(`${ADMIN_ROOT}/components`, async (request, reply) => {
      const id = (request.body as Record<string, unknown> | undefined)?.id;
      return submitForm(request, reply, admin, {
        action: 'component.set',
        input: (v) => ({ id: v.id ?? '', status: v.status ?? '' }),
        fieldOf: (path) => (path === 'status' ? 'status' : null),
        render: (form) => overview(request, admin, { id: typeof id === 'string' ? id : '', form }),
        next: () => ADMIN_ROOT,
      });
    });
    registerIncidentForms(scope, admin);
    registerMaintenanceForms(scope, admin);
    registerDraftForms(scope, admin);
    done();
  });
} // prettier-ignore

// --- internal ---

interface ComponentFormState {
  id: string;
  form: FormState;
}

async function overview(
  request: FastifyRequest,
  admin: AdminDeps,
  refused: ComponentFormState | null,
): Promise<string> {
  const { store } = admin.deps;
  const slug = admin.page.slug;
  const [components, open, recent] = await Promise.all([
    pageComponents(admin),
    store.listIncidents({ providerSlug: slug, openOnly: true, limit: 100 }),
    store.listIncidents({ providerSlug: slug, limit: 40 }),
  ]);
  const closed = recent.filter((i) => !open.some((o) => o.vendorId === i.vendorId)).slice(0, 15);
  const drafts = await draftedPostmortems(admin, closed);
  const vendorDrafts = await vendorDraftsSection(admin);
  const main = html`<h1>${admin.page.name}: own status page</h1>
    <p class="admin-actions">
      <a href="${ADMIN_ROOT}/incidents/new">Open an incident</a>
      <a href="${ADMIN_ROOT}/maintenances/new">Schedule a maintenance</a>
    </p>
    ${componentsSection(components, refused)}
    ${vendorDrafts}
    ${incidentList('Open incidents', open.filter((i) => i.kind === 'incident'), 'No open incidents.')}
    ${incidentList('Scheduled and active maintenances', open.filter((i) => i.kind === 'maintenance'), 'No maintenance scheduled.')}
    ${incidentList('Drafted postmortems', drafts, 'No drafts.')}
    ${incidentList('Recently closed', closed, 'Nothing closed yet.')}`;
  return adminShell(request, admin, 'Own page', main, 'overview');
} // prettier-ignore

/** Drafts are looked up one by one among recently closed incidents: a handful of reads. */
async function draftedPostmortems(
  admin: AdminDeps,
  closed: readonly StoredIncident[],
): Promise<StoredIncident[]> {
  const candidates = closed.filter((i) => i.kind === 'incident' && i.postmortem === null);
  const found = await Promise.all(
    candidates.map((i) =>
      admin.deps.store.getPostmortemDraft({ providerSlug: i.providerSlug, vendorId: i.vendorId }),
    ),
  );
  return candidates.filter((_, index) => found[index] !== null);
}

function componentsSection(
  components: readonly Component[],
  refused: ComponentFormState | null,
): SafeHtml {
  return html`<section aria-labelledby="admin-components">
    <h2 id="admin-components">Components</h2>
    ${refused === null || refused.form.general === null ? '' : html`<p class="form-error" role="alert">${refused.form.general}</p>`}
    <ul class="admin-components">
      ${components.map((c) => {
        const state = refused?.id === c.vendorId ? refused.form : freshForm({ status: c.status });
        return html`<li>
          <form method="post" action="${ADMIN_ROOT}/components" class="admin-inline">
            <input type="hidden" name="id" value="${c.vendorId}" />
            <span class="admin-component-name">${componentLabel(c)} ${statusBadge(c.status)}</span>
            ${selectInput({ form: `component-${c.vendorId}`, name: 'status', label: `Status of ${componentLabel(c)}`, state, choices: COMPONENT_CHOICES })}
            <button type="submit" name="intent" value="save">Set</button>
          </form>
        </li>`;
      })}
    </ul>
  </section>`;
} // prettier-ignore

function incidentList(
  title: string,
  incidents: readonly StoredIncident[],
  none: string,
): SafeHtml {
  const id = `admin-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return html`<section aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    ${incidents.length === 0
      ? html`<p class="quiet">${none}</p>`
      : html`<ul class="admin-incidents">
          ${incidents.map((i) => html`<li>
            <a href="${adminIncidentHref(i.vendorId)}">${i.title}</a>
            ${incidentStatusBadge(i.status)} ${i.kind === 'incident' ? impactBadge(i.impact) : ''}
          </li>`)}
        </ul>`}
  </section>`;
} // prettier-ignore
