import { cardUpdateMessage } from './outbox-messages';
import { z } from 'zod';
import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from '../errors';
import { isSlt, type Actor, type Person } from '../people';
import type { NewOutboxMessage } from '../store';
import { assertCanAct, canAct, NOT_SLT_MESSAGE } from './access';
import type { IncidentDeps } from './deps';
import {
  ESCALATION_TARGETS,
  type EscalationTarget,
  type Incident,
  type IncidentEvent,
  type IncidentEventBody,
  type IncidentStatus,
} from './incident';
import { incidentType, URGENCIES, URGENCY_LABELS, type Urgency } from './incident-types';
import { loadIncident } from './report-service';
import { normaliseText } from './report-wizard';

/**
 * SLT triage as a state machine: a table of the actions allowed from each status, a role rule
 * (SLT only; confidential types the headteacher only) and optimistic concurrency on the
 * incident version so two leaders acting at once never lose an update.
 */

export type TriageAction =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; assignee: Person }
  | { kind: 'change_urgency'; urgency: Urgency }
  | { kind: 'add_note'; text: string }
  | { kind: 'ask_reporter'; text: string }
  | { kind: 'escalate'; target: EscalationTarget; reference?: string }
  | { kind: 'close'; outcome: string; sharedWithReporter?: string }
  | { kind: 'reopen'; reason?: string };

export type TriageActionKind = TriageAction['kind'];

export const TRIAGE_ACTION_KINDS = [
  'acknowledge',
  'assign',
  'change_urgency',
  'add_note',
  'ask_reporter',
  'escalate',
  'close',
  'reopen',
] as const satisfies readonly TriageActionKind[];

/** The state machine: which actions each status allows. Role rules are applied on top. */
export const TRIAGE_TABLE: Readonly<Record<IncidentStatus, readonly TriageActionKind[]>> = {
  new: ['acknowledge', 'assign', 'change_urgency', 'add_note', 'ask_reporter', 'escalate', 'close'],
  acknowledged: ['assign', 'change_urgency', 'add_note', 'ask_reporter', 'escalate', 'close'],
  // A closed or withdrawn report can still take a note, and be reopened (a safeguarding concern
  // does not go away because the reporter withdrew it).
  closed: ['add_note', 'reopen'],
  withdrawn: ['add_note', 'reopen'],
};

export const TRIAGE_LIMITS = {
  note: 4000,
  question: 1000,
  outcome: 2000,
  sharedWithReporter: 1000,
  escalationReference: 100,
  reopenReason: 500,
  personName: 200,
} as const;

export const ESCALATION_LABELS: Record<EscalationTarget, string> = {
  dsl: 'the designated safeguarding lead (DSL)',
  lado: 'the LADO (local authority designated officer)',
  police: 'the police',
  prevent: 'Prevent',
  dpo_ico: 'the data protection officer (DPO) / ICO',
  platform: 'the platform',
};

/** Actions to render as buttons for this actor: empty for anyone who may not act. */
export function allowedActions(incident: Incident, actor: Actor): TriageActionKind[] {
  if (!canAct(actor, incident)) return [];
  return [...TRIAGE_TABLE[incident.status]];
}

export interface TriageResult {
  incident: Incident;
  event: IncidentEvent;
  /** True when this exact action by this actor had already been applied (a retried tap). */
  duplicate: boolean;
}

/** Someone else changed the report first; `latest` is the current state to re-render the card. */
export class TriageConflictError extends ConflictError {
  constructor(
    userMessage: string,
    readonly latest: Incident,
  ) {
    super(userMessage, 'stale expectedVersion');
  }
}

// ---------------------------------------------------------------- parsing untrusted actions

const text = (max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? normaliseText(v) : v),
    z
      .string({ error: `Please write ${what}.` })
      .min(1, { error: `Please write ${what}.` })
      .max(max, { error: `Please keep ${what} to ${max} characters or fewer.` }),
  );
const optionalText = (max: number, what: string) =>
  z.preprocess((v) => {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'string') return v;
    return normaliseText(v) || undefined;
  }, text(max, what).optional());

const person = z.object(
  {
    id: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(TRIAGE_LIMITS.personName),
  },
  { error: 'Please choose who to assign this report to.' },
);

const actionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('acknowledge') }),
    z.object({ kind: z.literal('assign'), assignee: person }),
    z.object({
      kind: z.literal('change_urgency'),
      urgency: z.enum(URGENCIES, { error: 'Please choose an urgency.' }),
    }),
    z.object({ kind: z.literal('add_note'), text: text(TRIAGE_LIMITS.note, 'the note') }),
    z.object({
      kind: z.literal('ask_reporter'),
      text: text(TRIAGE_LIMITS.question, 'your question'),
    }),
    z.object({
      kind: z.literal('escalate'),
      target: z.enum(ESCALATION_TARGETS, { error: 'Please choose who it was escalated to.' }),
      reference: optionalText(TRIAGE_LIMITS.escalationReference, 'the reference'),
    }),
    z.object({
      kind: z.literal('close'),
      outcome: text(TRIAGE_LIMITS.outcome, 'the outcome'),
      sharedWithReporter: optionalText(
        TRIAGE_LIMITS.sharedWithReporter,
        'what to tell the reporter',
      ),
    }),
    z.object({
      kind: z.literal('reopen'),
      reason: optionalText(TRIAGE_LIMITS.reopenReason, 'the reason'),
    }),
  ],
  { error: 'Sorry, that action was not recognised.' },
);

/** Parses an action posted by a card; field errors are keyed by the action's field names. */
export function parseTriageAction(input: unknown): TriageAction {
  const parsed = actionSchema.safeParse(input);
  if (parsed.success) return parsed.data as TriageAction;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'kind');
    fieldErrors[key] ??= issue.message;
  }
  const first = Object.values(fieldErrors)[0] ?? 'Sorry, that action was not recognised.';
  throw new ValidationError(first, fieldErrors);
}

// ---------------------------------------------------------------- transitions

function transitionMessage(incident: Incident, kind: TriageActionKind): string {
  if (incident.status === 'closed') {
    return kind === 'close'
      ? 'This report is already closed.'
      : 'This report is closed. Reopen it first if more needs to be done.';
  }
  if (incident.status === 'withdrawn') {
    return 'The reporter withdrew this report. Reopen it first if it still needs action.';
  }
  if (kind === 'acknowledge') return 'This report has already been acknowledged.';
  if (kind === 'reopen') return 'This report is already open.';
  return 'That cannot be done to this report in its current state.';
}

function assertTransition(incident: Incident, action: TriageAction, actor: Actor): void {
  if (!TRIAGE_TABLE[incident.status].includes(action.kind)) {
    throw new InvalidTransitionError(transitionMessage(incident, action.kind));
  }
  if (action.kind === 'assign') {
    if (incident.assignee?.id === action.assignee.id) {
      throw new InvalidTransitionError(
        `This report is already assigned to ${incident.assignee.name}.`,
      );
    }
    if (incidentType(incident.report.type).confidential && action.assignee.id !== actor.id) {
      throw new ForbiddenError(
        'Confidential reports stay with the headteacher and cannot be assigned to anyone else.',
      );
    }
  }
  if (action.kind === 'change_urgency' && incident.urgency === action.urgency) {
    throw new InvalidTransitionError(
      `This report is already ${URGENCY_LABELS[action.urgency].toLowerCase()} urgency.`,
    );
  }
}

type AppendBody = Exclude<IncidentEventBody, { kind: 'created' }>;

function toEventBody(incident: Incident, action: TriageAction, seq: number): AppendBody {
  switch (action.kind) {
    case 'acknowledge':
      return { kind: 'acknowledged' };
    case 'assign':
      return { kind: 'assigned', assignee: { id: action.assignee.id, name: action.assignee.name } };
    case 'change_urgency':
      return { kind: 'urgency_changed', from: incident.urgency, to: action.urgency };
    case 'add_note':
      return { kind: 'note_added', text: action.text };
    case 'ask_reporter':
      // Derived from the event seq: unique per incident and stable across a retried append.
      return { kind: 'question_asked', questionId: `q${seq}`, text: action.text };
    case 'escalate':
      return {
        kind: 'escalated',
        target: action.target,
        ...(action.reference ? { reference: action.reference } : {}),
      };
    case 'close':
      return {
        kind: 'closed',
        outcome: action.outcome,
        ...(action.sharedWithReporter ? { sharedWithReporter: action.sharedWithReporter } : {}),
      };
    case 'reopen':
      return { kind: 'reopened', ...(action.reason ? { reason: action.reason } : {}) };
  }
}

// ---------------------------------------------------------------- messages out

