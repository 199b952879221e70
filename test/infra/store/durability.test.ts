import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../../src/core/store';
import { formatReference } from '../../../src/core/incidents/incident';
import { PostgresStore } from '../../../src/infra/store/postgres-store';
import { SqliteStore } from '../../../src/infra/store/sqlite-store';
import { startChild } from './child-process';
import { describePostgres, dropSchema, PG_URL, randomSchema } from './postgres-env';

jest.setTimeout(60_000);

/**
 * A child submits reports in a loop and prints "ACK <reference>" after each one resolves; it is
 * killed with SIGKILL just after an ACK, usually in the middle of the next submit. Every ACKed
 * report must be there on reopening, with its event and outbox rows, and the references must have
 * no gap (the interrupted submit left nothing half-written).
 */
async function killAndCheck(env: Record<string, string>, reopen: () => Promise<Store>) {
  const child = startChild({ ...env, COUNT: '0', HOLD: '1' });
  await child.waitForAcks(3);
  child.proc.kill('SIGKILL');
  await child.exited;
  const acked = [...child.acks];
  expect(acked.length).toBeGreaterThanOrEqual(3);

  const store = await reopen();
  try {
    for (const reference of acked) {
      const incident = await store.incidents.getByReference(reference);
      expect(incident).toBeDefined();
      expect(await store.incidents.events(incident!.id)).toHaveLength(1);
    }
    const all = await store.incidents.list();
    const year = all[0].schoolYear;
    expect(all.map((i) => i.reference).sort()).toEqual(
      all.map((_, i) => formatReference(year, i + 1)),
    );
    expect(all.length).toBeGreaterThanOrEqual(acked.length);
    const outboxKeys = new Set((await store.outbox.undelivered()).map((m) => m.key));
    for (const incident of all) expect(outboxKeys.has(`slt-post:${incident.id}`)).toBe(true);
  } finally {
    await store.close();
  }
}

describe('SQLite durability', () => {
  it('loses no acknowledged submission when the process is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-kill-'));
    try {
      await killAndCheck({ STORE: 'sqlite', DATA_DIR: dataDir }, () =>
        SqliteStore.open({ dataDir }),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describePostgres('PostgreSQL durability', () => {
  it('loses no acknowledged submission when the process is killed with SIGKILL', async () => {
    const schema = randomSchema();
    try {
      await killAndCheck({ STORE: 'postgres', PG_URL, PG_SCHEMA: schema }, () =>
        PostgresStore.open({ connectionString: PG_URL, schema }),
      );
    } finally {
      await dropSchema(schema);
    }
  });
});

describe('SQLite with several processes on one file', () => {
  it('gives 4 processes submitting at once unique, gap-free references', async () => {
    const perChild = 40;
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-procs-'));
    try {
      // Create the schema first so the children race on submissions, not on migrating.
      await (await SqliteStore.open({ dataDir })).close();
      const children = Array.from({ length: 4 }, () =>
        startChild({ STORE: 'sqlite', DATA_DIR: dataDir, COUNT: String(perChild), WAIT_GO: '1' }),
      );
      // Start together once every child has its connection open.
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.proc.stdin!.end('GO\n');
      const codes = await Promise.all(children.map((c) => c.exited));
      expect(codes).toEqual([0, 0, 0, 0]);
      const refs = children.flatMap((c) => c.acks).sort();
      expect(children.map((c) => c.acks.length)).toEqual([perChild, perChild, perChild, perChild]);
      const year = Number(refs[0].slice(4, 8));
      expect(refs).toEqual(
        Array.from({ length: 4 * perChild }, (_, i) => formatReference(year, i + 1)),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SQLite start-up with several processes', () => {
  it('migrates once when 4 processes open a new file at the same moment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-open-'));
    try {
      const children = Array.from({ length: 4 }, () =>
        startChild({ STORE: 'sqlite', DATA_DIR: dataDir, COUNT: '1', WAIT_OPEN: '1' }),
      );
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.proc.stdin!.end('GO\n');
      const codes = await Promise.all(children.map((c) => c.exited));
      if (codes.some((code) => code !== 0)) {
        throw new Error(
          `child exit codes ${codes.join(', ')}: ${children.map((c) => c.stderr()).join(' | ')}`,
        );
      }
      const store = await SqliteStore.open({ dataDir });
      expect(await store.incidents.count()).toBe(4);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
