import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StatuswatchError } from '../domain/index.ts';
import { KyselyStore } from './kysely-store.ts';
import { migratePostgres } from './migrate.ts';
import { postgresQueries, postgresStartupOptions } from './_postgres-queries.ts';
import type { Database } from './_schema.ts';
import type { Store } from './store.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * bigint columns hold epoch ms and event ids, all far below 2^53: read them as numbers. Set on
 * this pool only, so other pg users in the process keep the default (strings).
 */
const INT8_AS_NUMBER: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.INT8 ? Number : (pg.types.getTypeParser(oid, format) as unknown),
};

/**
 * Opens and migrates a PostgreSQL store. With `schema`, everything lives in that schema (created
 * when missing), so that test runs can each use a fresh one.
 */
export async function openPostgresStore(
  url: string,
  options: { schema?: string } = {},
): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined) await createSchema(url, schema);
  const pool = new pg.Pool({
    connectionString: url,
    types: INT8_AS_NUMBER,
    // Sent at connection start-up, so every pooled connection gets them before any query.
    options: postgresStartupOptions(schema),
  });
  // Without a listener, an idle connection dropped by the server would crash the process; the
  // pool discards that connection itself and the next query opens a new one.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return new KyselyStore(
    new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    postgresQueries,
  );
}

// --- internal ---

async function createSchema(url: string, schema: string): Promise<void> {
  // The name goes into SQL and a start-up option unquoted, so only plain names are accepted.
  if (!SCHEMA_NAME.test(schema)) {
    throw new StatuswatchError('config', `invalid PostgreSQL schema name "${schema}"`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } catch (e) {
    // Two processes creating the schema at once: the loser sees a duplicate, which is fine.
    if (!isDuplicate(e)) throw e;
  } finally {
    await client.end();
  }
}

function isDuplicate(e: unknown): boolean {
  const code = e instanceof Error && 'code' in e ? e.code : null;
  return code === '23505' || code === '42P06';
}
