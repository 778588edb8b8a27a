export * from './actions.ts';
export * from './author-incident.ts';
export * from './author-maintenance.ts';
export { affectedName, type AuthorContext, type Authored } from './authored-state.ts';
export { isCode, newCode } from './incident-code.ts';
export * from './own-page-store.ts';
export * from './page-action.ts';
export * from './zoned-time.ts';
