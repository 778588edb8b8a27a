import type { IncidentUpdate } from './model.ts';

/**
 * The words Statuspage shows for each update status, as its incident pages and history feeds
 * print them ("In progress", not "in_progress"): one table for the twin's feeds and the own
 * page's report and feeds.
 */
export const UPDATE_STATUS_LABELS: Readonly<Record<IncidentUpdate['status'], string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};
