import type { Config } from '../config';
import type {
  Escalation,
  Incident,
  IncidentEvent,
  EscalationTarget,
} from '../core/incidents/incident';
import { ESCALATION_TARGETS } from '../core/incidents/incident';
import {
  INCIDENT_TYPES,
  URGENCIES,
  URGENCY_LABELS,
  isIncidentTypeId,
  type Urgency,
} from '../core/incidents/incident-types';
import { allowedActions, type TriageActionKind } from '../core/incidents/triage';
import type { Actor, Person } from '../core/people';
import { escapeMarkdown, renderCard, type AdaptiveCardJson } from './cards/render-card';
import { VERBS } from './verbs';

/**
 * Rendering of the SLT side: the triage card, the confidential placeholder, the thread line for each
 * event and the reporter's updates. Everything is rendered from the store's current state, never from
 * data a card sent back. User text goes into TextRuns (no markdown) or through escapeMarkdown.
 */

interface Fact {
  title: string;
  value: string;
}

export interface TriageCardData {
  incidentId: string;
  version: number;
  title: string;
  statusLine: string;
  urgent: boolean;
  mentionLine: string;
  mentions: Record<string, unknown>[];
  notice: string;
  noticeColor: string;
  facts: Fact[];
  account: string;
  history: { line: string }[];
  allow: Record<string, boolean>;
  assignees: { title: string; value: string }[];
  escalationChoices: { title: string; value: string }[];
  urgencyChoices: { title: string; value: string }[];
  urgencyValue: string;
}

export interface PlaceholderData {
  title: string;
  text: string;
  statusLine: string;
}

export interface ReporterUpdateData {
  title: string;
  text: string;
  detailLabel: string;
  detail: string;
}

export interface ReporterQuestionData {
  title: string;
  text: string;
  question: string;
  incidentId: string;
  questionId: string;
  open: boolean;
  notice: string;
  noticeColor: string;
}

declare module './cards/render-card' {
  interface CardDataMap {
    triage: TriageCardData;
    'triage-placeholder': PlaceholderData;
    'reporter-update': ReporterUpdateData;
    'reporter-question': ReporterQuestionData;
  }
}

export const ESCALATION_LABELS: Record<EscalationTarget, string> = {
  dsl: 'DSL',
  lado: 'LADO',
  police: 'Police',
  prevent: 'Prevent',
  dpo_ico: 'DPO / ICO',
  platform: 'Platform',
};

export const STATUS_LABELS: Record<Incident['status'], string> = {
  new: 'New - not yet acknowledged',
  acknowledged: 'Open',
  closed: 'Closed',
  withdrawn: 'Withdrawn by the reporter',
};

const INVOLVED_LABELS: Record<string, string> = {
  current_pupil: 'A current pupil',
  former_pupil: 'A former pupil',
  parent: 'A parent or carer',
  colleague: 'A colleague',
  public: 'A member of the public',
  unknown: 'Unknown',
};

export interface Notice {
  text: string;
  /** Adaptive Card colour: Attention for refusals and conflicts, Good for confirmations. */
  color?: 'Attention' | 'Good' | 'Warning' | 'Default';
}

