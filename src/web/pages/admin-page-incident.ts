import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INCIDENT_UPDATE_STATUSES } from '../../own-page/index.ts';
import { UPDATE_STATUS_LABELS, isOneOf, type Component } from '../../domain/index.ts';
import { HTML } from '../_http.ts';
import {
  ADMIN_ROOT,
  NO_CHANGE,
  adminIncidentHref,
  adminShell,
  componentChanges,
  componentField,
  componentFieldOf,
  componentLabel,
  pageComponents,
  type AdminDeps,
} from '../_admin-context.ts';
import {
  formMessages,
  freshForm,
  selectInput,
  submitButtons,
  textArea,
  textInput,
  type FormState,
} from '../_admin-form.ts';
import { updatePreview } from '../_admin-preview.ts';
import { submitForm } from '../_admin-submit.ts';
import { html, type SafeHtml } from '../html.ts';
import { registerIncidentView } from './admin-page-view.ts';

/** `/admin/page/incidents/new`: the form that opens an incident; and each incident's view. */
export function registerIncidentForms(app: FastifyInstance, admin: AdminDeps): void {
  const path = `${ADMIN_ROOT}/incidents`;
  app.get(`${path}/new`, async (request, reply) =>
    reply.header('cache-control', 'no-store').type(HTML).send(await openPage(request, admin, freshForm())),
  );
  app.post(path, (request, reply) =>
    submitForm(request, reply, admin, {
      action: 'incident.open',
      input: (v) => ({ title: v.title ?? '', status: v.status ?? '', impact: v.impact ?? '', body: v.body ?? '', components: componentChanges(v) }),
      fieldOf: (p) => (['title', 'status', 'impact', 'body'].includes(p) ? p : componentFieldOf(p)),
      preview: (v) => updatePreview(admin.page, updateStatusOf(v.status), v.body ?? '', admin.deps.clock()),
      render: (form) => openPage(request, admin, form),
      next: (result) => adminIncidentHref(result.incident?.vendorId ?? ''),
    }),
  );
  registerIncidentView(app, admin);
} // prettier-ignore

export const UPDATE_STATUS_CHOICES = INCIDENT_UPDATE_STATUSES.map(
  (s) => [s, UPDATE_STATUS_LABELS[s]] as const,
);
export const IMPACT_CHOICES = [
  ['none', 'None'],
  ['minor', 'Minor'],
  ['major', 'Major'],
  ['critical', 'Critical'],
] as const;

/** The preview's heading: the chosen status, else the first (the schema refuses others). */
export function updateStatusOf(
  value: string | undefined,
): (typeof INCIDENT_UPDATE_STATUSES)[number] {
  return isOneOf(INCIDENT_UPDATE_STATUSES, value) ? value : 'investigating';
}

/** One select per component: "No change" or the status this update sets. */
export function componentChangeFields(
  form: string,
  components: readonly Component[],
  state: FormState,
): SafeHtml {
  if (components.length === 0) return html``;
  return html`<fieldset class="admin-fieldset">
    <legend>Component statuses</legend>
    ${components.map((c) =>
      selectInput({ form, name: componentField(c.vendorId), label: componentLabel(c), state, choices: NO_CHANGE }),
    )}
  </fieldset>`;
} // prettier-ignore

// --- internal ---

async function openPage(request: FastifyRequest, admin: AdminDeps, state: FormState): Promise<string> {
  const components = await pageComponents(admin);
  const form = 'open';
  const main = html`<h1>Open an incident</h1>
    <form method="post" action="${ADMIN_ROOT}/incidents" class="admin-form" novalidate>
      ${textInput({ form, name: 'title', label: 'Title', state, required: true })}
      ${selectInput({ form, name: 'status', label: 'Status', state, choices: UPDATE_STATUS_CHOICES })}
      ${selectInput({ form, name: 'impact', label: 'Impact', state, choices: IMPACT_CHOICES })}
      ${textArea({ form, name: 'body', label: 'Message', state, required: true, hint: MESSAGE_HINT })}
      ${componentChangeFields(form, components, state)}
      ${formMessages(form, state)}
      ${submitButtons('Open incident', true)}
    </form>`;
  return adminShell(request, admin, 'Open an incident', main);
} // prettier-ignore

export const MESSAGE_HINT = 'Plain text. Preview shows it exactly as the report page will.';
