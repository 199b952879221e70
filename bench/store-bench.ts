/**
 * Incident store speed: submit latency (one report, its event and two outbox messages, committed
 * durably) and the open-queue query with 10,000 stored incidents, on SQLite and PostgreSQL.
 * Seeding the 10,000 uses bulk SQL (the rows are built by the same code the stores use); only
 * the measured calls go through the Store API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import type { Store } from '../src/core/store';
import type { Incident, IncidentEvent } from '../src/core/incidents/incident';
import { PostgresStore } from '../src/infra/store/postgres-store';
import { SQLITE_FILE_NAME, SqliteStore } from '../src/infra/store/sqlite-store';
import { createIncident, newId, nextEvent, URGENCY_RANK } from '../src/infra/store/store-support';
import { aSubmission, dsl } from '../test/support/incident-mother';
import type { BenchRow } from './bench-row';
import { ms, percentile, timed } from './stats';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SUBMITS = 300;
const STORED = 10_000;
const OPEN_SHARE = 0.03;
const QUERIES = 1000;
const OPEN = { status: ['new', 'acknowledged'] as Incident['status'][] };
/** What the SLT "open reports" card asks for (src/teams/features/slt-commands.ts). */
const QUEUE_PAGE = 25;

interface SeedRow {
  incident: Incident;
  events: IncidentEvent[];
  sequence: number;
}

/** 10,000 incidents over three school years; ~3% still open, the rest closed. */
function seedRows(): SeedRow[] {
  const urgencies = ['low', 'normal', 'normal', 'high', 'urgent'] as const;
  const rows: SeedRow[] = [];
  const start = Date.parse('2022-09-01T08:00:00Z');
  for (let i = 0; i < STORED; i++) {
    const at = new Date(start + i * 2.5 * 3_600_000);
    const input = aSubmission({
      at,
      urgency: urgencies[i % urgencies.length],
      idempotencyKey: `seed-${i}`,
    });
    const year = at.getUTCMonth() >= 8 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
    const sequence = i + 1;
    const created = createIncident(newId(), year, sequence, input);
    const events = [created.event];
    let incident = created.incident;
    if (i % Math.round(1 / OPEN_SHARE) !== 0) {
      const closed = nextEvent(incident, dsl, { kind: 'closed', outcome: 'Resolved' }, at);
      incident = closed.incident;
      events.push(closed.event);
    }
    rows.push({ incident, events, sequence });
  }
  return rows;
}

function columns(r: SeedRow): unknown[] {
  const i = r.incident;
  return [
    i.id,
    i.reference,
    i.schoolYear,
    r.sequence,
    `seed-${i.id}`,
    i.reporter.id,
    i.report.type,
    i.status,
    URGENCY_RANK[i.urgency],
    null,
    i.createdAt,
    i.updatedAt,
    i.version,
    JSON.stringify(i),
  ];
}

async function submitLatencies(store: Store): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) await store.incidents.submit(aSubmission({ at: new Date() })); // warm-up
  for (let i = 0; i < SUBMITS; i++) {
    samples.push(await timed(() => store.incidents.submit(aSubmission({ at: new Date() }))));
  }
  return samples;
}

interface QueueTimes {
  /** The open-queue query: the first page, urgent first then oldest. */
  query: number[];
  /** What the SLT queue card runs: that page and the total, in parallel. */
  card: number[];
  /** Every open incident at once, for information. */
  full: number[];
  open: number;
}

async function queueLatencies(store: Store): Promise<QueueTimes> {
  const open = await store.incidents.count(OPEN);
  const page = { ...OPEN, limit: QUEUE_PAGE };
  const query: number[] = [];
  const card: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    query.push(await timed(() => store.incidents.list(page)));
    card.push(
      await timed(() => Promise.all([store.incidents.list(page), store.incidents.count(OPEN)])),
    );
  }
  for (let i = 0; i < QUERIES / 10; i++) full.push(await timed(() => store.incidents.list(OPEN)));
  return { query, card, full, open };
}

