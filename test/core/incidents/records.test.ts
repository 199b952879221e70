import { fixedClock } from '../../../src/core/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors';
import {
  exportIncidentRecord,
  MIN_RETENTION_DAYS,
  purgeExpired,
} from '../../../src/core/incidents/records';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import { adminActor, anActor, aReport, aSubmission, dsl } from '../../support/incident-mother';

const DAY = 24 * 60 * 60 * 1000;

describe('exportIncidentRecord', () => {
  it('gives an admin the full record in order and logs who exported which reference', async () => {
    const clock = fixedClock('2026-11-01T12:00:00Z');
    const store = new MemoryStore(clock);
    const { incident } = await store.incidents.submit(aSubmission());
    await store.incidents.append(incident.id, 1, dsl, { kind: 'acknowledged' }, clock.now());
    await store.incidents.append(
      incident.id,
      2,
      dsl,
      { kind: 'note_added', text: 'Rang parent' },
      clock.now(),
    );
    await store.incidents.setCardLocation(incident.id, { activityId: 'a1' });

    const record = await exportIncidentRecord(store, adminActor(), 'inc-2026-0001', clock);
    expect(record).toMatchObject({
      format: 'safeguard-incident-record',
      formatVersion: 1,
      exportedAt: '2026-11-01T12:00:00.000Z',
      exportedBy: { id: 'aad-admin-1', name: 'Ada Admin' },
      incident: { reference: 'INC-2026-0001', version: 3, report: aReport() },
      cardLocation: { activityId: 'a1' },
    });
    expect(record.events.map((e) => e.kind)).toEqual(['created', 'acknowledged', 'note_added']);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(await exportIncidentRecord(store, adminActor(), incident.id, clock)).toMatchObject({
      incident: { id: incident.id },
    });

    const log = await store.audit.list({ action: 'incident.exported' });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      actorId: 'aad-admin-1',
      subject: 'INC-2026-0001',
      detail: { events: 3 },
    });
    expect(JSON.stringify(log)).not.toContain('Rang parent');
  });

  it('refuses non-admins (even the DSL) with ForbiddenError and logs the attempt', async () => {
    const store = new MemoryStore();
    await store.incidents.submit(aSubmission());
    await expect(
      exportIncidentRecord(store, anActor(['dsl', 'headteacher'], dsl), 'INC-2026-0001'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await store.audit.list()).toMatchObject([
      { action: 'incident.export_refused', actorId: dsl.id },
    ]);
  });

  it('answers unknown and empty references with typed errors', async () => {
    const store = new MemoryStore();
    await expect(exportIncidentRecord(store, adminActor(), 'INC-2026-0099')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(exportIncidentRecord(store, adminActor(), '  ')).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.audit.list({ action: 'incident.exported' })).toEqual([]);
  });
});

describe('purgeExpired', () => {
  it('removes closed records past retention, keeps open or recent ones, and logs it', async () => {
    const clock = fixedClock('2019-01-10T00:00:00Z');
    const store = new MemoryStore(clock);
    const old = (await store.incidents.submit(aSubmission({ at: clock.now() }))).incident;
    const stillOpen = (await store.incidents.submit(aSubmission({ at: clock.now() }))).incident;
    await store.incidents.append(
      old.id,
      1,
      dsl,
      { kind: 'closed', outcome: 'Resolved' },
      clock.now(),
    );
    clock.set('2026-01-10T00:00:00Z');
    const recent = (await store.incidents.submit(aSubmission({ at: clock.now() }))).incident;
    await store.incidents.append(
      recent.id,
      1,
      dsl,
      { kind: 'closed', outcome: 'Resolved' },
      clock.now(),
    );

    const result = await purgeExpired(store, adminActor(), 6 * 365, clock);
    expect(result).toEqual({
      cutoff: new Date(Date.parse('2026-01-10T00:00:00Z') - 6 * 365 * DAY).toISOString(),
      purged: [old.reference],
      kept: 1,
    });
    expect(await store.incidents.get(old.id)).toBeUndefined();
    expect(await store.incidents.get(stillOpen.id)).toBeDefined();
    expect(await store.incidents.get(recent.id)).toBeDefined();
    expect(await store.audit.list({ action: 'incidents.purged' })).toMatchObject([
      {
        actorId: 'aad-admin-1',
        detail: { retentionDays: 6 * 365, count: 1, references: [old.reference] },
      },
    ]);
  });

  it('refuses non-admins and retention periods that are too short or not whole days', async () => {
    const store = new MemoryStore();
    await store.incidents.submit(aSubmission({ at: new Date('2000-01-01') }));
    await expect(purgeExpired(store, anActor(['slt']), 3650)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    for (const days of [0, -1, 1.5, MIN_RETENTION_DAYS - 1, Number.NaN]) {
      await expect(purgeExpired(store, adminActor(), days)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await store.incidents.count()).toBe(1);
    expect((await store.audit.list()).map((e) => e.action)).toEqual(['incidents.purge_refused']);
  });
});
