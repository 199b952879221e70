import { randomUUID } from 'node:crypto';
import type { Actor, Person, Role } from '../../src/core/people';
import type { IncidentReport } from '../../src/core/incidents/incident';
import type { Urgency } from '../../src/core/incidents/incident-types';
import type { NewOutboxMessage, SubmitInput } from '../../src/core/store';

/** "Mother" helpers: small, valid defaults for tests; override only what a test is about. */

export const reporter: Person = { id: 'aad-staff-1', name: 'Sam Teacher' };
export const dsl: Person = { id: 'aad-dsl-1', name: 'Dana Lead' };
export const head: Person = { id: 'aad-head-1', name: 'Hana Head' };

export function anActor(roles: Role[] = ['staff'], person: Person = reporter): Actor {
  return { ...person, roles: new Set(roles) };
}

export const adminActor = (): Actor => anActor(['admin'], { id: 'aad-admin-1', name: 'Ada Admin' });

export function aReport(overrides: Partial<IncidentReport> = {}): IncidentReport {
  return {
    type: 'online_abuse',
    account: 'A parent posted abusive comments about me on Facebook.',
    occurredAt: '2026-10-01T09:00:00.000Z',
    where: 'Facebook',
    involved: { role: 'parent', description: 'Parent of a Year 9 pupil' },
    evidence: { kept: 'yes', description: 'Screenshots saved to the school drive' },
    actionsTaken: ['screenshot'],
    toldDsl: 'no',
    ...overrides,
  };
}

/** The messages a real submission enqueues: post to the SLT channel and notify the reporter. */
export function submissionOutbox(): NewOutboxMessage[] {
  return [
    {
      key: 'slt-post:{incidentId}',
      topic: 'slt.post_incident',
      payload: { incidentId: '{incidentId}', reference: '{reference}' },
    },
    {
      key: 'notify:{incidentId}:1',
      topic: 'reporter.notify',
      payload: { incidentId: '{incidentId}', text: 'Your report {reference} was received.' },
    },
  ];
}

export function aSubmission(overrides: Partial<SubmitInput> = {}): SubmitInput {
  return {
    idempotencyKey: `submit-${randomUUID()}`,
    reporter,
    report: aReport(),
    urgency: 'normal' as Urgency,
    at: new Date('2026-10-01T10:00:00.000Z'),
    outbox: submissionOutbox(),
    ...overrides,
  };
}
