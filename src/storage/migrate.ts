import { readdir, readFile } from 'node:fs/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface Migration {
  version: number;
  /** File name without `.sql`, e.g. `0001_init`. */
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;
const CREATE_LEDGER = `create table if not exists schema_migrations (
  version integer primary key,
  name text not null,
  applied_at bigint not null
)`;
// Any constant works; it only has to be the same for every statuswatch process.
const POSTGRES_MIGRATION_LOCK = 7_403_221;

/** The numbered `.sql` files of one dialect, in order. Read beside this module so tsx works. */
export async function readMigrations(dialect: 'sqlite' | 'postgres'): Promise<Migration[]> {
  const dir = new URL(`./migrations/${dialect}/`, import.meta.url);
  const files = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(0, -'.sql'.length),
      sql: await readFile(new URL(file, dir), 'utf8'),
    })),
  );
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction.
 * Returns the names applied (empty when up to date).
 */
export async function migrateSqlite(db: BetterSqlite3.Database): Promise<string[]> {
  const migrations = await readMigrations('sqlite');
  const apply = db.transaction(() => {
    db.exec(CREATE_LEDGER);
    const done = appliedVersions(
      db.prepare('select version from schema_migrations').all() as { version: number }[],
    );
    const record = db.prepare(
      'insert into schema_migrations (version, name, applied_at) values (?, ?, ?)',
    );
    const pending = migrations.filter((m) => !done.has(m.version));
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
    return pending.map((m) => m.name);
  });
  // immediate: take the write lock before reading the ledger, so two processes cannot both apply.
  return apply.immediate();
}

/** Same as `migrateSqlite`, serialised across processes by an advisory lock. */
export async function migratePostgres(pool: pg.Pool): Promise<string[]> {
  const migrations = await readMigrations('postgres');
  const client = await pool.connect();
  try {
    await client.query('begin');
    const applied = await applyPending(client, migrations);
    await client.query('commit');
    client.release();
    return applied;
  } catch (e) {
    // A failed rollback means a broken connection: drop it, and report the first error.
    const broken = await client.query('rollback').then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw e;
  }
}

// --- internal ---

function appliedVersions(rows: { version: number }[]): Set<number> {
  return new Set(rows.map((r) => r.version));
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<string[]> {
  await client.query('select pg_advisory_xact_lock($1)', [POSTGRES_MIGRATION_LOCK]);
  await client.query(CREATE_LEDGER);
  const rows = await client.query<{ version: number }>('select version from schema_migrations');
  const done = appliedVersions(rows.rows);
  const pending = migrations.filter((m) => !done.has(m.version));
  for (const m of pending) {
    await client.query(m.sql);
    await client.query(
      'insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)',
      [m.version, m.name, Date.now()],
    );
  }
  return pending.map((m) => m.name);
}
