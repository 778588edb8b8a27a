/**
 * PostgreSQL for tests: the database every test uses, whether it answers, and throwaway schemas
 * (one per test or per cluster) that the test drops when it ends.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface SchemaPool {
  /** A new schema name, `sw_test_<label>_<pid>_<random>`, remembered for `dropAll`. */
  fresh(): string;
  /** Drops every schema `fresh` named (call it in afterAll, after the stores are closed). */
  dropAll(): Promise<void>;
}

export function schemaPool(label: string, url = TEST_DATABASE_URL): SchemaPool {
  const names: string[] = [];
  return {
    fresh() {
      const name = `sw_test_${label}_${String(process.pid)}_${randomBytes(4).toString('hex')}`;
      names.push(name);
      return name;
    },
    async dropAll() {
      if (names.length === 0) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const name of names.splice(0)) {
          await client.query(`drop schema if exists ${name} cascade`);
        }
      } finally {
        await client.end();
      }
    },
  };
}

/** The database URL whose every connection works inside `schema` (a start-up option). */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.href;
}

/** Null when PostgreSQL answers at `url`, else why not. */
export async function whyUnreachable(url = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL with its password masked, for messages. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(unparseable TEST_DATABASE_URL)';
  }
}
