import { ForbiddenError } from '../errors';
import { hasRole, isSlt, type Actor } from '../people';
import type { Incident } from './incident';
import { incidentType } from './incident-types';

/**
 * Who may see and do what with an incident. Enforced here, in the domain, so a forged invoke
 * or a card shown to the wrong person cannot get round it:
 * - staff see only their own reports;
 * - SLT (incl. DSL and headteacher) see every report, but confidential types (staff_conduct)
 *   only as a placeholder: details reach the headteacher alone;
 * - only SLT act on reports, and only the headteacher on confidential ones;
 * - admin commands are for admins only.
 */

type IncidentRef = Pick<Incident, 'reporter' | 'report'>;

export function isReporter(actor: Actor, incident: Pick<Incident, 'reporter'>): boolean {
  return actor.id === incident.reporter.id;
}

function isConfidential(incident: IncidentRef): boolean {
  return incidentType(incident.report.type).confidential;
}

/** May know the incident exists (reference, status): its reporter, or any SLT member. */
export function canView(actor: Actor, incident: IncidentRef): boolean {
  return isReporter(actor, incident) || isSlt(actor);
}

/**
 * May read what was reported. Confidential types: the headteacher (and the reporter, who wrote
 * it). Others: any SLT member or the reporter.
 */
export function canSeeDetails(actor: Actor, incident: IncidentRef): boolean {
  if (isReporter(actor, incident)) return true;
  if (isConfidential(incident)) return hasRole(actor, 'headteacher');
  return isSlt(actor);
}

/** May take triage actions: SLT, and for confidential types only the headteacher. */
export function canAct(actor: Actor, incident: IncidentRef): boolean {
  if (isConfidential(incident)) return hasRole(actor, 'headteacher');
  return isSlt(actor);
}

export const NOT_SLT_MESSAGE =
  'Sorry, only members of the senior leadership team can act on reports. Nothing was changed.';
export const CONFIDENTIAL_MESSAGE =
  'Sorry, this report is confidential and only the headteacher can act on it. Nothing was changed.';
export const NOT_YOURS_MESSAGE = 'Sorry, you can only see and change reports you made yourself.';

export function assertCanAct(actor: Actor, incident: IncidentRef): void {
  if (canAct(actor, incident)) return;
  throw new ForbiddenError(
    isSlt(actor) ? CONFIDENTIAL_MESSAGE : NOT_SLT_MESSAGE,
    'triage refused: actor lacks the role',
  );
}

export function assertCanSeeDetails(actor: Actor, incident: IncidentRef): void {
  if (canSeeDetails(actor, incident)) return;
  const message = isSlt(actor)
    ? CONFIDENTIAL_MESSAGE.replace(' act on', ' read')
    : NOT_YOURS_MESSAGE;
  throw new ForbiddenError(message, 'details refused');
}

/** Reporter-only actions (add information, withdraw, answer a question). */
export function assertIsReporter(actor: Actor, incident: Pick<Incident, 'reporter'>): void {
  if (!isReporter(actor, incident)) throw new ForbiddenError(NOT_YOURS_MESSAGE, 'not the reporter');
}

export function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) {
    throw new ForbiddenError('Sorry, only administrators can use that command.', 'not an admin');
  }
}