/** One line for the SLT thread, e.g. "Assigned to Mr Young by Ms Xu". */
export function threadText(body: AppendBody, actor: Person): string {
  const by = actor.name;
  switch (body.kind) {
    case 'acknowledged':
      return `Acknowledged by ${by}`;
    case 'assigned':
      return body.assignee.id === actor.id
        ? `${by} took this report`
        : `Assigned to ${body.assignee.name} by ${by}`;
    case 'urgency_changed':
      return `Urgency changed from ${URGENCY_LABELS[body.from]} to ${URGENCY_LABELS[body.to]} by ${by}`;
    case 'note_added':
      return `Note added by ${by}`;
    case 'question_asked':
      return `${by} asked the reporter a question`;
    case 'escalated':
      return `Escalated to ${ESCALATION_LABELS[body.target]} by ${by}${body.reference ? ` (ref ${body.reference})` : ''}`;
    case 'closed':
      return `Closed by ${by}`;
    case 'reopened':
      return `Reopened by ${by}`;
    case 'reporter_answered':
      return 'The reporter answered a question';
    case 'info_added':
      return 'The reporter added information';
    case 'withdrawn':
      return 'The reporter withdrew this report';
  }
}

/**
 * What the reporter is told, or nothing. Only what the reporter may see: the reference, a status
 * line, the question, the outcome SLT chose to share. Never notes, names or escalation details.
 */
export function reporterNotice(
  incident: Incident,
  body: AppendBody,
):
  | {
      kind: string;
      statusLine: string;
      question?: { questionId: string; text: string };
      sharedOutcome?: string;
    }
  | undefined {
  const ref = incident.reference;
  switch (body.kind) {
    case 'acknowledged':
      return {
        kind: body.kind,
        statusLine: `Your report ${ref} has been acknowledged by the senior leadership team.`,
      };
    case 'assigned':
      return {
        kind: body.kind,
        statusLine: `Your report ${ref} has been assigned to a senior leader, who will follow it up.`,
      };
    case 'question_asked':
      return {
        kind: body.kind,
        statusLine: `The senior leadership team has a question about your report ${ref}.`,
        question: { questionId: body.questionId, text: body.text },
      };
    case 'escalated':
      return {
        kind: body.kind,
        statusLine: `Your report ${ref} has been passed on to the right people to follow it up.`,
      };
    case 'closed':
      return {
        kind: body.kind,
        statusLine: `Your report ${ref} has been closed.`,
        ...(body.sharedWithReporter ? { sharedOutcome: body.sharedWithReporter } : {}),
      };
    default:
      return undefined;
  }
}

/** Outbox messages for one triage event; keys include incident id and seq so each is delivered once. */
export function triageOutbox(
  incident: Incident,
  body: AppendBody,
  actor: Person,
  seq: number,
): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [cardUpdateMessage(incident, seq, threadText(body, actor))];
  const notice = reporterNotice(incident, body);
  if (notice) {
    messages.push({
      key: `reporter.notify:${incident.id}:${seq}`,
      topic: 'reporter.notify',
      payload: {
        incidentId: incident.id,
        reporterId: incident.reporter.id,
        reference: incident.reference,
        seq,
        ...notice,
      },
    });
  }
  return messages;
}

// ---------------------------------------------------------------- conflicts

function describeEvent(event: IncidentEvent): string {
  switch (event.kind) {
    case 'acknowledged':
      return 'acknowledged this report';
    case 'assigned':
      return `assigned this report to ${event.assignee.name}`;
    case 'urgency_changed':
      return `changed this report's urgency to ${URGENCY_LABELS[event.to].toLowerCase()}`;
    case 'note_added':
      return 'added a note to this report';
    case 'question_asked':
      return 'asked the reporter a question about this report';
    case 'reporter_answered':
      return 'answered a question on this report';
    case 'info_added':
      return 'added information to this report';
    case 'escalated':
      return `escalated this report to ${ESCALATION_LABELS[event.target]}`;
    case 'closed':
      return 'closed this report';
    case 'reopened':
      return 'reopened this report';
    case 'withdrawn':
      return 'withdrew this report';
    case 'created':
      return 'submitted this report';
  }
}

function sameEffect(event: IncidentEvent, body: AppendBody): boolean {
  if (event.kind !== body.kind) return false;
  const strip = (o: object) => {
    const { questionId: _q, from: _f, ...rest } = o as Record<string, unknown>;
    return JSON.stringify(rest, Object.keys(rest).sort());
  };
  const { incidentId: _i, seq: _s, actor: _a, at: _t, ...eventBody } = event;
  return strip(eventBody) === strip(body);
}

