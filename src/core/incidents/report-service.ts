import { cardUpdateMessage } from './outbox-messages';
import { systemClock, type Clock } from '../clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../errors';
import type { Actor, Person } from '../people';
import type { NewOutboxMessage } from '../store';
import { assertIsReporter, isReporter } from './access';
import type { IncidentDeps } from './deps';
import { isOpen, type Incident, type IncidentEventBody, type IncidentStatus } from './incident';
import { incidentType, type IncidentTypeId } from './incident-types';
import {
  deriveUrgency,
  normaliseText,
  summariseReport,
  toReport,
  type ReportDraft,
} from './report-wizard';

/** Use cases on the reporter's side: submit, "my reports", add information, withdraw. */

export const REPORTER_LIMITS = { information: 4000, withdrawReason: 500, answer: 4000 } as const;

/** Field ids for the reporter's small forms (add information, withdraw, answer). */
export const REPORTER_FIELD = { text: 'text', reason: 'reason' } as const;

export interface ServiceDeps extends IncidentDeps {
  clock?: Clock;
}

export interface Receipt {
  reference: string;
  type: IncidentTypeId;
  typeLabel: string;
  /** The type's guidance, shown again on the receipt. */
  guidance: readonly string[];
  summary: { label: string; value: string }[];
  whatHappensNext: string[];
  urgent: boolean;
}

export interface SubmitReportResult {
  incident: Incident;
  /** False when this draft was already submitted (double tap, retried invoke). */
  created: boolean;
  receipt: Receipt;
}

/** Outbox messages written with a new report; `{incidentId}`/`{reference}` are filled by the store. */
export function submissionOutbox(type: IncidentTypeId): NewOutboxMessage[] {
  const payload = { incidentId: '{incidentId}', reference: '{reference}' };
  if (incidentType(type).confidential) {
    return [
      { key: 'slt.post_placeholder:{incidentId}', topic: 'slt.post_placeholder', payload },
      { key: 'headteacher.notify:{incidentId}', topic: 'headteacher.notify', payload },
    ];
  }
  return [{ key: 'slt.post:{incidentId}', topic: 'slt.post_incident', payload }];
}

/**
 * Submits a finished draft. Re-validates everything (the draft came from conversation state and
 * card posts), derives the urgency and stores the incident with its outbox messages in one
 * transaction. Idempotent on `draft.id`: submitting the same draft twice returns the first incident.
 */
export async function submitReport(
  deps: ServiceDeps,
  input: { reporter: Person; draft: ReportDraft; now: Date },
): Promise<SubmitReportResult> {
  const { reporter, draft, now } = input;
  if (!reporter || typeof reporter.id !== 'string' || !reporter.id) {
    throw new ForbiddenError('Sorry, we could not tell who you are, so the report was not sent.');
  }
  if (!draft || typeof draft.id !== 'string' || !draft.id) {
    throw new ValidationError('Sorry, this report could not be found. Please start it again.');
  }
  const report = toReport(draft, { now });
  const { incident, created } = await deps.store.incidents.submit({
    idempotencyKey: draft.id,
    reporter: { id: reporter.id, name: reporter.name },
    report,
    urgency: deriveUrgency(report),
    at: now,
    outbox: submissionOutbox(report.type),
  });
  if (incident.reporter.id !== reporter.id) {
    // A draft id reused by someone else must never reveal another person's report.
    throw new ForbiddenError('Sorry, this report could not be sent. Please start it again.');
  }
  deps.log?.info(
    { event: 'incident.submitted', incidentId: incident.id, type: report.type, created },
    'report submitted',
  );
  return { incident, created, receipt: receiptFor(incident) };
}

/** The receipt card's content for an incident the reporter made. */
export function receiptFor(incident: Incident): Receipt {
  const info = incidentType(incident.report.type);
  const next = [info.handledBy];
  if (incident.report.toldDsl === 'no' && (info.speakToDslFirst || incident.urgency === 'urgent')) {
    next.unshift('Please still speak to the designated safeguarding lead in person today.');
  }
  next.push(
    'You will get a message in this chat when your report is acknowledged, assigned, followed up or closed.',
    'Type "my reports" to see its status, add information or withdraw it.',
  );
  return {
    reference: incident.reference,
    type: info.id,
    typeLabel: info.label,
    guidance: info.guidance,
    summary: summariseReport(incident.report),
    whatHappensNext: next,
    urgent: incident.urgency === 'urgent',
  };
}

export interface MyReport {
  id: string;
  reference: string;
  type: IncidentTypeId;
  typeLabel: string;
  status: IncidentStatus;
  /** One line, safe for the reporter: never names, notes or escalation details. */
  statusLine: string;
  submittedAt: string;
  updatedAt: string;
  /** Set once closed, if SLT chose to share an outcome. */
  sharedOutcome?: string;
  /** Questions SLT asked that the reporter has not answered yet. */
  openQuestions: { questionId: string; text: string }[];
  canAddInformation: boolean;
  canWithdraw: boolean;
  /** Expected version for add information / withdraw from this card. */
  version: number;
}

