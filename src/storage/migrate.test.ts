import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { migrateSqlite, readMigrations } from './migrate.ts';
import { openStore } from './open-store.ts';

const dir = await mkdtemp(join(tmpdir(), 'statuswatch-migrate-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('are numbered from 0001 without gaps on both dialects, with the same names', async () => {
    const sqlite = await readMigrations('sqlite');
    const postgres = await readMigrations('postgres');
    expect(sqlite.map((m) => m.version)).toEqual(sqlite.map((_, i) => i + 1));
    expect(postgres.map((m) => m.name)).toEqual(sqlite.map((m) => m.name));
  });

  it('apply once each and record themselves', async () => {
    const db = new BetterSqlite3(join(dir, 'twice.db'));
    try {
      const names = (await readMigrations('sqlite')).map((m) => m.name);
      expect(await migrateSqlite(db)).toEqual(names);
      expect(await migrateSqlite(db)).toEqual([]);
      const recorded = db.prepare('select name from schema_migrations order by version').all();
      expect(recorded).toEqual(names.map((name) => ({ name })));
    } finally {
      db.close();
    }
  });
});

describe('openStore', () => {
  it('opens SQLite in the data folder when there is no database URL', async () => {
    const store = await openStore({ databaseUrl: null, dataDir: join(dir, 'data') });
    expect(store.dialect).toBe('sqlite');
    await store.close();
    const db = new BetterSqlite3(join(dir, 'data', 'statuswatch.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database URL that is not PostgreSQL instead of falling back', async () => {
    await expect(openStore({ databaseUrl: 'mysql://localhost/x', dataDir: dir })).rejects.toSatisfy(
      (e) => isStatuswatchError(e, 'config'),
    );
  });
});
