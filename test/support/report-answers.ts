import type { IncidentTypeId } from '../../src/core/incidents/incident-types';
import { INCIDENT_TYPES } from '../../src/core/incidents/incident-types';
import {
  next,
  startDraft,
  type ReportDraft,
  type WizardResult,
  type WizardStep,
} from '../../src/core/incidents/report-wizard';

/** "Now" for wizard tests: a Tuesday in term time (GMT). */
export const NOW = new Date('2026-11-17T15:00:00.000Z');

/** Valid card values for each step, as a card would post them (strings throughout). */
export function validValues(step: WizardStep, type: IncidentTypeId): Record<string, unknown> {
  switch (step) {
    case 'type':
      return { type };
    case 'what':
      return {
        account: 'A Year 10 pupil sent me a follow request on Instagram last night.',
        occurredDate: '2026-11-16',
        occurredTime: '21:15',
        where: 'Instagram',
        threatsOrHate: 'false',
      };
    case 'who':
      return { involvedRole: 'current_pupil', involvedDescription: 'J.', yearGroup: 'Year 10' };
    case 'evidence':
      return { evidenceKept: 'yes', evidenceDescription: 'Screenshot on my phone' };
    case 'actions':
      return { actionsTaken: INCIDENT_TYPES[type].actionsChecklist[0]!.id, otherActions: '' };
    case 'told_dsl':
      return { toldDsl: 'yes' };
    default:
      return {};
  }
}

/** Walks a fresh draft of `type` to the review step with valid answers; returns every result. */
export function walkToReview(
  type: IncidentTypeId,
  id = `draft-${type}`,
): { draft: ReportDraft; visited: WizardStep[]; results: WizardResult[] } {
  let draft = startDraft({ id, now: NOW });
  const visited: WizardStep[] = [draft.step];
  const results: WizardResult[] = [];
  for (let i = 0; i < 12 && draft.step !== 'review'; i++) {
    const r = next(
      draft,
      { action: 'continue', step: draft.step, values: validValues(draft.step, type) },
      { now: NOW },
    );
    if (Object.keys(r.errors).length > 0) {
      throw new Error(`unexpected errors at ${draft.step}: ${JSON.stringify(r.errors)}`);
    }
    results.push(r);
    draft = r.draft;
    visited.push(draft.step);
  }
  return { draft, visited, results };
}

/** A draft of `type` at review whose answers are valid, ready to submit. */
export function completedDraft(type: IncidentTypeId = 'pupil_contact', id?: string): ReportDraft {
  return walkToReview(type, id).draft;
}