/** A member of SLT offered in the "Assign to" list. */
export interface SltMember {
  /** Entra object id. */
  id: string;
  name: string;
  /** Teams user id (29:...), when known. */
  mri?: string;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

export function formatWhen(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(d.getTime()) ? 'unknown' : LONDON.format(d);
}

export function typeLabel(incident: Pick<Incident, 'report'>): string {
  const t = incident.report.type;
  return isIncidentTypeId(t) ? INCIDENT_TYPES[t].label : 'Other';
}

export function isConfidential(incident: Pick<Incident, 'report'>): boolean {
  const t = incident.report.type;
  return isIncidentTypeId(t) && INCIDENT_TYPES[t].confidential;
}

export function escalationText(e: Pick<Escalation, 'target' | 'reference'>): string {
  const label = ESCALATION_LABELS[e.target] ?? 'Other';
  return e.reference ? `${label} (ref ${e.reference})` : label;
}

/** A viewer with plain SLT rights: what every member of the channel may do. */
export function genericSltViewer(): Actor {
  return { id: '', name: '', roles: new Set(['staff', 'slt']) };
}

function actionsTakenText(incident: Incident): string {
  const r = incident.report;
  const t = isIncidentTypeId(r.type) ? INCIDENT_TYPES[r.type] : undefined;
  const labels = r.actionsTaken.map(
    (id) => t?.actionsChecklist.find((a) => a.id === id)?.label ?? id,
  );
  if (r.otherActions) labels.push(r.otherActions);
  return labels.length ? labels.join('; ') : 'None recorded';
}

function evidenceText(incident: Incident): string {
  const e = incident.report.evidence;
  const parts: string[] = [];
  if (e.kept === 'yes') parts.push('Kept');
  else if (e.kept === 'no') parts.push('Not kept');
  else parts.push('Not collected (never collected for this type)');
  if (e.description) parts.push(e.description);
  if (e.fromMessage)
    parts.push(`Message from ${e.fromMessage.authorName}: "${e.fromMessage.text}"`);
  return parts.join(' - ');
}

function involvedText(incident: Incident): string {
  const i = incident.report.involved;
  return [INVOLVED_LABELS[i.role] ?? i.role, i.yearGroup, i.description].filter(Boolean).join(', ');
}

/** The facts of an incident, user text escaped for FactSet values (which render markdown). */
export function incidentFacts(incident: Incident): Fact[] {
  const r = incident.report;
  const facts: Fact[] = [
    { title: 'Type', value: typeLabel(incident) },
    { title: 'Urgency', value: URGENCY_LABELS[incident.urgency] ?? incident.urgency },
    { title: 'Status', value: STATUS_LABELS[incident.status] ?? incident.status },
    {
      title: 'Assigned to',
      value: incident.assignee ? escapeMarkdown(incident.assignee.name) : 'Nobody yet',
    },
    { title: 'Reported by', value: escapeMarkdown(incident.reporter.name) },
    { title: 'Reported', value: formatWhen(incident.createdAt) },
    { title: 'When', value: formatWhen(r.occurredAt) },
    { title: 'Where', value: escapeMarkdown(r.where) },
    { title: 'Who', value: escapeMarkdown(involvedText(incident)) },
    { title: 'Evidence', value: escapeMarkdown(evidenceText(incident)) },
    { title: 'Already done', value: escapeMarkdown(actionsTakenText(incident)) },
    { title: 'Told the DSL', value: r.toldDsl === 'yes' ? 'Yes' : 'No' },
  ];
  if (r.threatsOrHate) facts.push({ title: 'Threats or hate', value: 'Yes' });
  if (incident.escalations.length) {
    facts.push({
      title: 'Escalated',
      value: escapeMarkdown(incident.escalations.map(escalationText).join('; ')),
    });
  }
  if (incident.outcome)
    facts.push({ title: 'Outcome', value: escapeMarkdown(incident.outcome.text) });
  return facts;
}

/** One line per event, for the card thread and the chronology. User text is kept raw: callers escape or use TextRun. */
export function eventLine(event: IncidentEvent): string {
  const by = event.actor.name;
  switch (event.kind) {
    case 'created':
      return `Reported by ${by}`;
    case 'acknowledged':
      return `Acknowledged by ${by}`;
    case 'assigned':
      return `Assigned to ${event.assignee.name} by ${by}`;
    case 'urgency_changed':
      return `Urgency changed from ${URGENCY_LABELS[event.from]} to ${URGENCY_LABELS[event.to]} by ${by}`;
    case 'note_added':
      return `Note by ${by}: ${event.text}`;
    case 'question_asked':
      return `${by} asked the reporter: ${event.text}`;
    case 'reporter_answered':
      return `The reporter answered: ${event.text}`;
    case 'info_added':
      return `The reporter added information: ${event.text}`;
    case 'escalated':
      return `Escalated to ${escalationText(event)} by ${by}`;
    case 'closed':
      return `Closed by ${by}. Outcome: ${event.outcome}`;
    case 'reopened':
      return event.reason ? `Reopened by ${by}: ${event.reason}` : `Reopened by ${by}`;
    case 'withdrawn':
      return `Withdrawn by the reporter: ${event.reason}`;
  }
}

function statusLine(incident: Incident): string {
  const parts = [STATUS_LABELS[incident.status] ?? incident.status];
  if (incident.assignee) parts.push(`assigned to ${escapeMarkdown(incident.assignee.name)}`);
  parts.push(`updated ${formatWhen(incident.updatedAt)}`);
  return parts.join(' · ');
}

function allowFlags(incident: Incident, viewer: Actor | undefined): Record<string, boolean> {
  let allowed = new Set<TriageActionKind>();
  if (viewer) {
    try {
      allowed = new Set(allowedActions(incident, viewer));
    } catch {
      allowed = new Set();
    }
  }
  const has = (k: TriageActionKind) => allowed.has(k);
  const flags = {
    acknowledge: has('acknowledge'),
    assign: has('assign'),
    close: has('close'),
    reopen: has('reopen'),
    note: has('add_note'),
    ask: has('ask_reporter'),
    escalate: has('escalate'),
    urgency: has('change_urgency'),
  };
  return {
    ...flags,
    first: flags.acknowledge || flags.assign || flags.close || flags.reopen,
    second: flags.note || flags.ask || flags.escalate || flags.urgency,
  };
}

export interface TriageCardOptions {
  /** Whose buttons to show; the shared channel card uses a plain SLT viewer. */
  viewer?: Actor;
  /** Recent events for the "latest activity" lines (newest last). */
  events?: IncidentEvent[];
  notice?: Notice;
  members?: SltMember[];
  /** Adds a Universal Actions refresh so each leader sees the current state when they open the channel. */
  refreshUserIds?: string[];
}

/** The full triage card, rendered from the incident as stored now. */
export function triageCard(
  config: Config,
  incident: Incident,
  opts: TriageCardOptions = {},
): AdaptiveCardJson {
  const urgent =
    incident.urgency === 'urgent' &&
    (incident.status === 'new' || incident.status === 'acknowledged');
  const dsl = config.people.dsl;
  const mentionText = dsl.id ? `<at>${escapeMarkdown(dsl.name)}</at>` : '';
  const mentions =
    urgent && dsl.id
      ? [{ type: 'mention', text: mentionText, mentioned: { id: dsl.id, name: dsl.name } }]
      : [];
  const history = (opts.events ?? [])
    .filter((e) => e.kind !== 'created')
    .slice(-5)
    .map((e) => ({ line: `${formatWhen(e.at)} - ${eventLine(e)}` }));
  const members = opts.members ?? [];
  const card = renderCard('triage', {
    incidentId: incident.id,
    version: incident.version,
    title: `${incident.reference} · ${typeLabel(incident)}`,
    statusLine: statusLine(incident),
    urgent,
    mentionLine: urgent && dsl.id ? `${mentionText} please look at this now.` : '',
    mentions,
    notice: opts.notice?.text ?? '',
    noticeColor: opts.notice?.color ?? 'Default',
    facts: incidentFacts(incident),
    account: incident.report.account,
    history,
    allow: allowFlags(incident, opts.viewer),
    assignees: members.map((m) => ({ title: m.name, value: m.id })),
    escalationChoices: ESCALATION_TARGETS.map((t) => ({ title: ESCALATION_LABELS[t], value: t })),
    urgencyChoices: URGENCIES.map((u: Urgency) => ({ title: URGENCY_LABELS[u], value: u })),
    urgencyValue: incident.urgency,
  });
  if (opts.refreshUserIds && opts.refreshUserIds.length > 0) {
    card.refresh = {
      action: {
        type: 'Action.Execute',
        verb: VERBS.triageRefresh,
        data: { incidentId: incident.id },
      },
      // Teams refreshes automatically for at most 60 listed users.
      userIds: opts.refreshUserIds.slice(0, 60),
    };
  }
  return card;
}

/** What the SLT channel sees for a confidential report: no details. */
export function placeholderCard(config: Config, incident: Incident): AdaptiveCardJson {
  return renderCard('triage-placeholder', {
    title: `${incident.reference} · Confidential report`,
    text: `A confidential report was sent to ${escapeMarkdown(config.people.headteacher.name)}. Its details are not shown here.`,
    statusLine: '',
  });
}

/** A short card for anyone who may not see the details (refusals keep the record private). */
export function refusalCard(title: string, text: string): AdaptiveCardJson {
  return renderCard('triage-placeholder', { title, text, statusLine: '' });
}

export function reporterUpdateCard(
  data: Partial<ReporterUpdateData> & { title: string; text: string },
): AdaptiveCardJson {
  return renderCard('reporter-update', { detailLabel: '', detail: '', ...data });
}

export function reporterQuestionCard(data: {
  reference: string;
  incidentId: string;
  questionId: string;
  question: string;
  open: boolean;
  notice?: Notice;
}): AdaptiveCardJson {
  return renderCard('reporter-question', {
    title: `A question about your report ${data.reference}`,
    text: 'The senior leadership team asked:',
    question: data.question,
    incidentId: data.incidentId,
    questionId: data.questionId,
    open: data.open,
    notice: data.notice?.text ?? '',
    noticeColor: data.notice?.color ?? 'Default',
  });
}

export function personLabel(p: Person): string {
  return p.name || 'A member of staff';
}