function rowsFor(
  label: string,
  submit: number[],
  queue: QueueTimes,
  submitTarget: number,
): BenchRow[] {
  const p99 = percentile(submit, 99);
  const q99 = percentile(queue.query, 99);
  const stored = STORED.toLocaleString('en-GB');
  return [
    { name: `${label}: submit p50 (n=${SUBMITS})`, value: ms(percentile(submit, 50)) },
    {
      name: `${label}: submit p99`,
      value: ms(p99),
      target: `< ${submitTarget} ms`,
      ok: p99 < submitTarget,
    },
    {
      name: `${label}: open-queue query, first ${QUEUE_PAGE} (${queue.open} open of ${stored}) p50`,
      value: ms(percentile(queue.query, 50)),
    },
    { name: `${label}: open-queue query p99`, value: ms(q99), target: '< 10 ms', ok: q99 < 10 },
    {
      name: `${label}: queue card (first ${QUEUE_PAGE} + count in parallel) p50 / p99`,
      value: `${ms(percentile(queue.card, 50))} / ${ms(percentile(queue.card, 99))}`,
    },
    {
      name: `${label}: all ${queue.open} open incidents at once p50`,
      value: ms(percentile(queue.full, 50)),
    },
  ];
}

async function sqliteBench(seed: SeedRow[]): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-bench-'));
  try {
    const store = await SqliteStore.open({ dataDir });
    const submit = await submitLatencies(store);
    await store.close();

    // Seed a fresh file so the queue holds exactly the 10,000.
    rmSync(dataDir, { recursive: true, force: true });
    await (await SqliteStore.open({ dataDir })).close();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    const insertIncident = db.prepare(
      `INSERT INTO incidents (id, reference, school_year, ref_seq, idempotency_key, reporter_id, type,
         status, urgency_rank, assignee_id, created_at, updated_at, version, doc)
       VALUES (${Array(14).fill('?').join(', ')})`,
    );
    const insertEvent = db.prepare(
      'INSERT INTO incident_events (incident_id, seq, kind, actor_id, at, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const r of seed) {
        insertIncident.run(...columns(r));
        for (const e of r.events) {
          insertEvent.run(e.incidentId, e.seq, e.kind, e.actor.id, e.at, JSON.stringify(e));
        }
      }
    })();
    db.pragma('optimize');
    db.close();
    const reopened = await SqliteStore.open({ dataDir });
    const queue = await queueLatencies(reopened);
    await reopened.close();
    return rowsFor('SQLite', submit, queue, 30);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresBench(seed: SeedRow[]): Promise<BenchRow[]> {
  const admin = new Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 3_000 });
  try {
    await admin.query('SELECT 1');
  } catch (err) {
    await admin.end();
    const why = (err as { code?: string }).code ?? (err as Error).message;
    return [{ name: `PostgreSQL not reachable at ${PG_URL} (${why}): skipped`, value: '-' }];
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  try {
    const store = await PostgresStore.open({ connectionString: PG_URL, schema });
    const submit = await submitLatencies(store);
    await store.close();

    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await (await PostgresStore.open({ connectionString: PG_URL, schema })).close();
    const batch = 500;
    for (let start = 0; start < seed.length; start += batch) {
      const chunk = seed.slice(start, start + batch);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        const cols = columns(r);
        const base = params.length;
        params.push(...cols);
        return `(${cols.map((_, k) => `$${base + k + 1}`).join(', ')})`;
      });
      await admin.query(
        `INSERT INTO ${schema}.incidents (id, reference, school_year, ref_seq, idempotency_key,
           reporter_id, type, status, urgency_rank, assignee_id, created_at, updated_at, version, doc)
         VALUES ${values.join(', ')}`,
        params,
      );
      const events = chunk.flatMap((r) => r.events);
      const eventParams: unknown[] = [];
      const eventValues = events.map((e) => {
        const base = eventParams.length;
        eventParams.push(e.incidentId, e.seq, e.kind, e.actor.id, e.at, JSON.stringify(e));
        return `(${[1, 2, 3, 4, 5, 6].map((k) => `$${base + k}`).join(', ')})`;
      });
      await admin.query(
        `INSERT INTO ${schema}.incident_events (incident_id, seq, kind, actor_id, at, body)
         VALUES ${eventValues.join(', ')}`,
        eventParams,
      );
    }
    await admin.query(`ANALYZE ${schema}.incidents`);
    const reopened = await PostgresStore.open({ connectionString: PG_URL, schema });
    const queue = await queueLatencies(reopened);
    await reopened.close();
    return rowsFor('PostgreSQL', submit, queue, 60);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
  }
}

export async function storeBench(): Promise<BenchRow[]> {
  const seed = seedRows();
  const rows = [...(await sqliteBench(seed)), ...(await postgresBench(seed))];
  // Tail latencies on a shared 2-core machine say as much about the neighbours as about us.
  rows.push({
    name: 'machine load average (1 min) during the run',
    value: loadavg()[0].toFixed(1),
  });
  return rows;
}

if (require.main === module) {
  storeBench().then(
    (rows) => console.table(rows),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
