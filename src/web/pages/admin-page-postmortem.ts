import type { IncidentForm, IncidentFormView } from '../_admin-context.ts';
import { formMessages, submitButtons, textArea } from '../_admin-form.ts';
import { postmortemPreview } from '../_admin-preview.ts';
import { html, type SafeHtml } from '../html.ts';
import { MESSAGE_HINT } from './admin-page-incident.ts';

/**
 * The postmortem: drafted (kept apart from the incident, read by nothing public) as often as
 * needed, then published once the incident is resolved.
 */
export const POSTMORTEM_FORMS: readonly IncidentForm[] = [
  {
    name: 'postmortem',
    applies: (i) => i.kind === 'incident' && i.postmortem === null,
    render: draftForm,
    action: 'postmortem.draft',
    input: (code, v) => ({ code, body: v.body ?? '' }),
    fieldOf: (p) => (p === 'body' ? 'body' : null),
    preview: (admin, v) => postmortemPreview(admin.page, v.body ?? '', admin.deps.clock()),
  },
  {
    name: 'publish',
    applies: (i, hasDraft) => i.kind === 'incident' && i.postmortem === null && hasDraft,
    render: publishForm,
    action: 'postmortem.publish',
    input: (code) => ({ code }),
    fieldOf: () => null,
  },
];

// --- internal ---

function draftForm({ state, action }: IncidentFormView): SafeHtml {
  const form = 'postmortem';
  return html`<section aria-labelledby="postmortem-title">
    <h2 id="postmortem-title">Draft the postmortem</h2>
    <form method="post" action="${action}" class="admin-form" novalidate>
      ${textArea({ form, name: 'body', label: 'Postmortem', state, required: true, hint: `${MESSAGE_HINT} Saving a draft publishes nothing; saving again replaces it.` })}
      ${formMessages(form, state)}
      ${submitButtons('Save draft', true)}
    </form>
  </section>`;
} // prettier-ignore

function publishForm({ incident, state, action }: IncidentFormView): SafeHtml {
  const form = 'publish';
  return html`<section aria-labelledby="publish-title">
    <h2 id="publish-title">Publish the postmortem</h2>
    <form method="post" action="${action}" class="admin-form">
      <p class="quiet">${incident.status === 'resolved' ? 'Publishing shows the draft above on the report page and tells subscribers.' : 'The incident must be resolved first.'}</p>
      ${formMessages(form, state)}
      ${submitButtons('Publish postmortem', false)}
    </form>
  </section>`;
} // prettier-ignore
