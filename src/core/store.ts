import type { Person } from './people';
import type {
  Incident,
  IncidentEvent,
  IncidentEventBody,
  IncidentReport,
} from './incidents/incident';
import type { IncidentTypeId, Urgency } from './incidents/incident-types';

/**
 * Storage ports of the domain core. Adapters: MemoryStore (tests), SqliteStore (embedded default),
 * PostgresStore (scale-out). One shared contract suite (test/infra/store/store-contract.ts) runs against all.
 *
 * Rules every adapter keeps:
 * - An incident's state and its events change in one transaction; events are never updated or deleted
 *   (except by retention purge, which removes whole incidents).
 * - Outbox messages passed to submit/append are written in that same transaction.
 * - `append` with a stale `expectedVersion` throws ConflictError and writes nothing.
 * - `submit` with an idempotency key already used returns the existing incident with `created: false`.
 * - References are allocated per school year without gaps or duplicates, even across instances.
 * - When the database cannot be reached, methods throw StoreUnavailableError.
 */
export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  readonly incidents: IncidentRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly questions: SltQuestionRepository;
  readonly addresses: AddressBook;
  /** Key-value documents with eTags, backing the bot's conversation state (wizard drafts). */
  readonly state: StateStorage;
  /** Who exported or purged records, when: append-only, kept after the incidents it names are purged. */
  readonly audit: AuditLog;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export interface NewOutboxMessage {
  /** Unique per logical delivery, e.g. `slt-post:<incidentId>` or `notify:<incidentId>:<seq>`. Re-adding one is a no-op. */
  key: string;
  /** What the delivery worker does, e.g. 'slt.post_incident', 'slt.update_card', 'reporter.notify'. */
  topic: string;
  payload: Record<string, unknown>;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: string;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastError?: string;
  deliveredAt?: string;
  /** Permanent failure (e.g. the bot was removed from the team) stays visible in `status`. */
  failedPermanently?: boolean;
}

export interface SubmitInput {
  idempotencyKey: string;
  reporter: Person;
  report: IncidentReport;
  urgency: Urgency;
  at: Date;
  /** Messages to enqueue in the same transaction; `{incidentId}` / `{reference}` in keys and string payload values are filled in. */
  outbox: NewOutboxMessage[];
}

export interface IncidentFilter {
  status?: Incident['status'][];
  type?: IncidentTypeId[];
  reporterId?: string;
  unassignedOnly?: boolean;
  /** Inclusive. */
  createdFrom?: Date;
  /** Exclusive. */
  createdTo?: Date;
  limit?: number;
}

export interface PurgeOptions {
  /**
   * Only purge incidents that are closed or withdrawn and have had no event since `before`, so an
   * open case or one still being worked on is never removed by retention.
   */
  closedOnly?: boolean;
  /** Written in the same transaction as the purge; the store adds `references` and `count` to its detail. */
  audit?: AuditEntryInput;
}

