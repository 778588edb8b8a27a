export type {
  ClaimedSource,
  IncidentQuery,
  IngestWrite,
  ProviderRecord,
  ProviderState,
  SourceState,
  Store,
} from './store.ts';
export { openStore } from './open-store.ts';
export { openSqliteStore } from './sqlite-store.ts';
export { openPostgresStore } from './postgres-store.ts';
export { migratePostgres, migrateSqlite, readMigrations, type Migration } from './migrate.ts';
