import type { FastifyRequest } from 'fastify';
import {
  configuredComponents,
  type OwnPageWriter,
  type PageActionName,
} from '../own-page/index.ts';
import type { PageConfig } from '../config/index.ts';
import { COMPONENT_STATUSES, type Component, type StoredIncident } from '../domain/index.ts';
import type { FormState } from './_admin-form.ts';
import { statusText } from './_badges.ts';
import type { WebDeps } from './_deps.ts';
import { timeContext } from './_http.ts';
import type { SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/** What every admin route gets: the web deps, the page, and the writer actions go through. */
export interface AdminDeps {
  deps: WebDeps;
  page: PageConfig;
  writer: OwnPageWriter;
}

export const ADMIN_ROOT = '/admin/page';

export function adminIncidentHref(code: string): string {
  return `${ADMIN_ROOT}/incidents/${code}`;
}

/** An admin page in the dashboard's layout; below the overview, with a crumb back to it. */
export function adminShell(
  request: FastifyRequest,
  admin: AdminDeps,
  title: string,
  main: SafeHtml,
  where: 'overview' | 'below' = 'below',
): string {
  const ctx = { time: timeContext(request, admin.deps.clock()), path: request.url };
  const crumbs =
    where === 'overview' ? [] : [{ href: ADMIN_ROOT, label: `${admin.page.name} page` }];
  return layout({ title, ctx, main, crumbs });
}

/** The page's components with their stored statuses (all operational before the first write). */
export async function pageComponents(admin: AdminDeps): Promise<Component[]> {
  const record = await admin.deps.store.getProvider(admin.page.slug);
  if (record === null) return configuredComponents(admin.page, null);
  const state = await admin.deps.store.loadProviderState(admin.page.slug, []);
  return configuredComponents(admin.page, state.components);
}

export const COMPONENT_CHOICES = COMPONENT_STATUSES.map((s) => [s, statusText(s)] as const);
export const NO_CHANGE: readonly (readonly [string, string])[] = [['', 'No change'], ...COMPONENT_CHOICES]; // prettier-ignore

/** "Group › Name" where the component has a group: what a form labels it with. */
export function componentLabel(c: Component): string {
  return c.groupName === null ? c.name : `${c.groupName} › ${c.name}`;
}

/** The form field of one component's change (`component.<id>`). */
export function componentField(id: string): string {
  return `component.${id}`;
}

/**
 * The `{ id: status }` an update records, from the `component.<id>` selects: "No change" (an
 * empty value) leaves a component out. The values go to the action's schema as they are.
 */
export function componentChanges(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([name, value]) =>
      name.startsWith('component.') && value !== ''
        ? [[name.slice('component.'.length), value]]
        : [],
    ),
  );
}

/** Where the schemas' component paths ("components.api") are shown: beside that select. */
export function componentFieldOf(path: string): string | null {
  if (path.startsWith('components.')) return componentField(path.slice('components.'.length));
  return null;
}

/**
 * A form on an incident's (or maintenance's) admin view, posted to
 * `/admin/page/incidents/<code>/<name>`: the view registers the routes and shows the forms
 * that apply, re-rendering itself with a refused form's state.
 */
export interface IncidentForm {
  name: string;
  applies: (incident: StoredIncident, hasDraft: boolean) => boolean;
  render: (view: IncidentFormView) => SafeHtml;
  action: PageActionName;
  input: (code: string, values: Readonly<Record<string, string>>) => Record<string, unknown>;
  fieldOf: (schemaPath: string) => string | null;
  preview?: (admin: AdminDeps, values: Readonly<Record<string, string>>) => SafeHtml;
}

export interface IncidentFormView {
  admin: AdminDeps;
  incident: StoredIncident;
  components: readonly Component[];
  state: FormState;
  /** Where the form posts. */
  action: string;
}
