import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { KyselyStore } from './kysely-store.ts';
import { migrateSqlite } from './migrate.ts';
import { sqliteQueries } from './_sqlite-queries.ts';
import type { Database } from './_schema.ts';
import type { Store } from './store.ts';

/** How long a write waits for another process (e.g. `statuswatch import`) to finish its own. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating it and its folder if needed) and migrates a SQLite store. `:memory:` works. */
export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    // WAL lets the web server read while the poller writes.
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a crash loses at most the last commits, never consistency), and much faster.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await migrateSqlite(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return new KyselyStore(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }),
    sqliteQueries,
  );
}

// --- internal ---

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; with better-sqlite3 preparing costs more than running a
 * point query. A prepared statement is reusable, so they are cached by SQL text (bounded,
 * because IN-lists of different lengths make distinct texts).
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      db.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
