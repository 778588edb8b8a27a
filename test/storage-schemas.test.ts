// The schema exists three times: the SQLite migrations, the PostgreSQL migrations and the Kysely
// row types of `_schema.ts`. This test migrates both databases and compares their tables,
// columns (type family and nullability) and indexes with the row types, so that a column added
// to one place only fails here instead of in production on the other database.
import BetterSqlite3 from 'better-sqlite3';
import type { Selectable, SqlBool } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, migrateSqlite } from '../src/storage/migrate.ts';
import type { Database } from '../src/storage/_schema.ts';
import {
  TEST_DATABASE_URL as POSTGRES_URL,
  schemaPool,
  whyUnreachable,
} from './support/postgres-schemas.ts';

type Family = 'text' | 'integer' | 'boolean';
interface Column {
  family: Family;
  nullable: boolean;
}
type Schema = Record<string, Record<string, Column>>;

/** What the row type of a column says, as the compiler sees it. */
type FamilyOf<V> = [NonNullable<V>] extends [string]
  ? 'text'
  : [NonNullable<V>] extends [number]
    ? 'integer'
    : [NonNullable<V>] extends [SqlBool]
      ? 'boolean'
      : never;
type ColumnOf<V> = { family: FamilyOf<V>; nullable: null extends V ? true : false };
type RowOf<T extends keyof Database> = Selectable<Database[T]>;
type Expected = { [T in keyof Database]: { [C in keyof RowOf<T>]-?: ColumnOf<RowOf<T>[C]> } };

const text = { family: 'text', nullable: false } as const;
const textOrNull = { family: 'text', nullable: true } as const;
const int = { family: 'integer', nullable: false } as const;
const intOrNull = { family: 'integer', nullable: true } as const;
const bool = { family: 'boolean', nullable: false } as const;

/**
 * `_schema.ts` and `_alert-schema.ts` written out. The compiler checks this object against the
 * row types: a column missing here, extra here, or of another family or nullability, is a type
 * error. The test then holds both migrated databases to it.
 */
// A table of columns, a group per line.
// prettier-ignore
const ROW_TYPES: Expected = {
  providers: {
    slug: text, name: text, page_url: text, source_url: text, format: text,
    poll_interval_ms: int, open_incident_interval_ms: int, created_at: int, status: text,
    etag: textOrNull, last_modified: textOrNull, next_poll_at: int, lease_owner: textOrNull,
    lease_until: intOrNull, last_success_at: intOrNull, last_error_at: intOrNull,
    last_error_kind: textOrNull, last_error_message: textOrNull, consecutive_failures: int,
    health_changed_at: intOrNull, ingested: bool, components_listed: bool,
    companion_url: textOrNull, companion_format: textOrNull, companion_etag: textOrNull,
    companion_last_modified: textOrNull, companion_next_poll_at: intOrNull,
    companion_last_success_at: intOrNull, companion_failures: int,
    companion_last_error_kind: textOrNull, follow_ups_json: text,
  },
  components: {
    provider_slug: text, vendor_id: text, name: text, group_name: textOrNull, status: text,
    position: int,
  },
  incidents: {
    provider_slug: text, vendor_id: text, title: text, kind: text, impact: textOrNull,
    status: text, created_at: intOrNull, started_at: intOrNull, monitoring_at: intOrNull,
    resolved_at: intOrNull, scheduled_for: intOrNull, scheduled_until: intOrNull,
    url: textOrNull, shortlink: textOrNull, components_json: text,
    postmortem_body_html: textOrNull, postmortem_body_text: textOrNull,
    postmortem_published_at: intOrNull, is_template: bool, first_seen_at: int, backfilled: bool,
    last_changed_at: int, previous_titles_json: text, ingest_anomalies_json: text,
    update_count: int, analysis_json: textOrNull, analysis_version: intOrNull,
  },
  incident_updates: {
    provider_slug: text, incident_vendor_id: text, vendor_id: text, position: int, status: text,
    label: textOrNull, body_html: text, body_text: text, displayed_at: intOrNull,
    created_at: intOrNull, affected_components_json: text,
  },
  postmortem_drafts: {
    provider_slug: text, incident_vendor_id: text, body_html: text, body_text: text,
    drafted_at: int,
  },
  page_incident_drafts: {
    id: int, page_slug: text, vendor_provider_slug: text, vendor_incident_id: text,
    vendor_name: text, vendor_title: text, vendor_url: textOrNull, title: text, body: text,
    impact: text, components_json: text, auto_publish: bool, raised_at: int, state: text,
    incident_code: textOrNull, published_at: intOrNull, resolution_proposed_at: intOrNull,
    resolution_body: textOrNull, closed_at: intOrNull,
  },
  page_subscribers: {
    id: int, provider_slug: text, kind: text, address: text, contact_email: text,
    components_json: text, confirm_token_hash: textOrNull, confirm_expires_at: intOrNull,
    unsubscribe_token_hash: textOrNull, subscription_id: intOrNull, created_at: int,
    requested_at: int, confirmed_at: intOrNull,
  },
  events: {
    id: int, idempotency_key: text, provider_slug: text, incident_vendor_id: textOrNull,
    kind: text, occurred_at: intOrNull, detected_at: int, imported: bool, payload_json: text,
  },
  alert_subscriptions: {
    id: int, name: text, spec_json: text, channel_key: text, channel_host: text, created_at: int,
  },
  alert_channels: {
    channel_key: text, label: text, consecutive_failures: int, paused_at: intOrNull,
    last_failure_at: intOrNull, last_error: textOrNull,
  },
  alert_deliveries: {
    id: int, event_id: int, subscription_id: int, idempotency_key: text, channel_key: text,
    channel_host: text, status: text, attempts: int, next_attempt_at: int,
    lease_owner: textOrNull, lease_until: intOrNull, created_at: int,
    vendor_posted_at: intOrNull, detected_at: int, handed_at: intOrNull, last_error: textOrNull,
  },
  alert_delivery_attempts: {
    id: int, delivery_id: int, attempted_at: int, result: text, response_code: intOrNull,
    detail: textOrNull, latency_ms: int,
  },
};