/**
 * The card was stale. If this actor already did exactly this (double tap, retried invoke) the
 * result is returned as a duplicate; otherwise the leader is told who did what meanwhile.
 */
async function resolveStale(
  deps: IncidentDeps,
  actor: Actor,
  incidentId: string,
  expectedVersion: number,
  action: TriageAction,
): Promise<TriageResult> {
  const latest = await loadIncident(deps, incidentId);
  const events = await deps.store.incidents.events(incidentId);
  const later = events.filter((e) => e.seq > expectedVersion);
  const intended = toEventBody(latest, action, 0);
  const mine = later.find((e) => e.actor.id === actor.id && sameEffect(e, intended));
  if (mine) return { incident: latest, event: mine, duplicate: true };
  const last = later[later.length - 1];
  const message = last
    ? `${last.actor.id === actor.id ? 'You' : last.actor.name} ${describeEvent(last)} a moment ago - the card now shows the latest state.`
    : 'This report changed a moment ago - the card now shows the latest state.';
  throw new TriageConflictError(message, latest);
}

// ---------------------------------------------------------------- the use case

async function refuse(
  deps: IncidentDeps,
  actor: Actor,
  incidentId: string,
  kind: unknown,
  now: Date,
  error: ForbiddenError,
): Promise<never> {
  const action = typeof kind === 'string' ? kind.slice(0, 40) : 'unknown';
  deps.log?.warn({ event: 'incident.triage_refused', incidentId, action }, 'triage refused');
  try {
    await deps.store.audit.record({
      action: 'incident.triage_refused',
      actorId: actor.id,
      subject: incidentId.slice(0, 100),
      at: now,
      detail: { action },
    });
  } catch {
    // The refusal stands even if the audit write fails; the log line above still records it.
  }
  throw error;
}

/**
 * Performs one triage action. Checks, in order: the actor is SLT (refused and logged otherwise),
 * the action is well-formed, the actor may act on this report (confidential: headteacher only),
 * the card was not stale, the status allows it. Then appends the event and its outbox messages
 * in one write at `expectedVersion`.
 */
export async function performTriageAction(
  deps: IncidentDeps,
  actor: Actor,
  incidentId: string,
  expectedVersion: number,
  action: TriageAction | unknown,
  now: Date,
): Promise<TriageResult> {
  const kind = (action as { kind?: unknown } | null)?.kind;
  const id = typeof incidentId === 'string' ? incidentId : '';
  if (!isSlt(actor)) {
    // Checked before reading so a non-leader cannot even learn whether a report exists.
    return refuse(deps, actor, id, kind, now, new ForbiddenError(NOT_SLT_MESSAGE));
  }
  const parsed = parseTriageAction(action);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
    throw new ValidationError('Sorry, that card is out of date. Please refresh it and try again.');
  }
  const incident = await loadIncident(deps, id);
  try {
    assertCanAct(actor, incident);
  } catch (err) {
    if (err instanceof ForbiddenError) return refuse(deps, actor, id, kind, now, err);
    throw err;
  }
  if (incident.version !== expectedVersion) {
    return resolveStale(deps, actor, id, expectedVersion, parsed);
  }
  assertTransition(incident, parsed, actor);
  if (
    parsed.kind === 'assign' &&
    parsed.assignee.id !== actor.id &&
    deps.isSltMember &&
    !(await deps.isSltMember(parsed.assignee.id))
  ) {
    throw new ValidationError(
      'Reports can only be assigned to members of the senior leadership team.',
      { assignee: 'Please choose a member of the senior leadership team.' },
    );
  }

  const seq = incident.version + 1;
  const body = toEventBody(incident, parsed, seq);
  const by: Person = { id: actor.id, name: actor.name };
  try {
    const { incident: updated, event } = await deps.store.incidents.append(
      incident.id,
      expectedVersion,
      by,
      body,
      now,
      triageOutbox(incident, body, by, seq),
    );
    deps.log?.info(
      { event: 'incident.triaged', incidentId: incident.id, action: parsed.kind, seq },
      'triage action',
    );
    return { incident: updated, event, duplicate: false };
  } catch (err) {
    if (err instanceof ConflictError) return resolveStale(deps, actor, id, expectedVersion, parsed);
    throw err;
  }
}
