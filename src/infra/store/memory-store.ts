import {
  ConflictError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
} from '../../core/errors';
import { systemClock, type Clock } from '../../core/clock';
import type { Person } from '../../core/people';
import { schoolYearOf, type Incident, type IncidentEvent } from '../../core/incidents/incident';
import type {
  AddressBook,
  AuditEntry,
  AuditEntryInput,
  AuditLog,
  FeedbackInput,
  FeedbackRepository,
  IncidentFilter,
  SectionFeedback,
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
import {
  compareForQueue,
  compareSectionFeedback,
  dropUndefined,
  conflict,
  isOptimistic,
  stateConflict,
  createIncident,
  fillPlaceholders,
  isPurgeable,
  matchesFilter,
  newId,
  nextEvent,
  referenceSequence,
  truncateError,
  validateAppend,
  validateLimit,
  validateFeedbackQuery,
  validateOutbox,
  validateSubmit,
  type AppendBody,
} from './store-support';

const clone = <T>(v: T): T => structuredClone(v);

interface OutboxRow extends OutboxMessage {
  lockedUntil?: number;
}

/**
 * In-memory Store: the reference semantics for the contract suite and a fast fake for other tests.
 * Every value is cloned on the way in and out, so callers cannot change stored records by mutation.
 * `setUnavailable(true)` makes every call throw StoreUnavailableError, to test outage handling.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly incidents: IncidentRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly questions: SltQuestionRepository;
  readonly addresses: AddressBook;
  readonly state: StateStorage;
  readonly audit: AuditLog;

  private unavailable = false;
  private closed = false;
  private readonly incidentRows = new Map<string, Incident>();
  private readonly eventRows = new Map<string, IncidentEvent[]>();
  private readonly byKey = new Map<string, string>();
  private readonly byReference = new Map<string, string>();
  private readonly cardLocations = new Map<string, Record<string, unknown>>();
  private readonly counters = new Map<number, number>();
  private readonly outboxRows = new Map<string, OutboxRow>();
  private readonly outboxKeys = new Set<string>();
  private readonly settingRows = new Map<string, unknown>();
  private readonly feedbackRows: FeedbackInput[] = [];
  private readonly questionRows = new Map<string, SltQuestion>();
  private readonly addressRows = new Map<string, Record<string, unknown>>();
  private readonly stateRows = new Map<string, StoredDocument>();
  private readonly auditRows: AuditEntry[] = [];
  private eTagCounter = 0;

  constructor(private readonly clock: Clock = systemClock) {
    const guard = <T extends object>(repo: T): T => {
      const wrapped = {} as T;
      for (const [name, fn] of Object.entries(repo) as [keyof T, unknown][]) {
        wrapped[name] = (async (...args: unknown[]) => {
          this.check();
          return (fn as (...a: unknown[]) => unknown)(...args);
        }) as T[keyof T];
      }
      return wrapped;
    };
    this.incidents = guard(this.incidentRepository());
    this.outbox = guard(this.outboxRepository());
    this.settings = guard<SettingsRepository>({
      get: async <T>(key: string) => clone(this.settingRows.get(key)) as T | undefined,
      set: async (key, value) => {
        this.settingRows.set(key, value === undefined ? null : clone(value)); // as JSON stores it
      },
    });
    this.feedback = guard<FeedbackRepository>({
      record: async (input) => {
        this.feedbackRows.push(clone(input));
      },
      counts: async () => ({
        helpful: this.feedbackRows.filter((f) => f.helpful).length,
        notHelpful: this.feedbackRows.filter((f) => !f.helpful).length,
      }),
      summary: async (query) => {
        const { since, limit } = validateFeedbackQuery(query);
        const rows = this.feedbackRows.filter((f) => !since || f.at.getTime() >= since.getTime());
        const bySection = new Map<string, SectionFeedback>();
        for (const f of rows) {
          const key = JSON.stringify([f.documentTitle ?? null, f.section ?? null]);
          const entry = bySection.get(key) ?? {
            ...dropUndefined({ documentTitle: f.documentTitle, section: f.section }),
            helpful: 0,
            notHelpful: 0,
          };
          if (f.helpful) entry.helpful++;
          else entry.notHelpful++;
          bySection.set(key, entry);
        }
        return {
          helpful: rows.filter((f) => f.helpful).length,
          notHelpful: rows.filter((f) => !f.helpful).length,
          sections: [...bySection.values()]
            .filter((s) => s.notHelpful > 0)
            .sort(compareSectionFeedback)
            .slice(0, limit),
        };
      },
    });
    this.questions = guard(this.questionRepository());
    this.addresses = guard<AddressBook>({
      save: async (userId, address) => {
        this.addressRows.set(userId, clone(address));
      },
      get: async (userId) => clone(this.addressRows.get(userId)),
    });
    this.state = guard(this.stateStorage());
    this.audit = guard<AuditLog>({
      record: async (entry) => {
        this.auditRows.push(this.auditEntry(entry));
      },
      list: async (filter = {}) => {
        const rows = this.auditRows
          .filter((e) => !filter.action || e.action === filter.action)
          .slice()
          .reverse();
        return clone(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
      },
    });
  }

  /** Simulates the database going away (true) or coming back (false). */
  setUnavailable(unavailable: boolean): void {
    this.unavailable = unavailable;
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    return this.unavailable || this.closed
      ? { ok: false, detail: 'memory store unavailable' }
      : { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.unavailable || this.closed) {
      throw new StoreUnavailableError(
        'Sorry, records cannot be reached just now. Nothing was saved; please try again shortly.',
        this.closed ? 'memory store closed' : 'memory store set unavailable',
      );
    }
  }

  private auditEntry(entry: AuditEntryInput): AuditEntry {
    return clone({
      id: newId(),
      action: entry.action,
      actorId: entry.actorId,
      ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
      at: entry.at.toISOString(),
      ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
    });
  }

  private enqueueNow(messages: NewOutboxMessage[]): void {
    const now = this.clock.now().toISOString();
    for (const m of messages) {
      if (this.outboxKeys.has(m.key)) continue;
      this.outboxKeys.add(m.key);
      const id = newId();
      this.outboxRows.set(id, {
        id,
        key: m.key,
        topic: m.topic,
        payload: clone(m.payload),
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
      });
    }
  }

  private incidentRepository(): IncidentRepository {
    return {
      submit: async (input: SubmitInput) => {
        validateSubmit(input);
        validateOutbox(input.outbox);
        const existing = this.byKey.get(input.idempotencyKey);
        if (existing) return { incident: clone(this.incidentRows.get(existing)!), created: false };
        const schoolYear = schoolYearOf(input.at);
        const sequence = (this.counters.get(schoolYear) ?? 0) + 1;
        const id = newId();
        const { incident, event } = createIncident(id, schoolYear, sequence, clone(input));
        this.counters.set(schoolYear, sequence);
        this.incidentRows.set(id, incident);
        this.eventRows.set(id, [event]);
        this.byKey.set(input.idempotencyKey, id);
        this.byReference.set(incident.reference, id);
        this.enqueueNow(
          fillPlaceholders(input.outbox, { incidentId: id, reference: incident.reference }),
        );
        return { incident: clone(incident), created: true };
      },
      append: async (incidentId, expectedVersion, actor, body: AppendBody, at, outbox = []) => {
        validateAppend(expectedVersion, actor, body, at);
        validateOutbox(outbox);
        const current = this.incidentRows.get(incidentId);
        if (!current) throw new NotFoundError('Sorry, that report could not be found.');
        if (current.version !== expectedVersion) {
          throw conflict(expectedVersion, current.version);
        }
        const next = nextEvent(current, actor, clone(body), at);
        this.incidentRows.set(incidentId, next.incident);
        this.eventRows.get(incidentId)!.push(next.event);
        this.enqueueNow(fillPlaceholders(outbox, { incidentId, reference: current.reference }));
        return clone(next);
      },
      get: async (id) => clone(this.incidentRows.get(id)),
      getByReference: async (reference) => {
        const id = this.byReference.get(reference);
        return id ? clone(this.incidentRows.get(id)) : undefined;
      },
      events: async (incidentId) => clone(this.eventRows.get(incidentId) ?? []),
      list: async (filter?: IncidentFilter) => {
        const limit = validateLimit(filter?.limit);
        const rows = [...this.incidentRows.values()]
          .filter((i) => matchesFilter(i, filter))
          .sort(compareForQueue);
        return clone(limit === undefined ? rows : rows.slice(0, limit));
      },
      count: async (filter?: IncidentFilter) =>
        [...this.incidentRows.values()].filter((i) => matchesFilter(i, filter)).length,
      setCardLocation: async (incidentId, location) => {
        if (!this.incidentRows.has(incidentId)) {
          throw new NotFoundError('Sorry, that report could not be found.');
        }
        this.cardLocations.set(incidentId, clone(location));
      },
      getCardLocation: async (incidentId) => clone(this.cardLocations.get(incidentId)),
      purgeCreatedBefore: async (before: Date, options: PurgeOptions = {}) => {
        const purged: string[] = [];
        const doomed = [...this.incidentRows.values()]
          .filter((i) => isPurgeable(i, before, !!options.closedOnly))
          .sort(
            (a, b) =>
              a.schoolYear - b.schoolYear ||
              referenceSequence(a.reference) - referenceSequence(b.reference),
          );
        for (const incident of doomed) {
          this.incidentRows.delete(incident.id);
          this.eventRows.delete(incident.id);
          this.cardLocations.delete(incident.id);
          this.byReference.delete(incident.reference);
          for (const [key, id] of this.byKey) if (id === incident.id) this.byKey.delete(key);
          purged.push(incident.reference);
        }
        this.purgeOutbox(before);
        if (options.audit) {
          const entry = this.auditEntry(options.audit);
          entry.detail = { ...entry.detail, count: purged.length, references: purged };
          this.auditRows.push(entry);
        }
        return purged;
      },
    };
  }

  /** Finished deliveries older than the cut-off may carry report text: they go with the incidents. */
  private purgeOutbox(before: Date): void {
    for (const [id, row] of this.outboxRows) {
      const finished = row.deliveredAt !== undefined || row.failedPermanently;
      if (finished && Date.parse(row.createdAt) < before.getTime()) this.outboxRows.delete(id);
    }
  }

  private outboxRepository(): OutboxRepository {
    const find = (id: string): OutboxRow => {
      const row = this.outboxRows.get(id);
      if (!row) throw new NotFoundError('Sorry, that delivery could not be found.');
      return row;
    };
    const view = (row: OutboxRow): OutboxMessage => {
      const { lockedUntil: _locked, ...message } = row;
      return clone(message);
    };
    return {
      enqueue: async (messages) => {
        validateOutbox(messages);
        this.enqueueNow(messages);
      },
      claimDue: async (now, limit, leaseMs) => {
        const t = now.getTime();
        const due = [...this.outboxRows.values()]
          .filter(
            (r) =>
              r.deliveredAt === undefined &&
              !r.failedPermanently &&
              Date.parse(r.nextAttemptAt) <= t &&
              (r.lockedUntil === undefined || r.lockedUntil <= t),
          )
          .sort(
            (a, b) =>
              a.nextAttemptAt.localeCompare(b.nextAttemptAt) ||
              a.createdAt.localeCompare(b.createdAt),
          )
          .slice(0, limit);
        for (const r of due) {
          r.lockedUntil = t + leaseMs;
          r.attempts += 1;
        }
        return due.map(view);
      },
      markDelivered: async (id, at) => {
        const row = find(id);
        row.deliveredAt = at.toISOString();
        row.lockedUntil = undefined;
      },
      markFailed: async (id, error, nextAttemptAt, permanent = false) => {
        const row = find(id);
        row.lastError = truncateError(error);
        row.nextAttemptAt = nextAttemptAt.toISOString();
        row.lockedUntil = undefined;
        if (permanent) row.failedPermanently = true;
      },
      retryNow: async (now, topics) => {
        let count = 0;
        for (const row of this.outboxRows.values()) {
          if (row.deliveredAt !== undefined) continue;
          if (row.lockedUntil !== undefined && row.lockedUntil > now.getTime()) continue;
          if (topics && !topics.includes(row.topic)) continue;
          row.failedPermanently = false;
          row.nextAttemptAt = now.toISOString();
          row.lockedUntil = undefined;
          count++;
        }
        return count;
      },
      undelivered: async () =>
        [...this.outboxRows.values()]
          .filter((r) => r.deliveredAt === undefined)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map(view),
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
        const question: SltQuestion = clone({ ...q, id: newId() });
        this.questionRows.set(question.id, question);
        this.enqueueNow(fillPlaceholders(outbox, { questionId: question.id }));
        return clone(question);
      },
      get: async (id) => clone(this.questionRows.get(id)),
      answer: async (id, text, by: Person, at, outbox = []) => {
        validateOutbox(outbox);
        const q = this.questionRows.get(id);
        if (!q) throw new NotFoundError('Sorry, that question could not be found.');
        if (q.answer) {
          throw new ConflictError('This question has already been answered.');
        }
        q.answer = { text, by: { id: by.id, name: by.name }, at: at.toISOString() };
        this.enqueueNow(fillPlaceholders(outbox, { questionId: id }));
        return clone(q);
      },
    };
  }

  private stateStorage(): StateStorage {
    return {
      read: async (keys) => {
        const out: Record<string, StoredDocument> = {};
        for (const k of keys) {
          const doc = this.stateRows.get(k);
          if (doc) out[k] = clone(doc);
        }
        return out;
      },
      write: async (changes) => {
        // Check every key first so a conflict writes nothing.
        for (const [key, change] of Object.entries(changes)) {
          const existing = this.stateRows.get(key);
          if (
            existing &&
            isOptimistic(change.expectedETag) &&
            existing.eTag !== change.expectedETag
          ) {
            throw stateConflict(key);
          }
        }
        for (const [key, change] of Object.entries(changes)) {
          this.stateRows.set(key, { value: clone(change.value), eTag: `m${++this.eTagCounter}` });
        }
      },
      delete: async (keys) => {
        for (const k of keys) this.stateRows.delete(k);
      },
    };
  }
}
