import { isStatuswatchError, type ErrorKind } from '../domain/index.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * What one admin form shows: the values as typed, each field's error beside it, an error that
 * belongs to no field, and the rendered preview of its message.
 */
export interface FormState {
  values: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, string>>;
  general: string | null;
  preview: SafeHtml | null;
}

export function freshForm(values: Record<string, string> = {}): FormState {
  return { values, errors: {}, general: null, preview: null };
}

/** A posted form's text fields (fastify's form parser gives strings); the token is left out. */
export function postedValues(body: unknown): Record<string, string> {
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && entry[0] !== 'api_token',
    ),
  );
}

export function wantsPreview(values: Readonly<Record<string, string>>): boolean {
  return values.intent === 'preview';
}

/**
 * The status a refused action answers and what the form shows, or null for errors that are not
 * the author's to fix (rethrown, so the error handler logs a 500). `invalid_input` names its
 * fields as "field: message" after the action's words (actions.ts `parseAction`): each goes
 * beside its field, where `fieldOf` knows the field; the rest is said above the form.
 */
export function refusal(
  error: unknown,
  values: Readonly<Record<string, string>>,
  fieldOf: (schemaPath: string) => string | null,
): { status: 400 | 404 | 409; form: FormState } | null {
  if (!isStatuswatchError(error)) return null;
  const status = REFUSED_KINDS[error.kind];
  if (status === undefined) return null;
  if (error.kind !== 'invalid_input') {
    return { status, form: { values, errors: {}, general: error.message, preview: null } };
  }
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const part of error.message.split('; ')) {
    const m = FIELD_PROBLEM.exec(part);
    const field = m === null ? null : fieldOf(m[1] ?? '');
    if (m !== null && field !== null) errors[field] = joinProblem(errors[field], m[2] ?? '');
    else unplaced.push(part);
  }
  const general = unplaced.length === 0 ? null : unplaced.join('; ');
  return { status, form: { values, errors, general, preview: null } };
}

// Input controls. Ids are prefixed with the form's id: the incident view holds several forms.

interface FieldOptions {
  form: string;
  name: string;
  label: string;
  state: FormState;
  hint?: string;
}

export function textInput(o: FieldOptions & { type?: string; required?: boolean }): SafeHtml {
  const { id, described, invalid } = fieldIds(o);
  return html`<div class="admin-field">
    <label for="${id}">${o.label}</label>
    <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.state.values[o.name] ?? ''}"
      ${o.required === true ? html`required` : ''} ${invalid} ${described} />
    ${hintAndError(o)}
  </div>`;
} // prettier-ignore

export function textArea(o: FieldOptions & { required?: boolean }): SafeHtml {
  const { id, described, invalid } = fieldIds(o);
  return html`<div class="admin-field">
    <label for="${id}">${o.label}</label>
    <textarea id="${id}" name="${o.name}" rows="6" ${o.required === true ? html`required` : ''} ${invalid} ${described}>${o.state.values[o.name] ?? ''}</textarea>
    ${hintAndError(o)}
  </div>`;
} // prettier-ignore

export function selectInput(
  o: FieldOptions & { choices: readonly (readonly [string, string])[]; fallback?: string },
): SafeHtml {
  const { id, described, invalid } = fieldIds(o);
  const chosen = o.state.values[o.name] ?? o.fallback ?? '';
  return html`<div class="admin-field">
    <label for="${id}">${o.label}</label>
    <select id="${id}" name="${o.name}" ${invalid} ${described}>
      ${o.choices.map(([value, label]) => html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${label}</option>`)}
    </select>
    ${hintAndError(o)}
  </div>`;
} // prettier-ignore

export function checkbox(o: FieldOptions): SafeHtml {
  const { id, described, invalid } = fieldIds(o);
  const on = o.state.values[o.name] === 'on';
  return html`<div class="admin-check">
    <input id="${id}" name="${o.name}" type="checkbox" ${on ? html`checked` : ''} ${invalid} ${described} />
    <label for="${id}">${o.label}</label>
    ${hintAndError(o)}
  </div>`;
} // prettier-ignore

/** The form's own error (not a field's) and its preview, above the buttons. */
export function formMessages(form: string, state: FormState): SafeHtml {
  return html`${state.general === null ? '' : html`<p id="${form}-error" class="form-error" role="alert">${state.general}</p>`}
    ${state.preview === null ? '' : html`<section class="admin-preview" aria-labelledby="${form}-preview">
      <h3 id="${form}-preview">Preview: as the report page will show it</h3>
      <div class="admin-preview-body">${state.preview}</div>
    </section>`}`;
} // prettier-ignore

/** "Save" and, for forms with a message, "Preview": a preview re-renders and writes nothing. */
export function submitButtons(label: string, withPreview: boolean): SafeHtml {
  return html`<div class="admin-buttons">
    <button type="submit" name="intent" value="save">${label}</button>
    ${withPreview ? html`<button type="submit" name="intent" value="preview" formnovalidate>Preview</button>` : ''}
  </div>`;
} // prettier-ignore

// --- internal ---

/** The author's mistakes, answered beside the form; every other kind is a server failure. */
const REFUSED_KINDS: Partial<Record<ErrorKind, 400 | 404 | 409>> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
};

/** "title: a title is required", "components.api: Invalid option: …", after the action's words. */
const FIELD_PROBLEM = /^(?:[a-z][a-z ]*[a-z]: )?([A-Za-z][\w]*(?:\.[\w-]+)*): (.+)$/s;

function joinProblem(before: string | undefined, problem: string): string {
  return before === undefined ? problem : `${before}; ${problem}`;
}

function fieldId(o: FieldOptions): string {
  return `${o.form}-${o.name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

function fieldIds(o: FieldOptions): { id: string; described: SafeHtml; invalid: SafeHtml } {
  const id = fieldId(o);
  const error = o.state.errors[o.name];
  const ids = [...(o.hint === undefined ? [] : [`${id}-hint`]), ...(error === undefined ? [] : [`${id}-error`])]; // prettier-ignore
  return {
    id,
    described: ids.length === 0 ? html`` : html`aria-describedby="${ids.join(' ')}"`,
    invalid: error === undefined ? html`` : html`aria-invalid="true"`,
  };
}

function hintAndError(o: FieldOptions): SafeHtml {
  const id = fieldId(o);
  const error = o.state.errors[o.name];
  return html`${o.hint === undefined ? '' : html`<p id="${id}-hint" class="quiet admin-hint">${o.hint}</p>`}
    ${error === undefined ? '' : html`<p id="${id}-error" class="form-error">${error}</p>`}`;
} // prettier-ignore
