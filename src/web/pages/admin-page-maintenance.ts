import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Component } from '../../domain/index.ts';
import { HTML } from '../_http.ts';
import {
  ADMIN_ROOT,
  adminIncidentHref,
  adminShell,
  componentField,
  componentLabel,
  pageComponents,
  type AdminDeps,
  type IncidentForm,
  type IncidentFormView,
} from '../_admin-context.ts';
import { wallClockToEpoch } from '../../own-page/index.ts';
import {
  checkbox,
  formMessages,
  freshForm,
  submitButtons,
  textArea,
  textInput,
  type FormState,
} from '../_admin-form.ts';
import { updatePreview } from '../_admin-preview.ts';
import { submitForm, unlessBlank } from '../_admin-submit.ts';
import { html, type SafeHtml } from '../html.ts';
import { MESSAGE_HINT } from './admin-page-incident.ts';

/** `/admin/page/maintenances/new`: scheduling a maintenance, its window in the page's zone. */
export function registerMaintenanceForms(app: FastifyInstance, admin: AdminDeps): void {
  const path = `${ADMIN_ROOT}/maintenances`;
  app.get(`${path}/new`, async (request, reply) =>
    reply.header('cache-control', 'no-store').type(HTML).send(await schedulePage(request, admin, freshForm())),
  );
  app.post(path, (request, reply) =>
    submitForm(request, reply, admin, {
      action: 'maintenance.schedule',
      input: (v) => ({
        title: v.title ?? '',
        body: v.body ?? '',
        scheduledFor: instant(v.from, admin.page.timeZone),
        scheduledUntil: instant(v.until, admin.page.timeZone),
        components: Object.keys(v).filter((k) => k.startsWith('component.') && v[k] === 'on').map((k) => k.slice('component.'.length)),
      }),
      fieldOf: (p) => ({ title: 'title', body: 'body', scheduledFor: 'from', scheduledUntil: 'until' })[p] ?? null,
      preview: (v) => updatePreview(admin.page, 'scheduled', v.body ?? '', admin.deps.clock()),
      render: (form) => schedulePage(request, admin, form),
      next: (result) => adminIncidentHref(result.incident?.vendorId ?? ''),
    }),
  );
} // prettier-ignore

/** A maintenance's start and completion: forms on its admin view. */
export const MAINTENANCE_STEP_FORMS: readonly IncidentForm[] = [
  {
    name: 'start',
    applies: (i) => i.kind === 'maintenance' && i.status === 'scheduled',
    render: (view) => stepForm(view, 'start', 'Start the maintenance', 'Start'),
    action: 'maintenance.start',
    input: (code, v) => ({ code, ...unlessBlank('body', v.body) }),
    fieldOf: (p) => (p === 'body' ? 'body' : null),
    preview: (admin, v) => updatePreview(admin.page, 'in_progress', v.body ?? '', admin.deps.clock()),
  },
  {
    name: 'complete',
    applies: (i) => i.kind === 'maintenance' && i.status !== 'completed',
    render: (view) => stepForm(view, 'complete', 'Complete the maintenance', 'Complete'),
    action: 'maintenance.complete',
    input: (code, v) => ({ code, ...unlessBlank('body', v.body) }),
    fieldOf: (p) => (p === 'body' ? 'body' : null),
    preview: (admin, v) => updatePreview(admin.page, 'completed', v.body ?? '', admin.deps.clock()),
  },
]; // prettier-ignore

// --- internal ---

/**
 * The instant a datetime-local field names in the page's zone. What is no such time goes to the
 * schema as typed (or absent when empty), so the schema's words say what is wrong with it.
 */
function instant(value: string | undefined, zone: string): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return wallClockToEpoch(value, zone) ?? value;
}

async function schedulePage(request: FastifyRequest, admin: AdminDeps, state: FormState): Promise<string> {
  const components = await pageComponents(admin);
  const form = 'schedule';
  const zone = `In the page's time zone, ${admin.page.timeZone}.`;
  const main = html`<h1>Schedule a maintenance</h1>
    <form method="post" action="${ADMIN_ROOT}/maintenances" class="admin-form" novalidate>
      ${textInput({ form, name: 'title', label: 'Title', state, required: true })}
      ${textArea({ form, name: 'body', label: 'Message', state, required: true, hint: MESSAGE_HINT })}
      ${textInput({ form, name: 'from', label: 'From', type: 'datetime-local', state, required: true, hint: zone })}
      ${textInput({ form, name: 'until', label: 'Until', type: 'datetime-local', state, required: true, hint: zone })}
      ${componentBoxes(form, components, state)}
      ${formMessages(form, state)}
      ${submitButtons('Schedule', true)}
    </form>`;
  return adminShell(request, admin, 'Schedule a maintenance', main);
} // prettier-ignore

function componentBoxes(form: string, components: readonly Component[], state: FormState): SafeHtml {
  if (components.length === 0) return html``;
  return html`<fieldset class="admin-fieldset">
    <legend>Components under maintenance while it runs</legend>
    ${components.map((c) => checkbox({ form, name: componentField(c.vendorId), label: componentLabel(c), state }))}
  </fieldset>`;
} // prettier-ignore

function stepForm({ state, action }: IncidentFormView, form: string, title: string, button: string): SafeHtml {
  return html`<section aria-labelledby="${form}-title">
    <h2 id="${form}-title">${title}</h2>
    <form method="post" action="${action}" class="admin-form" novalidate>
      ${textArea({ form, name: 'body', label: 'Message (optional)', state, hint: 'Left empty: the standard sentence.' })}
      ${formMessages(form, state)}
      ${submitButtons(button, true)}
    </form>
  </section>`;
} // prettier-ignore
