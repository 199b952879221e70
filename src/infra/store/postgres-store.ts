import { Pool, type PoolClient, type QueryResultRow } from 'pg';
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
import type { Migration } from './migrations/migration';
import { postgresMigrations } from './migrations/postgres';
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

export interface PostgresStoreOptions {
  connectionString: string;
  /**
   * Schema to keep the tables in (created if missing; default: the connection's search_path,
   * normally `public`). Tests give each run its own schema.
   */
  schema?: string;
  clock?: Clock;
  /** Connections per bot instance. */
  poolSize?: number;
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, so a DBA can tell the bot's connections apart. */
  applicationName?: string;
}

type Row = QueryResultRow;

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Joins writes into one statement (data-modifying CTEs) to save round trips: under load each
 * round trip is a context switch to the server, and submit latency is mostly round trips.
 */
export function chain(statements: Statement[]): Statement {
  const values: unknown[] = [];
  const texts = statements.map((st) => {
    const offset = values.length;
    values.push(...st.values);
    return st.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = texts.pop()!;
  if (texts.length === 0) return { text: last, values };
  return { text: `WITH ${texts.map((t, k) => `w${k} AS (${t})`).join(', ')} ${last}`, values };
}

const UNAVAILABLE_MESSAGE =
  'Sorry, records cannot be reached just now. Nothing was saved; please try again shortly.';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
/** SQLSTATEs meaning "the database cannot serve us now": connection, shutdown, resources, auth. */
const UNAVAILABLE_STATES =
  /^(08...|57P0[1-3]|57014|55P03|53...|3D000|28000|28P01|25006|58...|XX...)$/;
const CLIENT_GONE =
  /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client has encountered a connection error|connect ECONNREFUSED/;

/** Maps driver errors to domain errors; unknown errors (our bugs) pass through unchanged. */
export function mapPgError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code) || CLIENT_GONE.test(message)) {
    return new StoreUnavailableError(UNAVAILABLE_MESSAGE, `postgres: ${code || 'connection lost'}`);
  }
  if (code === '40001' || code === '40P01') {
    return new ConflictError(
      'Someone else was changing this at the same moment. Please try again.',
      `postgres: ${code}`,
    );
  }
  if (code === '22P05' || code === '22021') {
    return new ValidationError('Sorry, that text contains characters that cannot be saved.', {
      text: 'Remove unusual characters and try again.',
    });
  }
  return err;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The scale-out store: several bot instances share one PostgreSQL database.
 * - Appends lock the incident row (SELECT ... FOR UPDATE) and check its version: one writer wins,
 *   the other gets ConflictError, no update is lost.
 * - References come from a per-school-year counter row (INSERT ... ON CONFLICT DO UPDATE
 *   RETURNING) in the submit transaction: the row lock serialises allocation, and a rolled-back
 *   submit rolls its number back too, so there are no gaps and no duplicates.
 * - Outbox claims use FOR UPDATE SKIP LOCKED plus a lease, so workers never share a message.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly incidents: IncidentRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly questions: SltQuestionRepository;
  readonly addresses: AddressBook;
  readonly state: StateStorage;
  readonly audit: AuditLog;
  private ended = false;

  private constructor(
    private readonly pool: Pool,
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

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(`invalid schema name: ${options.schema}`);
    }
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      application_name: options.applicationName ?? 'safeguard-bot',
      keepAlive: true,
      // Nothing the bot does takes seconds. A stuck query or a half-open transaction (an instance
      // lost mid-submit behind a load balancer) must not hold the reference counter's row lock and
      // stall every other school's submissions: fail it, report "try again", release the lock.
      statement_timeout: 15_000,
      lock_timeout: 10_000,
      idle_in_transaction_session_timeout: 30_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it
    // and the next query that cannot connect reports StoreUnavailableError.
    pool.on('error', () => {});
    try {
      await migrate(pool, postgresMigrations, options.schema);
    } catch (err) {
      await pool.end().catch(() => {});
      throw mapPgError(err);
    }
    return new PostgresStore(pool, options.clock ?? systemClock);
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.pool.query('SELECT 1');
      return { ok: true };
    } catch (err) {
      const mapped = mapPgError(err);
      return {
        ok: false,
        detail: mapped instanceof DomainError ? mapped.message : 'postgres error',
      };
    }
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }

  private async query<R extends Row = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (this.ended) throw new StoreUnavailableError(UNAVAILABLE_MESSAGE, 'postgres: store closed');
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw mapPgError(err);
    }
  }

  /** Runs `work` in one transaction on one connection; any error rolls everything back. */
  private async tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    if (this.ended) throw new StoreUnavailableError(UNAVAILABLE_MESSAGE, 'postgres: store closed');
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapPgError(err);
    }
    let broken: Error | undefined;
    // A checked-out client has no pool listener: without ours, a dropped connection mid-transaction
    // would be an unhandled 'error' event and take the process down.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw mapPgError(err);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  private async enqueueIn(c: PoolClient, messages: NewOutboxMessage[]): Promise<void> {
    const statement = this.outboxInsert(messages);
    if (statement) await c.query(statement.text, statement.values);
  }

  private outboxInsert(messages: NewOutboxMessage[]): Statement | undefined {
    if (messages.length === 0) return undefined;
    const now = this.clock.now().toISOString();
    const rows: string[] = [];
    const values: unknown[] = [];
    for (const m of messages) {
      const i = values.length;
      rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 4})`);
      values.push(m.key, m.topic, JSON.stringify(m.payload), now);
    }
    return {
      text: `INSERT INTO outbox (key, topic, payload, created_at, next_attempt_at)
       VALUES ${rows.join(', ')} ON CONFLICT (key) DO NOTHING`,
      values,
    };
  }

  private async insertAudit(c: PoolClient | Pool, entry: AuditEntryInput): Promise<void> {
    await c.query(
      'INSERT INTO audit_log (action, actor_id, subject, at, detail) VALUES ($1, $2, $3, $4, $5)',
      [
        entry.action,
        entry.actorId,
        entry.subject ?? null,
        entry.at.toISOString(),
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ],
    );
  }

  private eventInsert(event: IncidentEvent): Statement {
    return {
      text: `INSERT INTO incident_events (incident_id, seq, kind, actor_id, at, body)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      values: [
        event.incidentId,
        event.seq,
        event.kind,
        event.actor.id,
        event.at,
        JSON.stringify(event),
      ],
    };
  }

  private async findByKey(c: PoolClient | Pool, key: string): Promise<Incident | undefined> {
    const { rows } = await c.query('SELECT doc FROM incidents WHERE idempotency_key = $1', [key]);
    return rows[0]?.doc as Incident | undefined;
  }

  private incidentRepository(): IncidentRepository {
    const submitOnce = (input: SubmitInput) =>
      this.tx(async (c) => {
        const schoolYear = schoolYearOf(input.at);
        // One round trip: take the next number unless the key was already used. The counter
        // row stays locked until commit, so numbers are handed out one transaction at a time.
        const { rows } = await c.query(
          `INSERT INTO reference_counters (school_year, last_seq)
           SELECT $1, 1 WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE idempotency_key = $2)
           ON CONFLICT (school_year) DO UPDATE SET last_seq = reference_counters.last_seq + 1
           RETURNING last_seq`,
          [schoolYear, input.idempotencyKey],
        );
        if (rows.length === 0) {
          const existing = await this.findByKey(c, input.idempotencyKey);
          if (existing) return { incident: existing, created: false };
          throw new Error('idempotency key vanished during submit');
        }
        const sequence = Number(rows[0].last_seq);
        const { incident, event } = createIncident(newId(), schoolYear, sequence, input);
        const insertIncident: Statement = {
          text: `INSERT INTO incidents (id, reference, school_year, ref_seq, idempotency_key,
             reporter_id, type, status, urgency_rank, assignee_id, created_at, updated_at, version, doc)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          values: [
            incident.id,
            incident.reference,
            schoolYear,
            sequence,
            input.idempotencyKey,
            incident.reporter.id,
            incident.report.type,
            incident.status,
            URGENCY_RANK[incident.urgency],
            incident.assignee?.id ?? null,
            incident.createdAt,
            incident.updatedAt,
            incident.version,
            JSON.stringify(incident),
          ],
        };
        const outbox = this.outboxInsert(
          fillPlaceholders(input.outbox, {
            incidentId: incident.id,
            reference: incident.reference,
          }),
        );
        const all = chain([insertIncident, this.eventInsert(event), ...(outbox ? [outbox] : [])]);
        await c.query(all.text, all.values);
        return { incident, created: true };
      });

    return {
      submit: async (input) => {
        validateSubmit(input);
        validateOutbox(input.outbox);
        try {
          return await submitOnce(input);
        } catch (err) {
          // The same key raced in from another instance: its transaction won, ours rolled back
          // (reference number included), so answer with the winner.
          if ((err as { constraint?: string }).constraint === 'incidents_idempotency_key') {
            const existing = await this.query(
              'SELECT doc FROM incidents WHERE idempotency_key = $1',
              [input.idempotencyKey],
            );
            if (existing[0]) return { incident: existing[0].doc as Incident, created: false };
          }
          throw err;
        }
      },
      append: async (incidentId, expectedVersion, actor, body: AppendBody, at, outbox = []) => {
        validateAppend(expectedVersion, actor, body, at);
        validateOutbox(outbox);
        return this.tx(async (c) => {
          const { rows } = await c.query('SELECT doc FROM incidents WHERE id = $1 FOR UPDATE', [
            incidentId,
          ]);
          const current = rows[0]?.doc as Incident | undefined;
          if (!current) throw new NotFoundError('Sorry, that report could not be found.');
          if (current.version !== expectedVersion) throw conflict(expectedVersion, current.version);
          const next = nextEvent(current, actor, body, at);
          const i = next.incident;
          const update: Statement = {
            text: `UPDATE incidents SET status = $2, urgency_rank = $3, assignee_id = $4,
               updated_at = $5, version = $6, doc = $7 WHERE id = $1`,
            values: [
              i.id,
              i.status,
              URGENCY_RANK[i.urgency],
              i.assignee?.id ?? null,
              i.updatedAt,
              i.version,
              JSON.stringify(i),
            ],
          };
          const messages = this.outboxInsert(
            fillPlaceholders(outbox, { incidentId, reference: current.reference }),
          );
          const all = chain([
            update,
            this.eventInsert(next.event),
            ...(messages ? [messages] : []),
          ]);
          await c.query(all.text, all.values);
          return next;
        });
      },
      get: async (id) =>
        (await this.query('SELECT doc FROM incidents WHERE id = $1', [id]))[0]?.doc,
      getByReference: async (reference) =>
        (await this.query('SELECT doc FROM incidents WHERE reference = $1', [reference]))[0]?.doc,
      events: async (incidentId) =>
        (
          await this.query('SELECT body FROM incident_events WHERE incident_id = $1 ORDER BY seq', [
            incidentId,
          ])
        ).map((r) => r.body as IncidentEvent),
      list: async (filter?: IncidentFilter) => {
        const limit = validateLimit(filter?.limit);
        const { where, params } = whereClause(filter);
        const limitSql = limit === undefined ? '' : `LIMIT $${params.length + 1}`;
        const rows = await this.query(
          `SELECT doc FROM incidents ${where}
           ORDER BY urgency_rank DESC, created_at, school_year, ref_seq ${limitSql}`,
          limit === undefined ? params : [...params, limit],
        );
        return rows.map((r) => r.doc as Incident);
      },
      count: async (filter?: IncidentFilter) => {
        const { where, params } = whereClause(filter);
        const rows = await this.query(`SELECT count(*) AS n FROM incidents ${where}`, params);
        return Number(rows[0].n);
      },
      setCardLocation: async (incidentId, location) => {
        const rows = await this.query(
          'UPDATE incidents SET card_location = $2 WHERE id = $1 RETURNING id',
          [incidentId, JSON.stringify(location)],
        );
        if (rows.length !== 1) throw new NotFoundError('Sorry, that report could not be found.');
      },
      getCardLocation: async (incidentId) =>
        (await this.query('SELECT card_location FROM incidents WHERE id = $1', [incidentId]))[0]
          ?.card_location ?? undefined,
      purgeCreatedBefore: (before: Date, options: PurgeOptions = {}) =>
        this.tx(async (c) => {
          const { rows } = await c.query(
            `DELETE FROM incidents WHERE created_at < $1
             ${options.closedOnly ? 'AND status = ANY($2) AND updated_at < $1' : ''}
             RETURNING reference, school_year, ref_seq`,
            options.closedOnly ? [before, CLOSED_STATUSES] : [before],
          );
          // Finished deliveries may carry report text: they go with the incidents.
          await c.query(
            `DELETE FROM outbox WHERE created_at < $1
             AND (delivered_at IS NOT NULL OR failed_permanently)`,
            [before],
          );
          const references = rows
            .sort((a, b) => a.school_year - b.school_year || a.ref_seq - b.ref_seq)
            .map((r) => r.reference as string);
          if (options.audit) {
            await this.insertAudit(c, {
              ...options.audit,
              detail: { ...options.audit.detail, count: references.length, references },
            });
          }
          return references;
        }),
    };
  }

  private outboxRepository(): OutboxRepository {
    const finish = async (sql: string, id: string, params: unknown[]) => {
      const rows = /^\d{1,18}$/.test(id) ? await this.query(sql, [id, ...params]) : [];
      if (rows.length !== 1) throw new NotFoundError('Sorry, that delivery could not be found.');
    };
    return {
      enqueue: async (messages) => {
        validateOutbox(messages);
        await this.tx((c) => this.enqueueIn(c, messages));
      },
      claimDue: async (now, limit, leaseMs) => {
        const rows = await this.query(
          `UPDATE outbox o SET locked_until = $2, attempts = o.attempts + 1
           FROM (
             SELECT id FROM outbox
             WHERE delivered_at IS NULL AND NOT failed_permanently AND next_attempt_at <= $1
               AND (locked_until IS NULL OR locked_until <= $1)
             ORDER BY next_attempt_at, id
             LIMIT $3
             FOR UPDATE SKIP LOCKED
           ) due
           WHERE o.id = due.id
           RETURNING o.*`,
          [now, new Date(now.getTime() + leaseMs), limit],
        );
        return rows
          .sort((a, b) => a.next_attempt_at - b.next_attempt_at || Number(a.id) - Number(b.id))
          .map(outboxMessage);
      },
      markDelivered: (id, at) =>
        finish(
          'UPDATE outbox SET delivered_at = $2, locked_until = NULL WHERE id = $1 RETURNING id',
          id,
          [at],
        ),
      markFailed: (id, error, nextAttemptAt, permanent = false) =>
        finish(
          `UPDATE outbox SET last_error = $2, next_attempt_at = $3, locked_until = NULL,
             failed_permanently = failed_permanently OR $4 WHERE id = $1 RETURNING id`,
          id,
          [truncateError(error), nextAttemptAt, permanent],
        ),
      retryNow: async (now, topics) =>
        (
          await this.query(
            `UPDATE outbox SET failed_permanently = false, next_attempt_at = $1, locked_until = NULL
               WHERE delivered_at IS NULL AND (locked_until IS NULL OR locked_until <= $1)
                 AND ($2::text[] IS NULL OR topic = ANY($2::text[]))
             RETURNING id`,
            [now, topics?.length ? topics : null],
          )
        ).length,
      undelivered: async () =>
        (
          await this.query(
            'SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, id',
          )
        ).map(outboxMessage),
    };
  }

  private settingsRepository(): SettingsRepository {
    return {
      get: async <T>(key: string) =>
        (await this.query('SELECT value FROM settings WHERE key = $1', [key]))[0]?.value as
          T | undefined,
      set: async (key, value) => {
        await this.query(
          `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [key, JSON.stringify(value ?? null), this.clock.now()],
        );
      },
    };
  }

  private feedbackRepository(): FeedbackRepository {
    return {
      record: async (input) => {
        await this.query(
          `INSERT INTO feedback (answer_id, document_title, section, helpful, user_id, at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            input.answerId,
            input.documentTitle ?? null,
            input.section ?? null,
            input.helpful,
            input.userId,
            input.at,
          ],
        );
      },
      counts: async () => {
        const [row] = await this.query(
          'SELECT count(*) FILTER (WHERE helpful) AS yes, count(*) FILTER (WHERE NOT helpful) AS no FROM feedback',
        );
        return { helpful: Number(row.yes), notHelpful: Number(row.no) };
      },
      summary: async (query) => {
        const { since, limit } = validateFeedbackQuery(query);
        const where = since ? 'WHERE at >= $1' : '';
        const params = since ? [since] : [];
        // One snapshot for both statements, so the totals and the sections agree.
        return this.tx(async (c) => {
          await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
          const {
            rows: [totals],
          } = await c.query(
            `SELECT count(*) FILTER (WHERE helpful) AS helpful_votes,
               count(*) FILTER (WHERE NOT helpful) AS not_helpful_votes
             FROM feedback ${where}`,
            params,
          );
          const { rows } = await c.query(
            `SELECT document_title, section,
               count(*) FILTER (WHERE helpful) AS helpful_votes,
               count(*) FILTER (WHERE NOT helpful) AS not_helpful_votes
             FROM feedback ${where}
             GROUP BY document_title, section
             HAVING count(*) FILTER (WHERE NOT helpful) > 0
             ORDER BY not_helpful_votes DESC, helpful_votes ASC,
               coalesce(document_title, '') COLLATE "C", coalesce(section, '') COLLATE "C"
             LIMIT $${params.length + 1}`,
            [...params, limit],
          );
          return {
            helpful: Number(totals.helpful_votes),
            notHelpful: Number(totals.not_helpful_votes),
            sections: rows.map(sectionFeedbackRow),
          };
        });
      },
    };
  }

  private questionRepository(): SltQuestionRepository {
    return {
      create: async (q, outbox = []) => {
        validateOutbox(outbox);
        if (!q || typeof q.question !== 'string' || !q.asker?.id) {
          throw new ValidationError('Sorry, that question could not be saved.', {
            question: 'The question is missing.',
          });
        }
        const question: SltQuestion = JSON.parse(JSON.stringify({ ...q, id: newId() }));
        return this.tx(async (c) => {
          await c.query('INSERT INTO slt_questions (id, asked_at, doc) VALUES ($1, $2, $3)', [
            question.id,
            question.askedAt,
            JSON.stringify(question),
          ]);
          await this.enqueueIn(c, fillPlaceholders(outbox, { questionId: question.id }));
          return question;
        });
      },
      get: async (id) =>
        (await this.query('SELECT doc FROM slt_questions WHERE id = $1', [id]))[0]?.doc,
      answer: async (id, text, by, at, outbox = []) => {
        validateOutbox(outbox);
        return this.tx(async (c) => {
          const { rows } = await c.query('SELECT doc FROM slt_questions WHERE id = $1 FOR UPDATE', [
            id,
          ]);
          const q = rows[0]?.doc as SltQuestion | undefined;
          if (!q) throw new NotFoundError('Sorry, that question could not be found.');
          if (q.answer) throw new ConflictError('This question has already been answered.');
          const answered: SltQuestion = {
            ...q,
            answer: { text, by: { id: by.id, name: by.name }, at: at.toISOString() },
          };
          await c.query('UPDATE slt_questions SET doc = $2, answered_at = $3 WHERE id = $1', [
            id,
            JSON.stringify(answered),
            at,
          ]);
          await this.enqueueIn(c, fillPlaceholders(outbox, { questionId: id }));
          return answered;
        });
      },
    };
  }

  private addressBook(): AddressBook {
    return {
      save: async (userId, address) => {
        await this.query(
          `INSERT INTO addresses (user_id, address, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at`,
          [userId, JSON.stringify(address), this.clock.now()],
        );
      },
      get: async (userId) =>
        (await this.query('SELECT address FROM addresses WHERE user_id = $1', [userId]))[0]
          ?.address,
    };
  }

  private stateStorage(): StateStorage {
    return {
      read: async (keys) => {
        const out: Record<string, StoredDocument> = {};
        if (keys.length === 0) return out;
        const rows = await this.query(
          'SELECT key, value, etag FROM bot_state WHERE key = ANY($1)',
          [keys],
        );
        for (const r of rows) out[r.key] = { value: r.value, eTag: r.etag };
        return out;
      },
      write: (changes) =>
        this.tx(async (c) => {
          const now = this.clock.now();
          // Sorted so two instances writing overlapping batches lock rows in the same order.
          for (const key of Object.keys(changes).sort()) {
            const change = changes[key];
            const { rows } = await c.query('SELECT etag FROM bot_state WHERE key = $1 FOR UPDATE', [
              key,
            ]);
            if (
              rows[0] &&
              isOptimistic(change.expectedETag) &&
              rows[0].etag !== change.expectedETag
            ) {
              throw stateConflict(key);
            }
            await c.query(
              `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
                 updated_at = excluded.updated_at`,
              [key, JSON.stringify(change.value), newId(), now],
            );
          }
        }),
      delete: async (keys) => {
        if (keys.length > 0) await this.query('DELETE FROM bot_state WHERE key = ANY($1)', [keys]);
      },
    };
  }

  private auditLog(): AuditLog {
    return {
      record: async (entry) => {
        await this.tx((c) => this.insertAudit(c, entry));
      },
      list: async (filter = {}) => {
        const limit = validateLimit(filter.limit);
        const params: unknown[] = filter.action ? [filter.action] : [];
        const where = filter.action ? 'WHERE action = $1' : '';
        const limitSql = limit === undefined ? '' : `LIMIT $${params.length + 1}`;
        const rows = await this.query(
          `SELECT * FROM audit_log ${where} ORDER BY id DESC ${limitSql}`,
          limit === undefined ? params : [...params, limit],
        );
        return rows.map(auditEntry);
      },
    };
  }
}

/** Advisory-lock key for migrations: instances starting together take turns. */
const MIGRATION_LOCK = 'safeguard-bot:migrations';

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory lock, so when
 * several instances start at once one migrates and the others wait, then find nothing to do.
 */
export async function migrate(
  pool: Pool,
  migrations: Migration[],
  schema?: string,
): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `${MIGRATION_LOCK}:${schema ?? ''}`,
    ]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
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
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      done.push(m.version);
    }
    await client.query('COMMIT');
    return done;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e;
    });
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

function whereClause(filter: IncidentFilter = {}): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (filter.status) add((p) => `status = ANY(${p})`, filter.status);
  if (filter.type) add((p) => `type = ANY(${p})`, filter.type);
  if (filter.reporterId !== undefined) add((p) => `reporter_id = ${p}`, filter.reporterId);
  if (filter.unassignedOnly) clauses.push('assignee_id IS NULL');
  if (filter.createdFrom) add((p) => `created_at >= ${p}`, filter.createdFrom);
  if (filter.createdTo) add((p) => `created_at < ${p}`, filter.createdTo);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const iso = (v: unknown): string => (v as Date).toISOString();

function outboxMessage(row: Row): OutboxMessage {
  return {
    id: String(row.id),
    key: row.key,
    topic: row.topic,
    payload: row.payload,
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at),
    nextAttemptAt: iso(row.next_attempt_at),
    ...(row.last_error != null ? { lastError: row.last_error } : {}),
    ...(row.delivered_at != null ? { deliveredAt: iso(row.delivered_at) } : {}),
    ...(row.failed_permanently ? { failedPermanently: true } : {}),
  };
}

function auditEntry(row: Row): AuditEntry {
  return {
    id: String(row.id),
    action: row.action,
    actorId: row.actor_id,
    ...(row.subject != null ? { subject: row.subject } : {}),
    at: iso(row.at),
    ...(row.detail != null ? { detail: row.detail } : {}),
  };
}
