import type { NewOutboxMessage } from '../store';
import type { Incident } from './incident';
import { incidentType } from './incident-types';

/** What the SLT thread says about a confidential report: the channel only ever holds a placeholder. */
export const CONFIDENTIAL_THREAD_TEXT = 'This confidential report was updated.';

/**
 * Refresh the SLT card and add a line to its thread. The key carries the event seq, so each event is
 * delivered once however often the outbox retries it.
 */
export function cardUpdateMessage(
  incident: Incident,
  seq: number,
  threadText: string,
): NewOutboxMessage {
  const confidential = incidentType(incident.report.type).confidential;
  return {
    key: `slt.update_card:${incident.id}:${seq}`,
    topic: 'slt.update_card',
    payload: {
      incidentId: incident.id,
      seq,
      threadText: confidential ? CONFIDENTIAL_THREAD_TEXT : threadText,
    },
  };
}
