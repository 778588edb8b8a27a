import type { Operation } from './_operations.ts';
import { oneIncidentSchema } from './schemas/incidents.ts';
import {
  pageBodies,
  pageCodeParams,
  pageComponentParams,
  postmortemDraftSchema,
} from './schemas/page.ts';
import { providerComponentsSchema } from './schemas/providers.ts';

/**
 * The own page's authoring routes (api/page.ts). Every one needs the API token (401 without it,
 * 403 while none is configured) and answers 404 on a server without `page:`; steps on an
 * incident in the wrong state (an update after the postmortem) are 409.
 */
const author = { tag: 'Own page', errors: [401, 403, 404, 409] } as const;
const onIncident = { ...author, params: pageCodeParams } as const;

export const PAGE_OPERATIONS: readonly Operation[] = [
  {
    ...author,
    method: 'post',
    path: '/api/v1/page/incidents',
    summary: 'Open an incident on the own page (incident.open), at the server clock',
    body: pageBodies.open,
    status: 201,
    answer: oneIncidentSchema,
  },
  {
    ...onIncident,
    method: 'post',
    path: '/api/v1/page/incidents/{code}/updates',
    summary: 'Post an update, changing component statuses as it says (incident.update)',
    body: pageBodies.update,
    status: 201,
    answer: oneIncidentSchema,
  },
  {
    ...onIncident,
    method: 'post',
    path: '/api/v1/page/incidents/{code}/resolve',
    summary:
      'Resolve; components the incident touched go back to operational unless told (incident.resolve)',
    body: pageBodies.resolve,
    answer: oneIncidentSchema,
  },
  {
    ...onIncident,
    method: 'put',
    path: '/api/v1/page/incidents/{code}/postmortem',
    summary: 'Draft or redraft the postmortem; nothing public shows it (postmortem.draft)',
    body: pageBodies.draft,
    answer: postmortemDraftSchema,
  },
  {
    ...onIncident,
    method: 'get',
    path: '/api/v1/page/incidents/{code}/postmortem-draft',
    summary: 'The drafted postmortem, not yet published (token only)',
    answer: postmortemDraftSchema,
    // A read: nothing to refuse for the incident's state; 404 also when nothing is drafted.
    errors: [401, 403, 404],
  },
  {
    ...onIncident,
    method: 'post',
    path: '/api/v1/page/incidents/{code}/postmortem/publish',
    summary:
      'Publish the drafted postmortem as an update of status "postmortem" (postmortem.publish)',
    answer: oneIncidentSchema,
  },
  {
    ...author,
    method: 'post',
    path: '/api/v1/page/maintenances',
    summary: 'Schedule a maintenance (maintenance.schedule)',
    body: pageBodies.schedule,
    status: 201,
    answer: oneIncidentSchema,
  },
  {
    ...onIncident,
    method: 'post',
    path: '/api/v1/page/maintenances/{code}/start',
    summary: 'Start a maintenance: its components go under maintenance (maintenance.start)',
    body: pageBodies.step,
    answer: oneIncidentSchema,
  },
  {
    ...onIncident,
    method: 'post',
    path: '/api/v1/page/maintenances/{code}/complete',
    summary: 'Complete a maintenance: its components go back to operational (maintenance.complete)',
    body: pageBodies.step,
    answer: oneIncidentSchema,
  },
  {
    ...author,
    method: 'patch',
    path: '/api/v1/page/components/{id}',
    summary: "Set one component's status outside any incident (component.set)",
    params: pageComponentParams,
    body: pageBodies.component,
    answer: providerComponentsSchema,
  },
];