export function reporterStatusLine(incident: Pick<Incident, 'status' | 'assignee'>): string {
  switch (incident.status) {
    case 'new':
      return 'Received: waiting to be picked up by the senior leadership team.';
    case 'acknowledged':
      return incident.assignee
        ? 'Being followed up by a senior leader.'
        : 'Acknowledged by the senior leadership team.';
    case 'closed':
      return 'Closed.';
    case 'withdrawn':
      return 'Withdrawn by you.';
  }
}

const MY_REPORTS_LIMIT = 50;

/** The reporter's own reports, newest first, with live status. Never anyone else's. */
export async function listMyReports(deps: ServiceDeps, actor: Actor): Promise<MyReport[]> {
  const incidents = await deps.store.incidents.list({ reporterId: actor.id });
  const mine = incidents
    .filter((i) => isReporter(actor, i))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, MY_REPORTS_LIMIT);
  const out: MyReport[] = [];
  for (const incident of mine) {
    const events = await deps.store.incidents.events(incident.id);
    const answered = new Set(
      events.flatMap((e) => (e.kind === 'reporter_answered' ? [e.questionId] : [])),
    );
    const openQuestions = isOpen(incident)
      ? events.flatMap((e) =>
          e.kind === 'question_asked' && !answered.has(e.questionId)
            ? [{ questionId: e.questionId, text: e.text }]
            : [],
        )
      : [];
    out.push({
      id: incident.id,
      reference: incident.reference,
      type: incident.report.type,
      typeLabel: incidentType(incident.report.type).label,
      status: incident.status,
      statusLine: reporterStatusLine(incident),
      submittedAt: incident.createdAt,
      updatedAt: incident.updatedAt,
      ...(incident.status === 'closed' && incident.outcome?.sharedWithReporter
        ? { sharedOutcome: incident.outcome.sharedWithReporter }
        : {}),
      openQuestions,
      canAddInformation: isOpen(incident),
      canWithdraw: isOpen(incident),
      version: incident.version,
    });
  }
  return out;
}

/** Cleans and checks a reporter's free text; field id `text` unless given. */
export function requireText(
  value: unknown,
  max: number,
  what: string,
  field: string = REPORTER_FIELD.text,
): string {
  const text = typeof value === 'string' ? normaliseText(value) : '';
  if (!text)
    throw new ValidationError(`Please write ${what}.`, { [field]: `Please write ${what}.` });
  if (text.length > max) {
    const message = `Please keep ${what} to ${max} characters or fewer.`;
    throw new ValidationError(message, { [field]: message });
  }
  return text;
}

export const NOT_FOUND_MESSAGE =
  'Sorry, that report could not be found. It may have been removed under the retention policy.';

export async function loadIncident(deps: IncidentDeps, incidentId: unknown): Promise<Incident> {
  if (typeof incidentId !== 'string' || !incidentId || incidentId.length > 100) {
    throw new NotFoundError(NOT_FOUND_MESSAGE);
  }
  const incident = await deps.store.incidents.get(incidentId);
  if (!incident) throw new NotFoundError(NOT_FOUND_MESSAGE);
  return incident;
}

/** Outbox messages for a change the reporter made; keys carry the event seq so delivery is once per event. */
export function reporterChangeOutbox(
  incident: Incident,
  seq: number,
  threadText: string,
): NewOutboxMessage[] {
  const confidential = incidentType(incident.report.type).confidential;
  const messages: NewOutboxMessage[] = [cardUpdateMessage(incident, seq, threadText)];
  if (confidential) {
    messages.push({
      key: `headteacher.notify:${incident.id}:${seq}`,
      topic: 'headteacher.notify',
      payload: { incidentId: incident.id, seq, text: `${threadText} (${incident.reference})` },
    });
  }
  return messages;
}

const RETRIES = 3;

interface ReporterChange {
  body: Exclude<IncidentEventBody, { kind: 'created' }>;
  threadText: string;
}

/**
 * Appends a reporter's event, re-reading and retrying when SLT changed the report meanwhile: the
 * reporter's words must not be lost because a leader acknowledged the report at the same moment.
 */
async function appendAsReporter(
  deps: ServiceDeps,
  actor: Actor,
  incidentId: string,
  now: Date,
  build: (incident: Incident) => ReporterChange | undefined | Promise<ReporterChange | undefined>,
): Promise<Incident> {
  for (let attempt = 1; ; attempt++) {
    const incident = await loadIncident(deps, incidentId);
    if (!isReporter(actor, incident)) {
      deps.log?.warn({ event: 'incident.reporter_action_refused', incidentId }, 'not the reporter');
      assertIsReporter(actor, incident);
    }
    const change = await build(incident);
    // Nothing to write (e.g. the same answer tapped twice): the current state is the result.
    if (!change) return incident;
    const { body, threadText } = change;
    const seq = incident.version + 1;
    try {
      const res = await deps.store.incidents.append(
        incident.id,
        incident.version,
        { id: actor.id, name: actor.name },
        body,
        now,
        reporterChangeOutbox(incident, seq, threadText),
      );
      deps.log?.info({ event: `incident.${body.kind}`, incidentId, seq }, 'reporter change');
      return res.incident;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= RETRIES) throw err;
    }
  }
}

