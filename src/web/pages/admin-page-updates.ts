import { resolveIncidentSchema } from '../../own-page/index.ts';
import {
  componentChanges,
  componentFieldOf,
  type IncidentForm,
  type IncidentFormView,
} from '../_admin-context.ts';
import { formMessages, selectInput, submitButtons, textArea } from '../_admin-form.ts';
import { updatePreview } from '../_admin-preview.ts';
import { unlessBlank } from '../_admin-submit.ts';
import { html, type SafeHtml } from '../html.ts';
import {
  IMPACT_CHOICES,
  MESSAGE_HINT,
  UPDATE_STATUS_CHOICES,
  componentChangeFields,
  updateStatusOf,
} from './admin-page-incident.ts';

/** An incident's next update, and its resolution: forms on its admin view. */
export const UPDATE_FORMS: readonly IncidentForm[] = [
  {
    name: 'update',
    applies: (i) => i.kind === 'incident' && i.status !== 'postmortem',
    render: updateForm,
    action: 'incident.update',
    input: (code, v) => ({ code, status: v.status ?? '', body: v.body ?? '', components: componentChanges(v), ...unlessBlank('impact', v.impact) }),
    fieldOf: (p) => (['status', 'impact', 'body'].includes(p) ? p : componentFieldOf(p)),
    preview: (admin, v) => updatePreview(admin.page, updateStatusOf(v.status), v.body ?? '', admin.deps.clock()),
  },
  {
    name: 'resolve',
    applies: (i) => i.kind === 'incident' && i.status !== 'resolved' && i.status !== 'postmortem',
    render: resolveForm,
    action: 'incident.resolve',
    input: (code, v) => {
      const changes = componentChanges(v);
      return { code, ...unlessBlank('body', v.body), ...(Object.keys(changes).length === 0 ? {} : { components: changes }) };
    },
    fieldOf: (p) => (p === 'body' ? 'body' : componentFieldOf(p)),
    preview: (admin, v) => updatePreview(admin.page, 'resolved', blankIsDefault(v.body), admin.deps.clock()),
  },
]; // prettier-ignore

// --- internal ---

function updateForm({ incident, components, state, action }: IncidentFormView): SafeHtml {
  const form = 'update';
  return html`<section aria-labelledby="update-title">
    <h2 id="update-title">Post an update</h2>
    <form method="post" action="${action}" class="admin-form" novalidate>
      ${selectInput({ form, name: 'status', label: 'Status', state, choices: UPDATE_STATUS_CHOICES, fallback: incident.status })}
      ${selectInput({ form, name: 'impact', label: 'Impact', state, choices: [['', `Keep (${incident.impact ?? 'none'})`], ...IMPACT_CHOICES] })}
      ${textArea({ form, name: 'body', label: 'Message', state, required: true, hint: MESSAGE_HINT })}
      ${componentChangeFields(form, components, state)}
      ${formMessages(form, state)}
      ${submitButtons('Post update', true)}
    </form>
  </section>`;
} // prettier-ignore

function resolveForm({ components, state, action }: IncidentFormView): SafeHtml {
  const form = 'resolve';
  return html`<section aria-labelledby="resolve-title">
    <h2 id="resolve-title">Resolve</h2>
    <form method="post" action="${action}" class="admin-form" novalidate>
      ${textArea({ form, name: 'body', label: 'Message (optional)', state, hint: `Left empty: “${blankIsDefault('')}”` })}
      ${componentChangeFields(form, components, state)}
      <p class="quiet">With every component at “No change”, those this incident touched go back to operational.</p>
      ${formMessages(form, state)}
      ${submitButtons('Resolve incident', true)}
    </form>
  </section>`;
} // prettier-ignore

/** The resolution's words when none are given: the schema's own default, not a copy of it. */
function blankIsDefault(body: string | undefined): string {
  return body === undefined || body.trim() === '' ? resolveIncidentSchema.shape.body.parse(undefined) : body;
} // prettier-ignore