export interface IncidentRepository {
  submit(input: SubmitInput): Promise<{ incident: Incident; created: boolean }>;
  /** Appends one event if the incident is still at `expectedVersion`; returns the new state and the stored event. */
  append(
    incidentId: string,
    expectedVersion: number,
    actor: Person,
    body: Exclude<IncidentEventBody, { kind: 'created' }>,
    at: Date,
    outbox?: NewOutboxMessage[],
  ): Promise<{ incident: Incident; event: IncidentEvent }>;
  get(id: string): Promise<Incident | undefined>;
  getByReference(reference: string): Promise<Incident | undefined>;
  events(incidentId: string): Promise<IncidentEvent[]>;
  /** Urgent first, then oldest first. */
  list(filter?: IncidentFilter): Promise<Incident[]>;
  count(filter?: IncidentFilter): Promise<number>;
  /** Where the triage card for this incident lives in the SLT channel (opaque to the core). */
  setCardLocation(incidentId: string, location: Record<string, unknown>): Promise<void>;
  getCardLocation(incidentId: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Removes incidents (and their events) created before `before`; returns the references purged.
   * Delivered or permanently failed outbox messages created before `before` go too (their payloads
   * may quote the report). References are never reused.
   */
  purgeCreatedBefore(before: Date, options?: PurgeOptions): Promise<string[]>;
}

export interface OutboxRepository {
  enqueue(messages: NewOutboxMessage[]): Promise<void>;
  /**
   * Claims due messages for one worker; a claimed message is invisible to other workers until released or its lease expires.
   * Each claim counts as an attempt: returned messages carry the incremented `attempts`.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markDelivered(id: string, at: Date): Promise<void>;
  markFailed(id: string, error: string, nextAttemptAt: Date, permanent?: boolean): Promise<void>;
  /** Not yet delivered (pending, retrying or failed permanently). */
  undelivered(): Promise<OutboxMessage[]>;
  /**
   * Makes every undelivered message (optionally only these topics) due at `now`, clearing a permanent
   * failure: e.g. after `setup` once the bot is back in the SLT team. Messages a worker holds right now
   * are left alone. Returns how many were re-queued.
   */
  retryNow(now: Date, topics?: string[]): Promise<number>;
}

export interface SettingsRepository {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface FeedbackInput {
  /** Stable id of the answered question/answer shown, not the question text. */
  answerId: string;
  documentTitle?: string;
  section?: string;
  helpful: boolean;
  userId: string;
  at: Date;
}

export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/** Votes on answers that quoted one section; `documentTitle`/`section` are absent when not recorded. */
export interface SectionFeedback extends FeedbackCounts {
  documentTitle?: string;
  section?: string;
}

export interface FeedbackSummaryQuery {
  /** Only votes at or after this instant; all votes when absent. */
  since?: Date;
  /** At most this many sections. */
  limit: number;
}

export interface FeedbackSummary extends FeedbackCounts {
  /**
   * Sections with at least one "not helpful" vote, most not-helpful first, then the larger
   * not-helpful share (for equal not-helpful counts: fewer helpful votes), then by document title
   * and section, a missing one as empty text.
   */
  sections: SectionFeedback[];
}

export interface FeedbackRepository {
  record(input: FeedbackInput): Promise<void>;
  counts(): Promise<FeedbackCounts>;
  /** Totals and the sections most often marked not helpful; aggregates only, never who voted. */
  summary(query: FeedbackSummaryQuery): Promise<FeedbackSummary>;
}

export interface SltQuestion {
  id: string;
  asker: Person;
  question: string;
  botAnswer?: string;
  askedAt: string;
  answer?: { text: string; by: Person; at: string };
}

export interface SltQuestionRepository {
  create(q: Omit<SltQuestion, 'id' | 'answer'>, outbox?: NewOutboxMessage[]): Promise<SltQuestion>;
  get(id: string): Promise<SltQuestion | undefined>;
  /** Sets the answer once; a second answer throws ConflictError. */
  answer(
    id: string,
    text: string,
    by: Person,
    at: Date,
    outbox?: NewOutboxMessage[],
  ): Promise<SltQuestion>;
}

/** Where to reach a user proactively (a Teams conversation reference, opaque to the core). */
export interface AddressBook {
  save(userId: string, address: Record<string, unknown>): Promise<void>;
  get(userId: string): Promise<Record<string, unknown> | undefined>;
}

export interface StoredDocument {
  value: Record<string, unknown>;
  eTag: string;
}

export interface StateStorage {
  read(keys: string[]): Promise<Record<string, StoredDocument>>;
  /** Writes each document; when `expectedETag` is given and not '*', a mismatch throws ConflictError. */
  write(
    changes: Record<string, { value: Record<string, unknown>; expectedETag?: string }>,
  ): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export interface AuditEntryInput {
  /** What happened, e.g. 'incident.exported', 'incidents.purged', 'incident.export_refused'. */
  action: string;
  /** Entra object id of who did it (no names: the log outlives the records). */
  actorId: string;
  /** What it was done to, e.g. an incident reference. */
  subject?: string;
  at: Date;
  detail?: Record<string, unknown>;
}

export interface AuditEntry extends Omit<AuditEntryInput, 'at'> {
  id: string;
  at: string;
}

export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
  /** Newest first. */
  list(filter?: { action?: string; limit?: number }): Promise<AuditEntry[]>;
}