function nowOf(deps: ServiceDeps, now?: Date): Date {
  return now ?? (deps.clock ?? systemClock).now();
}

function assertOpenForReporter(incident: Incident, doing: string): void {
  if (incident.status === 'withdrawn') {
    throw new InvalidTransitionError(`This report has been withdrawn, so you cannot ${doing}.`);
  }
  if (incident.status === 'closed') {
    throw new InvalidTransitionError(
      `This report is closed, so you cannot ${doing}. If something new has happened, please make a new report.`,
    );
  }
}

/** Appends information to the reporter's own open report; the original is never edited. */
export async function addInformation(
  deps: ServiceDeps,
  actor: Actor,
  incidentId: string,
  text: unknown,
  now?: Date,
): Promise<Incident> {
  const clean = requireText(text, REPORTER_LIMITS.information, 'the information to add');
  const at = nowOf(deps, now);
  return appendAsReporter(deps, actor, incidentId, at, async (incident) => {
    assertOpenForReporter(incident, 'add information');
    // A double tap sends the same text twice: if the last thing this reporter added, moments ago,
    // is exactly this text, it is already on the record. Checked inside the retry loop, so two
    // racing taps cannot both be written.
    const events = await deps.store.incidents.events(incident.id);
    const last = events.at(-1);
    if (
      last?.kind === 'info_added' &&
      last.actor.id === actor.id &&
      last.text === clean &&
      at.getTime() - Date.parse(last.at) < REPEAT_WINDOW_MS
    ) {
      return undefined;
    }
    return {
      body: { kind: 'info_added', text: clean },
      threadText: 'The reporter added information.',
    };
  });
}

/** How long an identical "add information" from the same reporter counts as a repeated tap. */
const REPEAT_WINDOW_MS = 10 * 60 * 1000;

/** Withdraws the reporter's own open report; a reason is required. */
export async function withdrawReport(
  deps: ServiceDeps,
  actor: Actor,
  incidentId: string,
  reason: unknown,
  now?: Date,
): Promise<Incident> {
  const clean = requireText(
    reason,
    REPORTER_LIMITS.withdrawReason,
    'why you are withdrawing this report',
    REPORTER_FIELD.reason,
  );
  return appendAsReporter(deps, actor, incidentId, nowOf(deps, now), (incident) => {
    assertOpenForReporter(incident, 'withdraw it');
    return {
      body: { kind: 'withdrawn', reason: clean },
      threadText: 'The reporter withdrew this report.',
    };
  });
}

/**
 * Records the reporter's answer to a question SLT asked. Allowed while the report is open or
 * closed (an answer may still matter), not once withdrawn; one answer per question, and repeating
 * the same answer (a retried tap) is a no-op.
 */
export async function answerQuestion(
  deps: ServiceDeps,
  reporter: Actor,
  incidentId: string,
  questionId: unknown,
  text: unknown,
  now?: Date,
): Promise<{ incident: Incident; duplicate: boolean }> {
  const clean = requireText(text, REPORTER_LIMITS.answer, 'your answer');
  let duplicateOf: Incident | undefined;
  const updated = await appendAsReporter(
    deps,
    reporter,
    incidentId,
    nowOf(deps, now),
    async (current) => {
      // Checked inside the retry loop so two racing answers cannot both be recorded.
      const events = await deps.store.incidents.events(current.id);
      const asked = events.some((e) => e.kind === 'question_asked' && e.questionId === questionId);
      if (!asked || typeof questionId !== 'string') {
        throw new NotFoundError('Sorry, that question could not be found on this report.');
      }
      const previous = events.find(
        (e) => e.kind === 'reporter_answered' && e.questionId === questionId,
      );
      if (previous?.kind === 'reporter_answered') {
        if (previous.text === clean) {
          duplicateOf = current;
          return undefined;
        }
        throw new InvalidTransitionError(
          'You have already answered this question. To add more, use "Add information" in my reports.',
        );
      }
      if (current.status === 'withdrawn') {
        throw new InvalidTransitionError(
          'This report has been withdrawn, so it no longer needs an answer.',
        );
      }
      return {
        body: { kind: 'reporter_answered', questionId, text: clean },
        threadText: 'The reporter answered a question.',
      };
    },
  );
  return duplicateOf
    ? { incident: duplicateOf, duplicate: true }
    : { incident: updated, duplicate: false };
}