/**
 * Known, intended differences, each with its reason. The migrations ledger belongs to
 * `migrate.ts`, not to the Kysely types; full-text search is dialect-specific by design
 * (an FTS5 virtual table with its shadow tables on SQLite, a tsvector table and generated
 * `search` columns on PostgreSQL) and is reached only through `_sqlite-queries.ts` and
 * `_postgres-queries.ts`; so is `events.txid`, the writing transaction, kept for diagnosis
 * (the event cursor no longer reads it: see `EVENT_ID_LOCK`).
 */
const OUTSIDE_ROW_TYPES = /^(schema_migrations|incident_search(_\w+)?)$/;
const POSTGRES_ONLY_COLUMNS = new Set([
  'incidents.search',
  'incident_updates.search',
  'events.txid',
]);

describe('the migrated schemas match the row types', async () => {
  it('SQLite', async () => {
    const db = new BetterSqlite3(':memory:');
    try {
      await migrateSqlite(db);
      expect(sqliteColumns(db)).toEqual(ROW_TYPES);
    } finally {
      db.close();
    }
  });

  const postgres = postgresSchema();
  const unreachable = await whyUnreachable();
  if (unreachable !== null && process.env.CI === undefined) {
    console.warn(`schema comparison [postgres] SKIPPED: ${unreachable}; with CI set this fails.`);
  }
  const skipPostgres = unreachable !== null && process.env.CI === undefined;

  it.skipIf(skipPostgres)('PostgreSQL', async () => {
    if (unreachable !== null) throw new Error(`PostgreSQL unreachable: ${unreachable}`);
    const { columns } = await postgres.read();
    expect(columns).toEqual(ROW_TYPES);
  });

  it.skipIf(skipPostgres)('SQLite and PostgreSQL have the same indexes', async () => {
    if (unreachable !== null) throw new Error(`PostgreSQL unreachable: ${unreachable}`);
    const db = new BetterSqlite3(':memory:');
    try {
      await migrateSqlite(db);
      const { indexes } = await postgres.read();
      expect(sqliteIndexes(db)).toEqual(indexes);
      // Not vacuous: the named indexes of the migrations are all there.
      expect(indexes).toMatchObject({
        providers_due: 'providers(next_poll_at, slug)',
        incidents_by_started: 'incidents(<expression>)',
        alert_deliveries_due: 'alert_deliveries(next_attempt_at, id)',
      });
    } finally {
      db.close();
    }
  });
  afterAll(() => postgres.drop());
});

// --- SQLite ---

