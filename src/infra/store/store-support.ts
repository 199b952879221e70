import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../core/errors';
import type { Person } from '../../core/people';
import type {
  FeedbackSummaryQuery,
  IncidentFilter,
  NewOutboxMessage,
  SectionFeedback,
  SubmitInput,
} from '../../core/store';
import {
  applyEvent,
  formatReference,
  type Incident,
  type IncidentEvent,
  type IncidentEventBody,
} from '../../core/incidents/incident';
import { isIncidentTypeId, URGENCIES, type Urgency } from '../../core/incidents/incident-types';

/** Logic every adapter shares, so the three stores cannot drift apart in meaning. */

/** Sort key for "urgent first": higher is more urgent. */
export const URGENCY_RANK: Record<Urgency, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

export const OPEN_STATUSES: Incident['status'][] = ['new', 'acknowledged'];
export const CLOSED_STATUSES: Incident['status'][] = ['closed', 'withdrawn'];

const APPENDABLE_KINDS = new Set<IncidentEventBody['kind']>([
  'acknowledged',
  'assigned',
  'urgency_changed',
  'note_added',
  'question_asked',
  'reporter_answered',
  'info_added',
  'escalated',
  'closed',
  'reopened',
  'withdrawn',
]);

export type AppendBody = Exclude<IncidentEventBody, { kind: 'created' }>;

export function newId(): string {
  return randomUUID();
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function isPerson(p: unknown): p is Person {
  const o = p as Person | undefined;
  return !!o && typeof o.id === 'string' && o.id.length > 0 && typeof o.name === 'string';
}

export function validateSubmit(input: SubmitInput): void {
  const errors: Record<string, string> = {};
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length === 0) {
    errors.idempotencyKey = 'A submission key is required.';
  } else if (input.idempotencyKey.length > 200) {
    errors.idempotencyKey = 'The submission key is too long.';
  }
  if (!isPerson(input.reporter)) errors.reporter = 'The reporter is missing.';
  if (!input.report || !isIncidentTypeId(input.report.type))
    errors.type = 'Choose a type of incident.';
  if (!(URGENCIES as readonly string[]).includes(input.urgency))
    errors.urgency = 'Choose an urgency.';
  if (!isValidDate(input.at)) errors.at = 'The submission time is missing.';
  if (!Array.isArray(input.outbox)) errors.outbox = 'Deliveries are missing.';
  if (Object.keys(errors).length > 0) {
    throw new ValidationError(
      'Sorry, that report could not be saved because it is incomplete.',
      errors,
    );
  }
}

export function validateAppend(
  expectedVersion: number,
  actor: Person,
  body: AppendBody,
  at: Date,
): void {
  const errors: Record<string, string> = {};
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1)
    errors.expectedVersion = 'Invalid version.';
  if (!isPerson(actor)) errors.actor = 'Who made this change is missing.';
  if (!body || !APPENDABLE_KINDS.has(body.kind)) errors.kind = 'Unknown kind of change.';
  if (!isValidDate(at)) errors.at = 'The time of the change is missing.';
  if (Object.keys(errors).length > 0) {
    throw new ValidationError('Sorry, that change could not be saved.', errors);
  }
}

export function validateOutbox(messages: NewOutboxMessage[]): void {
  for (const m of messages) {
    if (!m || typeof m.key !== 'string' || !m.key || typeof m.topic !== 'string' || !m.topic) {
      throw new ValidationError('Sorry, that could not be saved.', { outbox: 'Invalid delivery.' });
    }
  }
}

