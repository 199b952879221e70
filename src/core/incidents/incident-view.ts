import { ForbiddenError } from '../errors';
import { isSlt, type Actor } from '../people';
import { canSeeDetails, isReporter, NOT_YOURS_MESSAGE } from './access';
import type { IncidentDeps } from './deps';
import type { Incident, IncidentEvent, IncidentStatus } from './incident';
import { incidentType, type IncidentTypeId, type Urgency } from './incident-types';
import { loadIncident, reporterStatusLine } from './report-service';
import { allowedActions, type TriageActionKind } from './triage';

/**
 * Read side: what each person may see of one incident. The Teams layer renders whichever view it
 * gets back, so a card can never show more than the domain allowed.
 */

/** What the SLT channel shows for a confidential report: that it exists, nothing more. */
export interface PlaceholderView {
  kind: 'placeholder';
  id: string;
  reference: string;
  status: IncidentStatus;
  urgency: Urgency;
  createdAt: string;
  version: number;
  text: string;
}

/** Full triage view for whoever may act on (or read) the details. */
export interface DetailsView {
  kind: 'details';
  incident: Incident;
  events: IncidentEvent[];
  allowedActions: TriageActionKind[];
}

/** The reporter's view of their own report: their account, their additions, SLT's questions. */
export interface ReporterView {
  kind: 'reporter';
  id: string;
  reference: string;
  type: IncidentTypeId;
  status: IncidentStatus;
  statusLine: string;
  report: Incident['report'];
  /** Only events the reporter may see; never notes, assignments, urgency or escalations. */
  events: ReporterVisibleEvent[];
  sharedOutcome?: string;
  version: number;
}

export type ReporterVisibleEvent =
  | { kind: 'info_added'; seq: number; at: string; text: string }
  | { kind: 'question_asked'; seq: number; at: string; questionId: string; text: string }
  | { kind: 'reporter_answered'; seq: number; at: string; questionId: string; text: string }
  | { kind: 'closed'; seq: number; at: string; sharedWithReporter?: string }
  | { kind: 'withdrawn'; seq: number; at: string; reason: string };

export type IncidentView = PlaceholderView | DetailsView | ReporterView;

export const PLACEHOLDER_TEXT =
  'A confidential report was received. Only the headteacher can see its details.';

/** The SLT channel's card content: a placeholder for confidential types, the incident otherwise. */
export function sltChannelView(
  incident: Incident,
): PlaceholderView | { kind: 'channel'; incident: Incident } {
  return incidentType(incident.report.type).confidential
    ? placeholderView(incident)
    : { kind: 'channel', incident };
}

export function placeholderView(incident: Incident): PlaceholderView {
  return {
    kind: 'placeholder',
    id: incident.id,
    reference: incident.reference,
    status: incident.status,
    urgency: incident.urgency,
    createdAt: incident.createdAt,
    version: incident.version,
    text: PLACEHOLDER_TEXT,
  };
}

export function reporterEvents(events: IncidentEvent[]): ReporterVisibleEvent[] {
  const out: ReporterVisibleEvent[] = [];
  for (const e of events) {
    const base = { seq: e.seq, at: e.at };
    switch (e.kind) {
      case 'info_added':
        out.push({ kind: e.kind, ...base, text: e.text });
        break;
      case 'question_asked':
      case 'reporter_answered':
        out.push({ kind: e.kind, ...base, questionId: e.questionId, text: e.text });
        break;
      case 'closed':
        out.push({
          kind: e.kind,
          ...base,
          ...(e.sharedWithReporter ? { sharedWithReporter: e.sharedWithReporter } : {}),
        });
        break;
      case 'withdrawn':
        out.push({ kind: e.kind, ...base, reason: e.reason });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * One incident as `actor` may see it. SLT reading a confidential report get the placeholder;
 * anyone else who is neither SLT nor the reporter is refused (and logged).
 */
export async function viewIncident(
  deps: IncidentDeps,
  actor: Actor,
  incidentId: string,
): Promise<IncidentView> {
  if (!isSlt(actor)) {
    // Staff may only look at their own reports; do not reveal whether others exist.
    const incident = await deps.store.incidents.get(String(incidentId).slice(0, 100));
    if (!incident || !isReporter(actor, incident)) {
      deps.log?.warn({ event: 'incident.view_refused' }, 'view refused');
      throw new ForbiddenError(NOT_YOURS_MESSAGE);
    }
    return reporterView(incident, await deps.store.incidents.events(incident.id));
  }
  const incident = await loadIncident(deps, incidentId);
  if (!canSeeDetails(actor, incident)) return placeholderView(incident);
  if (isReporter(actor, incident) && !allowedActions(incident, actor).length) {
    return reporterView(incident, await deps.store.incidents.events(incident.id));
  }
  return {
    kind: 'details',
    incident,
    events: await deps.store.incidents.events(incident.id),
    allowedActions: allowedActions(incident, actor),
  };
}

export function reporterView(incident: Incident, events: IncidentEvent[]): ReporterView {
  return {
    kind: 'reporter',
    id: incident.id,
    reference: incident.reference,
    type: incident.report.type,
    status: incident.status,
    statusLine: reporterStatusLine(incident),
    report: incident.report,
    events: reporterEvents(events),
    ...(incident.status === 'closed' && incident.outcome?.sharedWithReporter
      ? { sharedOutcome: incident.outcome.sharedWithReporter }
      : {}),
    version: incident.version,
  };
}
