import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../core/clock';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
} from '../../core/errors';
import { schoolYearOf, type Incident, type IncidentEvent } from '../../core/incidents/incident';
import type {
  AddressBook,
  AuditEntry,
  AuditEntryInput,
  AuditLog,
  FeedbackRepository,
  FeedbackSummary,
  IncidentFilter,
  IncidentRepository,
  NewOutboxMessage,
  OutboxMessage,
  OutboxRepository,
  PurgeOptions,
  SettingsRepository,
  SltQuestion,
  SltQuestionRepository,
  StateStorage,
  Store,
  StoredDocument,
  SubmitInput,
} from '../../core/store';
import { sqliteMigrations } from './migrations/sqlite';
import type { Migration } from './migrations/migration';
import {
  CLOSED_STATUSES,
  conflict,
  isOptimistic,
  stateConflict,
  createIncident,
  fillPlaceholders,
  newId,
  nextEvent,
  truncateError,
  URGENCY_RANK,
  validateAppend,
  sectionFeedbackRow,
  validateFeedbackQuery,
  validateLimit,
  validateOutbox,
  validateSubmit,
  type AppendBody,
} from './store-support';

export const SQLITE_FILE_NAME = 'safeguard.db';

export interface SqliteStoreOptions {
  /** The file is `<dataDir>/safeguard.db`. */
  dataDir: string;
  clock?: Clock;
  /** How long a writer waits for another connection's write lock before giving up. */
  busyTimeoutMs?: number;
}

type Row = Record<string, unknown>;

const UNAVAILABLE_MESSAGE =
  'Sorry, records cannot be reached just now. Nothing was saved; please try again shortly.';

/** Codes meaning the file cannot be used right now (locked, missing, read-only, full, damaged). */
const UNAVAILABLE_CODES =
  /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|CORRUPT|NOTADB|PERM|AUTH)/;

/** The data directory cannot be created or written. */
const FS_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EEXIST']);

function toUnavailable(err: unknown): StoreUnavailableError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(UNAVAILABLE_MESSAGE, `sqlite: ${code}`);
  }
  if (typeof code === 'string' && FS_CODES.has(code)) {
    return new StoreUnavailableError(UNAVAILABLE_MESSAGE, `sqlite: data directory ${code}`);
  }
  if (/database connection is not open/.test((err as Error).message ?? '')) {
    return new StoreUnavailableError(UNAVAILABLE_MESSAGE, 'sqlite: connection closed');
  }
  return undefined;
}

