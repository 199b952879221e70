import type { Person } from '../people';
import type { IncidentTypeId, Urgency } from './incident-types';

export const INVOLVED_ROLES = [
  'current_pupil',
  'former_pupil',
  'parent',
  'colleague',
  'public',
  'unknown',
] as const;
export type InvolvedRole = (typeof INVOLVED_ROLES)[number];

export const ESCALATION_TARGETS = ['dsl', 'lado', 'police', 'prevent', 'dpo_ico', 'platform'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** What the reporter submitted. Never edited after submission: later information is appended as events. */
export interface IncidentReport {
  type: IncidentTypeId;
  /** Factual account in the reporter's words. */
  account: string;
  /** When it happened (ISO 8601); never in the future at submission. */
  occurredAt: string;
  /** Where: a place in school, or a platform (Instagram, school email...). */
  where: string;
  involved: {
    role: InvolvedRole;
    /** Name or description, optional. */
    description?: string;
    /** For pupils, e.g. "Year 9". */
    yearGroup?: string;
  };
  evidence: {
    /** Whether evidence has been kept; 'not_collected' for types that never collect it (indecent_images). */
    kept: 'yes' | 'no' | 'not_collected';
    description?: string;
    /** Prefilled from "Report this message": the message's author and text as evidence. */
    fromMessage?: { authorName: string; text: string; sentAt?: string };
  };
  /** Ids from the type's actionsChecklist, plus free text. */
  actionsTaken: string[];
  otherActions?: string;
  /** Has the reporter told a DSL in person? */
  toldDsl: 'yes' | 'no';
  /** Type-specific answers that raise urgency (e.g. online_abuse with threats or hate). */
  threatsOrHate?: boolean;
}

export type IncidentStatus = 'new' | 'acknowledged' | 'closed' | 'withdrawn';

export interface Escalation {
  target: EscalationTarget;
  reference?: string;
  by: Person;
  at: string;
}

/** Current state of an incident, derived from its events (kept in step in the same transaction). */
export interface Incident {
  id: string;
  /** Human reference, e.g. INC-2026-0042; sequential without gaps per school year. */
  reference: string;
  /** The school year the reference belongs to: 2026 for September 2026 to August 2027. */
  schoolYear: number;
  reporter: Person;
  report: IncidentReport;
  status: IncidentStatus;
  urgency: Urgency;
  assignee?: Person;
  escalations: Escalation[];
  /** Outcome given at closing. `sharedWithReporter` is what the reporter is told. */
  outcome?: { text: string; sharedWithReporter?: string };
  createdAt: string;
  updatedAt: string;
  /** Bumped by every event; used for optimistic concurrency. */
  version: number;
}

/** Everything that can happen to an incident after creation, as an append-only event. */
export type IncidentEventBody =
  | { kind: 'created'; report: IncidentReport; urgency: Urgency }
  | { kind: 'acknowledged' }
  | { kind: 'assigned'; assignee: Person }
  | { kind: 'urgency_changed'; from: Urgency; to: Urgency }
  | { kind: 'note_added'; text: string }
  | { kind: 'question_asked'; questionId: string; text: string }
  | { kind: 'reporter_answered'; questionId: string; text: string }
  | { kind: 'info_added'; text: string }
  | { kind: 'escalated'; target: EscalationTarget; reference?: string }
  | { kind: 'closed'; outcome: string; sharedWithReporter?: string }
  | { kind: 'reopened'; reason?: string }
  | { kind: 'withdrawn'; reason: string };

export type IncidentEventKind = IncidentEventBody['kind'];

export type IncidentEvent = IncidentEventBody & {
  incidentId: string;
  /** 1-based position in this incident's history; equals the incident version after applying it. */
  seq: number;
  actor: Person;
  at: string;
};

/**
 * Pure fold of one event onto the current state. Stores call this inside the transaction that
 * appends the event so the derived state can never drift from the trail.
 */
export function applyEvent(incident: Incident, event: IncidentEvent): Incident {
  const next: Incident = { ...incident, version: event.seq, updatedAt: event.at };
  switch (event.kind) {
    case 'created':
      return { ...next, status: 'new', urgency: event.urgency };
    case 'acknowledged':
      return { ...next, status: 'acknowledged' };
    case 'assigned':
      return {
        ...next,
        assignee: event.assignee,
        status: incident.status === 'new' ? 'acknowledged' : incident.status,
      };
    case 'urgency_changed':
      return { ...next, urgency: event.to };
    case 'escalated':
      return {
        ...next,
        status: incident.status === 'new' ? 'acknowledged' : incident.status,
        escalations: [
          ...incident.escalations,
          { target: event.target, reference: event.reference, by: event.actor, at: event.at },
        ],
      };
    case 'closed':
      return {
        ...next,
        status: 'closed',
        outcome: { text: event.outcome, sharedWithReporter: event.sharedWithReporter },
      };
    case 'reopened':
      return { ...next, status: 'acknowledged', outcome: undefined };
    case 'withdrawn':
      return { ...next, status: 'withdrawn' };
    case 'note_added':
    case 'question_asked':
    case 'reporter_answered':
    case 'info_added':
      return next;
  }
}

export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status === 'new' || incident.status === 'acknowledged';
}

/** UK school year: September to August. A report on 2027-03-01 belongs to 2026. */
export function schoolYearOf(date: Date): number {
  const year = date.getUTCFullYear();
  return date.getUTCMonth() >= 8 ? year : year - 1;
}

export function formatReference(schoolYear: number, sequence: number): string {
  return `INC-${schoolYear}-${String(sequence).padStart(4, '0')}`;
}

export const REFERENCE_PATTERN = /^INC-(\d{4})-(\d{4,})$/;
