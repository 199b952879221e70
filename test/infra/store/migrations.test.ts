import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { StoreUnavailableError } from '../../../src/core/errors';
import { checkedMigrations } from '../../../src/infra/store/migrations/migration';
import { postgresMigrations } from '../../../src/infra/store/migrations/postgres';
import { sqliteMigrations } from '../../../src/infra/store/migrations/sqlite';
import { PostgresStore, migrate as migratePg } from '../../../src/infra/store/postgres-store';
import {
  migrate as migrateSqlite,
  SQLITE_FILE_NAME,
  SqliteStore,
} from '../../../src/infra/store/sqlite-store';
import { createStore } from '../../../src/infra/store/create-store';
import { aSubmission } from '../../support/incident-mother';
import { describePostgres, dropSchema, PG_URL, randomSchema } from './postgres-env';

describe('migration lists', () => {
  it('are numbered 1..n in both dialects, and a gap is refused', () => {
    expect(sqliteMigrations.map((m) => m.version)).toEqual(sqliteMigrations.map((_, i) => i + 1));
    expect(postgresMigrations.map((m) => m.version)).toEqual(
      postgresMigrations.map((_, i) => i + 1),
    );
    expect(sqliteMigrations.map((m) => m.name)).toEqual(postgresMigrations.map((m) => m.name));
    expect(() => checkedMigrations([{ version: 2, name: 'x', sql: '' }])).toThrow(/version 1/);
  });
});

describe('SQLite migrations', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'safeguard-mig-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('apply once: reopening and re-running change nothing and keep the data', async () => {
    const first = await SqliteStore.open({ dataDir });
    await first.incidents.submit(aSubmission());
    await first.close();
    const second = await SqliteStore.open({ dataDir });
    expect(await second.incidents.count()).toBe(1);
    await second.close();

    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    try {
      expect(migrateSqlite(db, sqliteMigrations)).toEqual([]);
      expect(
        db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(),
      ).toEqual([
        { version: 1, name: 'initial' },
        { version: 2, name: 'feedback-by-time' },
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // The trail is append-only at the database level too.
      expect(() => db.prepare("UPDATE incident_events SET kind = 'x'").run()).toThrow(
        /append-only/,
      );
      db.prepare("INSERT INTO audit_log (action, actor_id, at) VALUES ('a', 'b', 'c')").run();
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('upgrade a database from the first release and keep its votes', async () => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    migrateSqlite(db, sqliteMigrations.slice(0, 1));
    db.prepare(
      "INSERT INTO feedback (answer_id, helpful, user_id, at) VALUES ('a1', 0, 'u1', '2026-10-01T10:00:00.000Z')",
    ).run();
    db.close();

    const store = await SqliteStore.open({ dataDir });
    expect(await store.feedback.counts()).toEqual({ helpful: 0, notHelpful: 1 });
    await store.close();
    const reopened = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const plan = reopened
        .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM feedback WHERE at >= '2026-01-01'")
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('feedback_at');
    } finally {
      reopened.close();
    }
  });

  it('refuses to run against a database from a newer release', async () => {
    await (await SqliteStore.open({ dataDir })).close();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    db.close();
    await expect(SqliteStore.open({ dataDir })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('reports an unusable data directory as StoreUnavailableError', async () => {
    const file = join(dataDir, 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(SqliteStore.open({ dataDir: join(file, 'data') })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('createStore picks SQLite without a DATABASE_URL', async () => {
    const store = await createStore({ dataDir, databaseUrl: '' });
    expect(store.kind).toBe('sqlite');
    await store.close();
  });
});

describe('PostgreSQL unreachable', () => {
  it('maps a refused connection to StoreUnavailableError', async () => {
    await expect(
      createStore({ dataDir: tmpdir(), databaseUrl: 'postgres://postgres@127.0.0.1:1/none' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describePostgres('PostgreSQL migrations', () => {
  let schema: string;
  beforeEach(() => (schema = randomSchema()));
  afterEach(() => dropSchema(schema));

  it('are safe when several instances start at once, and apply only once', async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        PostgresStore.open({ connectionString: PG_URL, schema, poolSize: 2 }),
      ),
    );
    await stores[0].incidents.submit(aSubmission());
    expect(await stores[3].incidents.count()).toBe(1);
    await Promise.all(stores.map((s) => s.close()));

    const pool = new Pool({
      connectionString: PG_URL,
      max: 1,
      options: `-c search_path=${schema}`,
    });
    try {
      expect(await migratePg(pool, postgresMigrations, schema)).toEqual([]);
      const { rows } = await pool.query(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      expect(rows).toEqual([
        { version: 1, name: 'initial' },
        { version: 2, name: 'feedback-by-time' },
      ]);
      await expect(pool.query("UPDATE incident_events SET kind = 'x'")).rejects.toThrow(
        /append-only/,
      );
      await pool.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')");
    } finally {
      await pool.end();
    }
    await expect(PostgresStore.open({ connectionString: PG_URL, schema })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('createStore picks PostgreSQL when a DATABASE_URL is given', async () => {
    const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // The schema must exist for a plain URL; createStore uses the connection's search_path.
    const pool = new Pool({ connectionString: PG_URL, max: 1 });
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.end();
    const store = await createStore({ dataDir: tmpdir(), databaseUrl: url });
    try {
      expect(store.kind).toBe('postgres');
      expect((await store.incidents.submit(aSubmission())).incident.reference).toBe(
        'INC-2026-0001',
      );
    } finally {
      await store.close();
    }
  });
});