/**
 * The embedded default store: one SQLite file in WAL mode via better-sqlite3.
 *
 * better-sqlite3 is synchronous, so inside one process calls never interleave; writes still run in
 * BEGIN IMMEDIATE transactions so that several processes on the same file (a restart overlapping
 * the old process, an admin script) serialise on the write lock rather than fail mid-way.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly incidents: IncidentRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly questions: SltQuestionRepository;
  readonly addresses: AddressBook;
  readonly state: StateStorage;
  readonly audit: AuditLog;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.incidents = this.incidentRepository();
    this.outbox = this.outboxRepository();
    this.settings = this.settingsRepository();
    this.feedback = this.feedbackRepository();
    this.questions = this.questionRepository();
    this.addresses = this.addressBook();
    this.state = this.stateStorage();
    this.audit = this.auditLog();
  }

  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    let db: Database.Database | undefined;
    try {
      // Safeguarding records: readable by the bot's own user only (SQLite gives the -wal and -shm
      // files the database file's permissions).
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      const file = join(options.dataDir, SQLITE_FILE_NAME);
      db = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000 });
      restrictToOwner(file);
      enableWal(db, options.busyTimeoutMs ?? 5_000);
      // FULL: WAL is fsynced at every commit, so an acknowledged report survives power loss, not
      // just a crash of the process (NORMAL only guarantees the latter). Safeguarding records are
      // written a few times a day; the fsync costs about a millisecond.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, sqliteMigrations);
      return new SqliteStore(db, options.clock ?? systemClock);
    } catch (err) {
      db?.close();
      throw toUnavailable(err) ?? err;
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: toUnavailable(err)?.message ?? 'sqlite error' };
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize'); // keeps query plans good as the tables grow; cheap at close
    } finally {
      this.db.close();
    }
  }

  /**
   * Writes a consistent copy of the live database to `file` (SQLite's online backup: safe while
   * the bot is running, unlike copying safeguard.db without its -wal file).
   */
  async backupTo(file: string): Promise<void> {
    if (!this.db.open) throw new StoreUnavailableError(UNAVAILABLE_MESSAGE, 'sqlite: store closed');
    try {
      await this.db.backup(file);
    } catch (err) {
      throw toUnavailable(err) ?? err;
    }
  }

  /** Runs synchronous database work, mapping driver errors to domain errors. */
  private run<T>(work: () => T): Promise<T> {
    if (!this.db.open) {
      return Promise.reject(new StoreUnavailableError(UNAVAILABLE_MESSAGE, 'sqlite: store closed'));
    }
    try {
      return Promise.resolve(work());
    } catch (err) {
      if (err instanceof DomainError) return Promise.reject(err);
      return Promise.reject(toUnavailable(err) ?? err);
    }
  }

  /** A write transaction that takes the write lock up front (BEGIN IMMEDIATE). */
  private write<T>(work: () => T): Promise<T> {
    return this.run(() => this.db.transaction(work).immediate());
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private enqueueIn(messages: NewOutboxMessage[]): void {
    const insert = this.db.prepare(
      `INSERT INTO outbox (key, topic, payload, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    const now = this.now();
    for (const m of messages) insert.run(m.key, m.topic, JSON.stringify(m.payload), now, now);
  }

  private insertAudit(entry: AuditEntryInput): void {
    this.db
      .prepare(
        'INSERT INTO audit_log (action, actor_id, subject, at, detail) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        entry.action,
        entry.actorId,
        entry.subject ?? null,
        entry.at.toISOString(),
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
      );
  }

  private loadIncident(id: string): Incident | undefined {
    const row = this.db.prepare('SELECT doc FROM incidents WHERE id = ?').get(id) as
      Row | undefined;
    return row ? (JSON.parse(row.doc as string) as Incident) : undefined;
  }

  private saveIncident(
    incident: Incident,
    insert?: { idempotencyKey: string; sequence: number },
  ): void {
    const values = {
      id: incident.id,
      status: incident.status,
      urgency_rank: URGENCY_RANK[incident.urgency],
      assignee_id: incident.assignee?.id ?? null,
      updated_at: incident.updatedAt,
      version: incident.version,
      doc: JSON.stringify(incident),
    };
    if (insert) {
      this.db
        .prepare(
          `INSERT INTO incidents (id, reference, school_year, ref_seq, idempotency_key, reporter_id,
             type, status, urgency_rank, assignee_id, created_at, updated_at, version, doc)
           VALUES (@id, @reference, @school_year, @ref_seq, @idempotency_key, @reporter_id,
             @type, @status, @urgency_rank, @assignee_id, @created_at, @updated_at, @version, @doc)`,
        )
        .run({
          ...values,
          reference: incident.reference,
          school_year: incident.schoolYear,
          ref_seq: insert.sequence,
          idempotency_key: insert.idempotencyKey,
          reporter_id: incident.reporter.id,
          type: incident.report.type,
          created_at: incident.createdAt,
        });
    } else {
      const result = this.db
        .prepare(
          `UPDATE incidents SET status = @status, urgency_rank = @urgency_rank,
             assignee_id = @assignee_id, updated_at = @updated_at, version = @version, doc = @doc
           WHERE id = @id AND version = @version - 1`,
        )
        .run(values);
      if (result.changes !== 1) throw conflict(incident.version - 1);
    }
  }

  private insertEvent(event: IncidentEvent): void {
    this.db
      .prepare(
        'INSERT INTO incident_events (incident_id, seq, kind, actor_id, at, body) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        event.incidentId,
        event.seq,
        event.kind,
        event.actor.id,
        event.at,
        JSON.stringify(event),
      );
  }

  private incidentRepository(): IncidentRepository {
    return {
      submit: (input: SubmitInput) =>
        this.write(() => {
          validateSubmit(input);
          validateOutbox(input.outbox);
          const existing = this.db
            .prepare('SELECT doc FROM incidents WHERE idempotency_key = ?')
            .get(input.idempotencyKey) as Row | undefined;
          if (existing)
            return { incident: JSON.parse(existing.doc as string) as Incident, created: false };
          const schoolYear = schoolYearOf(input.at);
          const { last_seq: sequence } = this.db
            .prepare(
              `INSERT INTO reference_counters (school_year, last_seq) VALUES (?, 1)
               ON CONFLICT (school_year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
            )
            .get(schoolYear) as { last_seq: number };
          const { incident, event } = createIncident(newId(), schoolYear, sequence, input);
          this.saveIncident(incident, { idempotencyKey: input.idempotencyKey, sequence });
          this.insertEvent(event);
          this.enqueueIn(
            fillPlaceholders(input.outbox, {
              incidentId: incident.id,
              reference: incident.reference,
            }),
          );
          return { incident, created: true };
        }),
      append: (incidentId, expectedVersion, actor, body: AppendBody, at, outbox = []) =>
        this.write(() => {
          validateAppend(expectedVersion, actor, body, at);
          validateOutbox(outbox);
          const current = this.loadIncident(incidentId);
          if (!current) throw notFound();
          if (current.version !== expectedVersion) throw conflict(expectedVersion, current.version);
          const next = nextEvent(current, actor, body, at);
          this.saveIncident(next.incident);
          this.insertEvent(next.event);
          this.enqueueIn(fillPlaceholders(outbox, { incidentId, reference: current.reference }));
          return next;
        }),
      get: (id) => this.run(() => this.loadIncident(id)),
      getByReference: (reference) =>
        this.run(() => {
          const row = this.db
            .prepare('SELECT doc FROM incidents WHERE reference = ?')
            .get(reference) as Row | undefined;
          return row ? (JSON.parse(row.doc as string) as Incident) : undefined;
        }),
      events: (incidentId) =>
        this.run(() =>
          (
            this.db
              .prepare('SELECT body FROM incident_events WHERE incident_id = ? ORDER BY seq')
              .all(incidentId) as Row[]
          ).map((r) => JSON.parse(r.body as string) as IncidentEvent),
        ),
      list: (filter?: IncidentFilter) =>
        this.run(() => {
          const limit = validateLimit(filter?.limit);
          const { where, params } = whereClause(filter);
          const sql = `SELECT doc FROM incidents ${where}
            ORDER BY urgency_rank DESC, created_at, school_year, ref_seq
            ${limit === undefined ? '' : 'LIMIT ?'}`;
          const rows = this.db
            .prepare(sql)
            .all(...params, ...(limit === undefined ? [] : [limit])) as Row[];
          return rows.map((r) => JSON.parse(r.doc as string) as Incident);
        }),
      count: (filter?: IncidentFilter) =>
        this.run(() => {
          const { where, params } = whereClause(filter);
          const row = this.db
            .prepare(`SELECT count(*) AS n FROM incidents ${where}`)
            .get(...params) as Row;
          return Number(row.n);
        }),
      setCardLocation: (incidentId, location) =>
        this.write(() => {
          const result = this.db
            .prepare('UPDATE incidents SET card_location = ? WHERE id = ?')
            .run(JSON.stringify(location), incidentId);
          if (result.changes !== 1) throw notFound();
        }),
      getCardLocation: (incidentId) =>
        this.run(() => {
          const row = this.db
            .prepare('SELECT card_location FROM incidents WHERE id = ?')
            .get(incidentId) as Row | undefined;
          return row?.card_location
            ? (JSON.parse(row.card_location as string) as Record<string, unknown>)
            : undefined;
        }),
      purgeCreatedBefore: (before: Date, options: PurgeOptions = {}) =>
        this.write(() => {
          const cut = before.toISOString();
          const closedOnly = options.closedOnly
            ? `AND status IN (${CLOSED_STATUSES.map(() => '?').join(', ')}) AND updated_at < ?`
            : '';
          const params = options.closedOnly ? [cut, ...CLOSED_STATUSES, cut] : [cut];
          const doomed = this.db
            .prepare(
              `SELECT id, reference FROM incidents WHERE created_at < ? ${closedOnly}
               ORDER BY school_year, ref_seq`,
            )
            .all(...params) as Row[];
          const deleteEvents = this.db.prepare('DELETE FROM incident_events WHERE incident_id = ?');
          const deleteIncident = this.db.prepare('DELETE FROM incidents WHERE id = ?');
          for (const row of doomed) {
            deleteEvents.run(row.id);
            deleteIncident.run(row.id);
          }
          // Finished deliveries may carry report text: they go with the incidents.
          this.db
            .prepare(
              `DELETE FROM outbox WHERE created_at < ?
               AND (delivered_at IS NOT NULL OR failed_permanently = 1)`,
            )
            .run(cut);
          const references = doomed.map((r) => r.reference as string);
          if (options.audit) {
            this.insertAudit({
              ...options.audit,
              detail: { ...options.audit.detail, count: references.length, references },
            });
          }
          return references;
        }),
    };
  }

  private outboxRepository(): OutboxRepository {
    const finish = (sql: string, id: string, ...params: unknown[]) => {
      const n = Number(id);
      const result = Number.isSafeInteger(n)
        ? this.db.prepare(sql).run(...params, n)
        : { changes: 0 };
      if (result.changes !== 1) throw new NotFoundError('Sorry, that delivery could not be found.');
    };
    return {
      enqueue: (messages) =>
        this.write(() => {
          validateOutbox(messages);
          this.enqueueIn(messages);
        }),
      claimDue: (now, limit, leaseMs) =>
        this.write(() => {
          const t = now.toISOString();
          const rows = this.db
            .prepare(
              `UPDATE outbox SET locked_until = ?, attempts = attempts + 1
               WHERE id IN (
                 SELECT id FROM outbox
                 WHERE delivered_at IS NULL AND failed_permanently = 0 AND next_attempt_at <= ?
                   AND (locked_until IS NULL OR locked_until <= ?)
                 ORDER BY next_attempt_at, id LIMIT ?)
               RETURNING *`,
            )
            .all(new Date(now.getTime() + leaseMs).toISOString(), t, t, limit) as Row[];
          return rows
            .sort(
              (a, b) =>
                String(a.next_attempt_at).localeCompare(String(b.next_attempt_at)) ||
                Number(a.id) - Number(b.id),
            )
            .map(outboxMessage);
        }),
      markDelivered: (id, at) =>
        this.write(() =>
          finish(
            'UPDATE outbox SET delivered_at = ?, locked_until = NULL WHERE id = ?',
            id,
            at.toISOString(),
          ),
        ),
      markFailed: (id, error, nextAttemptAt, permanent = false) =>
        this.write(() =>
          finish(
            `UPDATE outbox SET last_error = ?, next_attempt_at = ?, locked_until = NULL,
               failed_permanently = max(failed_permanently, ?) WHERE id = ?`,
            id,
            truncateError(error),
            nextAttemptAt.toISOString(),
            permanent ? 1 : 0,
          ),
        ),
      retryNow: (now, topics) =>
        this.write(() => {
          const filter = topics?.length
            ? ` AND topic IN (${topics.map(() => '?').join(', ')})`
            : '';
          return this.db
            .prepare(
              `UPDATE outbox SET failed_permanently = 0, next_attempt_at = ?, locked_until = NULL
                 WHERE delivered_at IS NULL AND (locked_until IS NULL OR locked_until <= ?)${filter}`,
            )
            .run(now.toISOString(), now.toISOString(), ...(topics ?? [])).changes;
        }),
      undelivered: () =>
        this.run(() =>
          (
            this.db
              .prepare('SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, id')
              .all() as Row[]
          ).map(outboxMessage),
        ),
    };
  }

  private settingsRepository(): SettingsRepository {
    return {
      get: <T>(key: string) =>
        this.run(() => {
          const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
            Row | undefined;
          return row ? (JSON.parse(row.value as string) as T) : undefined;
        }),
      set: (key, value) =>
        this.write(() => {
          this.db
            .prepare(
              `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
            )
            .run(key, JSON.stringify(value ?? null), this.now());
        }),
    };
  }

  private feedbackRepository(): FeedbackRepository {
    return {
      record: (input) =>
        this.write(() => {
          this.db
            .prepare(
              `INSERT INTO feedback (answer_id, document_title, section, helpful, user_id, at)
               VALUES (?, ?, ?, ?, ?, ?)`,
            )
            .run(
              input.answerId,
              input.documentTitle ?? null,
              input.section ?? null,
              input.helpful ? 1 : 0,
              input.userId,
              input.at.toISOString(),
            );
        }),
      counts: () =>
        this.run(() => {
          const row = this.db
            .prepare(
              'SELECT coalesce(sum(helpful), 0) AS yes, coalesce(sum(1 - helpful), 0) AS no FROM feedback',
            )
            .get() as Row;
          return { helpful: Number(row.yes), notHelpful: Number(row.no) };
        }),
      summary: (query) =>
        this.run(() => {
          const { since, limit } = validateFeedbackQuery(query);
          const where = since ? 'WHERE at >= @since' : '';
          const params = since ? { since: since.toISOString() } : {};
          // One read transaction: the totals and the sections come from the same snapshot.
          return this.db
            .transaction((): FeedbackSummary => {
              const totals = this.db
                .prepare(
                  `SELECT coalesce(sum(helpful), 0) AS helpful_votes,
                     coalesce(sum(1 - helpful), 0) AS not_helpful_votes
                   FROM feedback ${where}`,
                )
                .get(params) as Row;
              const sections = this.db
                .prepare(
                  `SELECT document_title, section,
                     sum(helpful) AS helpful_votes, sum(1 - helpful) AS not_helpful_votes
                   FROM feedback ${where}
                   GROUP BY document_title, section
                   HAVING sum(1 - helpful) > 0
                   ORDER BY not_helpful_votes DESC, helpful_votes ASC,
                     coalesce(document_title, ''), coalesce(section, '')
                   LIMIT @limit`,
                )
                .all({ ...params, limit }) as Row[];
              return {
                helpful: Number(totals.helpful_votes),
                notHelpful: Number(totals.not_helpful_votes),
                sections: sections.map(sectionFeedbackRow),
              };
            })
            .deferred();
        }),
    };
  }

  private questionRepository(): SltQuestionRepository {
    const load = (id: string) => {
      const row = this.db.prepare('SELECT doc FROM slt_questions WHERE id = ?').get(id) as
        Row | undefined;
      return row ? (JSON.parse(row.doc as string) as SltQuestion) : undefined;
    };
    return {
      create: (q, outbox = []) =>
        this.write(() => {
          validateOutbox(outbox);
          if (!q || typeof q.question !== 'string' || !q.asker?.id) {
            throw new ValidationError('Sorry, that question could not be saved.', {
              question: 'The question is missing.',
            });
          }
          const question: SltQuestion = JSON.parse(JSON.stringify({ ...q, id: newId() }));
          this.db
            .prepare('INSERT INTO slt_questions (id, asked_at, doc) VALUES (?, ?, ?)')
            .run(question.id, question.askedAt, JSON.stringify(question));
          this.enqueueIn(fillPlaceholders(outbox, { questionId: question.id }));
          return question;
        }),
      get: (id) => this.run(() => load(id)),
      answer: (id, text, by, at, outbox = []) =>
        this.write(() => {
          validateOutbox(outbox);
          const q = load(id);
          if (!q) throw new NotFoundError('Sorry, that question could not be found.');
          if (q.answer) throw new ConflictError('This question has already been answered.');
          const answered: SltQuestion = {
            ...q,
            answer: { text, by: { id: by.id, name: by.name }, at: at.toISOString() },
          };
          this.db
            .prepare(
              'UPDATE slt_questions SET doc = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL',
            )
            .run(JSON.stringify(answered), at.toISOString(), id);
          this.enqueueIn(fillPlaceholders(outbox, { questionId: id }));
          return answered;
        }),
    };
  }

  private addressBook(): AddressBook {
    return {
      save: (userId, address) =>
        this.write(() => {
          this.db
            .prepare(
              `INSERT INTO addresses (user_id, address, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at`,
            )
            .run(userId, JSON.stringify(address), this.now());
        }),
      get: (userId) =>
        this.run(() => {
          const row = this.db
            .prepare('SELECT address FROM addresses WHERE user_id = ?')
            .get(userId) as Row | undefined;
          return row ? (JSON.parse(row.address as string) as Record<string, unknown>) : undefined;
        }),
    };
  }

  private stateStorage(): StateStorage {
    return {
      read: (keys) =>
        this.run(() => {
          const out: Record<string, StoredDocument> = {};
          const select = this.db.prepare('SELECT value, etag FROM bot_state WHERE key = ?');
          for (const key of keys) {
            const row = select.get(key) as Row | undefined;
            if (row)
              out[key] = { value: JSON.parse(row.value as string), eTag: row.etag as string };
          }
          return out;
        }),
      write: (changes) =>
        this.write(() => {
          const current = this.db.prepare('SELECT etag FROM bot_state WHERE key = ?');
          const upsert = this.db.prepare(
            `INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
               updated_at = excluded.updated_at`,
          );
          const now = this.now();
          // The transaction rolls back every key if one conflicts.
          for (const [key, change] of Object.entries(changes)) {
            const row = current.get(key) as Row | undefined;
            if (row && isOptimistic(change.expectedETag) && row.etag !== change.expectedETag) {
              throw stateConflict(key);
            }
            upsert.run(key, JSON.stringify(change.value), newId(), now);
          }
        }),
      delete: (keys) =>
        this.write(() => {
          const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
          for (const key of keys) del.run(key);
        }),
    };
  }

  private auditLog(): AuditLog {
    return {
      record: (entry) => this.write(() => this.insertAudit(entry)),
      list: (filter = {}) =>
        this.run(() => {
          const limit = validateLimit(filter.limit);
          const rows = this.db
            .prepare(
              `SELECT * FROM audit_log ${filter.action ? 'WHERE action = ?' : ''}
               ORDER BY id DESC ${limit === undefined ? '' : 'LIMIT ?'}`,
            )
            .all(
              ...(filter.action ? [filter.action] : []),
              ...(limit === undefined ? [] : [limit]),
            ) as Row[];
          return rows.map(auditEntry);
        }),
    };
  }
}

function restrictToOwner(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not the owner, or a filesystem without modes: the directory's permissions still apply.
  }
}

/**
 * Switches a database to WAL. Several processes opening a new file at once can get SQLITE_BUSY
 * here straight away (the busy timeout does not cover changing the journal mode), so it is retried
 * for up to the busy timeout.
 */
function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      // Start-up only: a short synchronous pause, jittered so racing processes spread out.
      Atomics.wait(pause, 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}

/**
 * Applies pending migrations inside one BEGIN IMMEDIATE, so two processes opening at once take turns.
 * The bookkeeping table is created inside it too: as a statement of its own it could start as a
 * reader and then fail to upgrade (SQLITE_BUSY, which the busy timeout does not retry) when another
 * process has just migrated.
 */
export function migrate(db: Database.Database, migrations: Migration[]): number[] {
  return db
    .transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const applied = new Set(
        (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
          (r) => r.version,
        ),
      );
      const newest = Math.max(0, ...applied);
      if (newest > migrations.length) {
        throw new StoreUnavailableError(
          UNAVAILABLE_MESSAGE,
          `database schema version ${newest} is newer than this release knows (${migrations.length})`,
        );
      }
      const done: number[] = [];
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        db.exec(m.sql);
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(m.version, m.name, new Date().toISOString());
        done.push(m.version);
      }
      return done;
    })
    .immediate();
}

function whereClause(filter: IncidentFilter = {}): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly string[]) => {
    if (values.length === 0) clauses.push('0');
    else {
      clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
  };
  if (filter.status) inList('status', filter.status);
  if (filter.type) inList('type', filter.type);
  if (filter.reporterId !== undefined) {
    clauses.push('reporter_id = ?');
    params.push(filter.reporterId);
  }
  if (filter.unassignedOnly) clauses.push('assignee_id IS NULL');
  if (filter.createdFrom) {
    clauses.push('created_at >= ?');
    params.push(filter.createdFrom.toISOString());
  }
  if (filter.createdTo) {
    clauses.push('created_at < ?');
    params.push(filter.createdTo.toISOString());
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function outboxMessage(row: Row): OutboxMessage {
  return {
    id: String(row.id),
    key: row.key as string,
    topic: row.topic as string,
    payload: JSON.parse(row.payload as string) as Record<string, unknown>,
    attempts: Number(row.attempts),
    createdAt: row.created_at as string,
    nextAttemptAt: row.next_attempt_at as string,
    ...(row.last_error != null ? { lastError: row.last_error as string } : {}),
    ...(row.delivered_at != null ? { deliveredAt: row.delivered_at as string } : {}),
    ...(row.failed_permanently ? { failedPermanently: true } : {}),
  };
}

function auditEntry(row: Row): AuditEntry {
  return {
    id: String(row.id),
    action: row.action as string,
    actorId: row.actor_id as string,
    ...(row.subject != null ? { subject: row.subject as string } : {}),
    at: row.at as string,
    ...(row.detail != null
      ? { detail: JSON.parse(row.detail as string) as Record<string, unknown> }
      : {}),
  };
}

function notFound(): NotFoundError {
  return new NotFoundError('Sorry, that report could not be found.');
}
