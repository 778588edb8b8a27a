import type { FastifyReply, FastifyRequest } from 'fastify';
import { runPageAction, type PageActionName, type PageActionResult } from '../own-page/index.ts';
import { HTML } from './_http.ts';
import type { AdminDeps } from './_admin-context.ts';
import { postedValues, refusal, wantsPreview, type FormState } from './_admin-form.ts';
import type { SafeHtml } from './html.ts';

/** How one admin form turns into an action, and back into a page when it is refused. */
export interface FormAction {
  action: PageActionName;
  /** The action's raw input from the form's fields: shaped, never checked (the schema does). */
  input: (values: Readonly<Record<string, string>>) => Record<string, unknown>;
  /** The form field showing a schema path's problem ("body" → "body"), null: above the form. */
  fieldOf: (schemaPath: string) => string | null;
  /** The message as the report will show it; absent for forms without one. */
  preview?: (values: Readonly<Record<string, string>>) => SafeHtml;
  /** The page again with this form's state. */
  render: (form: FormState) => Promise<string>;
  /** Where the browser goes after a write (POST/redirect/GET). */
  next: (result: PageActionResult) => string;
}

/**
 * One form post: a preview re-renders and writes nothing; otherwise the action runs through
 * `runPageAction`, the door the CLI and API use, and its refusal comes back beside the fields
 * (400 for bad fields, 404 and 409 for a missing or finished incident), values kept.
 */
export async function submitForm(
  request: FastifyRequest,
  reply: FastifyReply,
  admin: AdminDeps,
  form: FormAction,
): Promise<FastifyReply> {
  const values = postedValues(request.body);
  if (wantsPreview(values) && form.preview !== undefined) {
    const state = { values, errors: {}, general: null, preview: form.preview(values) };
    return reply.code(200).header('cache-control', 'no-store').type(HTML).send(await form.render(state)); // prettier-ignore
  }
  let result: PageActionResult;
  try {
    result = await runPageAction(admin.writer, admin.deps.clock(), form.action, form.input(values));
  } catch (error) {
    const refused = refusal(error, values, form.fieldOf);
    if (refused === null) throw error;
    return reply
      .code(refused.status)
      .type(HTML)
      .send(await form.render(refused.form));
  }
  return reply.redirect(form.next(result), 303);
}

/** A text field that was left empty is left out, so the schema's default applies. */
export function unlessBlank(key: string, value: string | undefined): Record<string, string> {
  return value === undefined || value.trim() === '' ? {} : { [key]: value };
}