/** Builds the first state and the `created` event for a new incident. */
export function createIncident(
  id: string,
  schoolYear: number,
  sequence: number,
  input: SubmitInput,
): { incident: Incident; event: IncidentEvent } {
  const at = input.at.toISOString();
  const event: IncidentEvent = {
    kind: 'created',
    report: input.report,
    urgency: input.urgency,
    incidentId: id,
    seq: 1,
    actor: { id: input.reporter.id, name: input.reporter.name },
    at,
  };
  const blank: Incident = {
    id,
    reference: formatReference(schoolYear, sequence),
    schoolYear,
    reporter: { id: input.reporter.id, name: input.reporter.name },
    report: input.report,
    status: 'new',
    urgency: input.urgency,
    escalations: [],
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  return { incident: dropUndefined(applyEvent(blank, event)), event };
}

/** Builds the next event and the state after it; the caller has already checked the version. */
export function nextEvent(
  current: Incident,
  actor: Person,
  body: AppendBody,
  at: Date,
): { incident: Incident; event: IncidentEvent } {
  const event = {
    ...body,
    incidentId: current.id,
    seq: current.version + 1,
    actor: { id: actor.id, name: actor.name },
    at: at.toISOString(),
  } as IncidentEvent;
  return { incident: dropUndefined(applyEvent(current, event)), event };
}

/** JSON round-trips drop undefined fields; drop them up front so every store returns the same shape. */
export function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Fills `{name}` placeholders (`{incidentId}`, `{reference}`, `{questionId}`) in keys and in
 * (nested) string payload values, for ids only known inside the transaction.
 */
export function fillPlaceholders(
  messages: NewOutboxMessage[],
  vars: Record<string, string>,
): NewOutboxMessage[] {
  const fill = (s: string) =>
    Object.entries(vars).reduce((acc, [name, value]) => acc.replaceAll(`{${name}}`, value), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return messages.map((m) => ({
    key: fill(m.key),
    topic: m.topic,
    payload: walk(m.payload) as Record<string, unknown>,
  }));
}

export function matchesFilter(incident: Incident, f: IncidentFilter = {}): boolean {
  if (f.status && !f.status.includes(incident.status)) return false;
  if (f.type && !f.type.includes(incident.report.type)) return false;
  if (f.reporterId !== undefined && incident.reporter.id !== f.reporterId) return false;
  if (f.unassignedOnly && incident.assignee) return false;
  const created = Date.parse(incident.createdAt);
  if (f.createdFrom && created < f.createdFrom.getTime()) return false;
  if (f.createdTo && created >= f.createdTo.getTime()) return false;
  return true;
}

/** Urgent first, then oldest first, then by reference so the order is total. */
export function compareForQueue(a: Incident, b: Incident): number {
  return (
    URGENCY_RANK[b.urgency] - URGENCY_RANK[a.urgency] ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.schoolYear - b.schoolYear ||
    referenceSequence(a.reference) - referenceSequence(b.reference)
  );
}

export function referenceSequence(reference: string): number {
  return Number(reference.slice(reference.lastIndexOf('-') + 1));
}

/** A purge candidate under PurgeOptions. */
export function isPurgeable(incident: Incident, before: Date, closedOnly: boolean): boolean {
  if (Date.parse(incident.createdAt) >= before.getTime()) return false;
  if (!closedOnly) return true;
  return (
    CLOSED_STATUSES.includes(incident.status) && Date.parse(incident.updatedAt) < before.getTime()
  );
}

export function validateLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new ValidationError('Sorry, that list could not be shown.', { limit: 'Invalid limit.' });
  }
  return limit;
}

export function validateFeedbackQuery(query: FeedbackSummaryQuery): FeedbackSummaryQuery {
  const since = query?.since;
  if (since !== undefined && !(since instanceof Date && Number.isFinite(since.getTime()))) {
    throw new ValidationError('Sorry, that period could not be read.', { since: 'Invalid date.' });
  }
  const limit = validateLimit(query?.limit);
  if (limit === undefined) {
    throw new ValidationError('Sorry, that list could not be shown.', { limit: 'Invalid limit.' });
  }
  return { since, limit };
}

/**
 * The order of FeedbackSummary.sections (src/core/store.ts): the SQL stores sort the same way, with
 * text compared by code point (COLLATE "C" on PostgreSQL, SQLite's default BINARY).
 */
export function compareSectionFeedback(a: SectionFeedback, b: SectionFeedback): number {
  const byText = (x = '', y = '') => (x < y ? -1 : x > y ? 1 : 0);
  return (
    b.notHelpful - a.notHelpful ||
    a.helpful - b.helpful ||
    byText(a.documentTitle, b.documentTitle) ||
    byText(a.section, b.section)
  );
}

/** A FeedbackSummary section from a SQL row (document_title, section, helpful_votes, not_helpful_votes). */
export function sectionFeedbackRow(row: Record<string, unknown>): SectionFeedback {
  return {
    ...(row.document_title == null ? {} : { documentTitle: String(row.document_title) }),
    ...(row.section == null ? {} : { section: String(row.section) }),
    helpful: Number(row.helpful_votes),
    notHelpful: Number(row.not_helpful_votes),
  };
}

export function truncateError(error: string): string {
  return error.length > 1000 ? `${error.slice(0, 1000)}…` : error;
}

export function conflict(expected: number, found?: number): ConflictError {
  return new ConflictError(
    'Someone else has just updated this report. Please look at the latest version and try again.',
    found === undefined
      ? `expected version ${expected}`
      : `expected version ${expected}, found ${found}`,
  );
}

/** botbuilder semantics: a missing or '*' eTag means last write wins. */
export function isOptimistic(eTag: string | undefined): eTag is string {
  return eTag !== undefined && eTag !== '' && eTag !== '*';
}

export function stateConflict(key: string): ConflictError {
  return new ConflictError(
    'Sorry, something changed while you were working. Please try that again.',
    `eTag conflict writing a state key of length ${key.length}`,
  );
}
