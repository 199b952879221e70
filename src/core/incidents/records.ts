import { systemClock, type Clock } from '../clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { Actor, Person } from '../people';
import type { Store } from '../store';
import { assertAdmin } from './access';
import { REFERENCE_PATTERN, type Incident, type IncidentEvent } from './incident';

/**
 * Admin use cases on whole records: export one incident's full history, and purge records past
 * the retention period. Both are admin-only and leave an entry in the store's audit log (who,
 * when, which references; never the content), so a school can show who exported or removed what.
 */

export interface IncidentRecord {
  format: 'safeguard-incident-record';
  formatVersion: 1;
  exportedAt: string;
  exportedBy: Person;
  incident: Incident;
  /** Every event in order, starting with `created` (the original account). */
  events: IncidentEvent[];
  /** Where the triage card was posted in the SLT channel, if it was. */
  cardLocation: Record<string, unknown> | null;
}

export interface PurgeResult {
  /** Records created before this instant were considered. */
  cutoff: string;
  purged: string[];
  /** Older incidents kept because they are still open or were changed within the period. */
  kept: number;
}

/** A safety rail on an irreversible command: a mistyped RETENTION_DAYS must not wipe the records. */
export const MIN_RETENTION_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

export async function exportIncidentRecord(
  store: Store,
  actor: Actor,
  incidentIdOrReference: string,
  clock: Clock = systemClock,
): Promise<IncidentRecord> {
  await assertAdminLogged(store, actor, 'incident.export_refused', clock);
  const key = typeof incidentIdOrReference === 'string' ? incidentIdOrReference.trim() : '';
  if (key.length === 0 || key.length > 200) {
    throw new ValidationError('Please give a report reference such as INC-2026-0042.', {
      reference: 'A reference like INC-2026-0042 is needed.',
    });
  }
  const asReference = key.toUpperCase();
  const incident = REFERENCE_PATTERN.test(asReference)
    ? await store.incidents.getByReference(asReference)
    : await store.incidents.get(key);
  if (!incident) throw new NotFoundError('Sorry, there is no report with that reference.');

  const [events, cardLocation] = await Promise.all([
    store.incidents.events(incident.id),
    store.incidents.getCardLocation(incident.id),
  ]);
  const exportedAt = clock.now();
  // Logged before the record is handed over: an export that cannot be logged does not happen.
  await store.audit.record({
    action: 'incident.exported',
    actorId: actor.id,
    subject: incident.reference,
    at: exportedAt,
    detail: { events: events.length },
  });
  return {
    format: 'safeguard-incident-record',
    formatVersion: 1,
    exportedAt: exportedAt.toISOString(),
    exportedBy: { id: actor.id, name: actor.name },
    incident,
    events,
    cardLocation: cardLocation ?? null,
  };
}

/**
 * Removes closed or withdrawn incidents created more than `retentionDays` ago and unchanged since
 * then; open cases are never purged. The purge and its audit entry are one transaction.
 */
export async function purgeExpired(
  store: Store,
  actor: Actor,
  retentionDays: number,
  clock: Clock = systemClock,
): Promise<PurgeResult> {
  await assertAdminLogged(store, actor, 'incidents.purge_refused', clock);
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_RETENTION_DAYS) {
    throw new ValidationError(
      `Sorry, the retention period must be a whole number of days, at least ${MIN_RETENTION_DAYS}. Nothing was removed.`,
      { retentionDays: `At least ${MIN_RETENTION_DAYS} days.` },
    );
  }
  const now = clock.now();
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const purged = await store.incidents.purgeCreatedBefore(cutoff, {
    closedOnly: true,
    audit: {
      action: 'incidents.purged',
      actorId: actor.id,
      at: now,
      detail: { retentionDays, cutoff: cutoff.toISOString() },
    },
  });
  const kept = await store.incidents.count({ createdTo: cutoff });
  return { cutoff: cutoff.toISOString(), purged, kept };
}

/** Refusals are logged too (best effort): a non-admin trying these commands is worth knowing. */
async function assertAdminLogged(store: Store, actor: Actor, action: string, clock: Clock) {
  try {
    assertAdmin(actor);
  } catch (err) {
    if (err instanceof ForbiddenError) {
      await store.audit
        .record({ action, actorId: actor?.id ?? 'unknown', at: clock.now() })
        .catch(() => {});
    }
    throw err;
  }
}
