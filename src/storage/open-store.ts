import { join } from 'node:path';
import { StatuswatchError } from '../domain/index.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * PostgreSQL when `databaseUrl` is a postgres URL, else SQLite in `dataDir`. Migrates before
 * returning, so `statuswatch migrate` is open + close.
 */
export function openStore(config: { databaseUrl: string | null; dataDir: string }): Promise<Store> {
  const url = config.databaseUrl ?? '';
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  // A URL we cannot use must not silently fall back to a local file.
  if (url !== '') {
    return Promise.reject(
      new StatuswatchError('config', 'databaseUrl must start with postgres:// or postgresql://'),
    );
  }
  return openSqliteStore(join(config.dataDir, 'statuswatch.db'));
}