function sqliteColumns(db: BetterSqlite3.Database): Schema {
  const schema: Schema = {};
  for (const table of sqliteTables(db)) {
    const rows = db.prepare(`pragma table_info(${table})`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    schema[table] = Object.fromEntries(
      rows.map((r) => [
        r.name,
        {
          family: sqliteFamily(table, r.name, r.type),
          // An INTEGER PRIMARY KEY is the rowid: never null, whatever `notnull` says.
          nullable: r.notnull === 0 && !(r.pk === 1 && r.type.toLowerCase() === 'integer'),
        },
      ]),
    );
  }
  return schema;
}

/** SQLite has no boolean type: the columns ROW_TYPES calls boolean are integers 0/1. */
function sqliteFamily(table: string, column: string, declared: string): Family {
  const family = familyOf(declared);
  const wanted = (ROW_TYPES as Schema)[table]?.[column]?.family;
  return family === 'integer' && wanted === 'boolean' ? 'boolean' : family;
}

function sqliteTables(db: BetterSqlite3.Database): string[] {
  const rows = db
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !OUTSIDE_ROW_TYPES.test(name));
}

/** name → "table(col, col)"; automatic indexes of primary keys and unique constraints left out. */
function sqliteIndexes(db: BetterSqlite3.Database): Record<string, string> {
  const rows = db
    .prepare(
      `select name, tbl_name from sqlite_master
       where type = 'index' and sql is not null order by name`,
    )
    .all() as { name: string; tbl_name: string }[];
  const indexes: Record<string, string> = {};
  for (const { name, tbl_name } of rows) {
    if (OUTSIDE_ROW_TYPES.test(tbl_name)) continue;
    const cols = db.prepare(`pragma index_xinfo(${name})`).all() as {
      name: string | null;
      key: number;
    }[];
    const keys = cols.filter((c) => c.key === 1).map((c) => c.name ?? '<expression>');
    indexes[name] = `${tbl_name}(${keys.join(', ')})`;
  }
  return indexes;
}

// --- PostgreSQL ---

function postgresSchema() {
  const schemas = schemaPool('schema');
  let read: Promise<{ columns: Schema; indexes: Record<string, string> }> | undefined;
  return {
    read: () => (read ??= migrateAndRead(schemas.fresh())),
    drop: () => schemas.dropAll(),
  };
}

async function migrateAndRead(
  schemaName: string,
): Promise<{ columns: Schema; indexes: Record<string, string> }> {
  const pool = new pg.Pool({
    connectionString: POSTGRES_URL,
    options: `-c search_path=${schemaName}`,
    max: 1,
  });
  try {
    await pool.query(`create schema ${schemaName}`);
    await migratePostgres(pool);
    const columns = await pool.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      `select table_name, column_name, data_type, is_nullable from information_schema.columns
       where table_schema = $1 order by table_name, ordinal_position`,
      [schemaName],
    );
    const schema: Schema = {};
    for (const c of columns.rows) {
      if (OUTSIDE_ROW_TYPES.test(c.table_name)) continue;
      if (POSTGRES_ONLY_COLUMNS.has(`${c.table_name}.${c.column_name}`)) continue;
      (schema[c.table_name] ??= {})[c.column_name] = {
        family: familyOf(c.data_type),
        nullable: c.is_nullable === 'YES',
      };
    }
    const indexes = await pool.query<{ name: string; table: string; keys: string[] }>(
      `select ic.relname as name, t.relname as table,
         array(select coalesce(a.attname, '<expression>')
               from unnest(ix.indkey) with ordinality k(attnum, n)
               left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
               order by k.n)::text[] as keys
       from pg_index ix
       join pg_class ic on ic.oid = ix.indexrelid
       join pg_class t on t.oid = ix.indrelid
       join pg_namespace ns on ns.oid = t.relnamespace
       where ns.nspname = $1 and not ix.indisprimary
         and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)
       order by ic.relname`,
      [schemaName],
    );
    const byName: Record<string, string> = {};
    for (const i of indexes.rows) {
      if (OUTSIDE_ROW_TYPES.test(i.table)) continue;
      byName[i.name] = `${i.table}(${i.keys.join(', ')})`;
    }
    return { columns: schema, indexes: byName };
  } finally {
    await pool.end();
  }
}

function familyOf(declared: string): Family {
  const type = declared.toLowerCase();
  if (type === 'text' || type.startsWith('character')) return 'text';
  if (type === 'boolean') return 'boolean';
  if (/^(integer|bigint|smallint)$/.test(type)) return 'integer';
  throw new Error(`a column type this test does not know: ${declared}`);
}
