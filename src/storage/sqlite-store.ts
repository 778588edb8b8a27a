import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { KyselyStore } from './kysely-store.ts';
import { makeFolder } from './_make-folder.ts';
import { migrateSqlite } from './migrate.ts';
import { applySqlitePragmas, sqliteQueries } from './_sqlite-queries.ts';
import type { Database } from './_schema.ts';
import type { Store } from './store.ts';

/** Opens (creating it and its folder if needed) and migrates a SQLite store. `:memory:` works. */
export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ':memory:') await makeFolder(dirname(path));
  const db = new BetterSqlite3(path);
  try {
    applySqlitePragmas(db);
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
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      db.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = bindingBooleans(db.prepare(sql));
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * better-sqlite3 cannot bind booleans; SQLite stores them as 0 and 1. Converting here, where
 * every statement passes, lets the rest of the store write booleans as PostgreSQL wants them.
 */
function bindingBooleans(statement: BetterSqlite3.Statement): SqliteStatement {
  const bind = (parameters: readonly unknown[]): unknown[] =>
    parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(bind(parameters)),
    run: (parameters) => statement.run(bind(parameters)),
    iterate: (parameters) => statement.iterate(bind(parameters)),
  };
}
