import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock, type Clock } from '../../../src/core/clock';
import {
  ConflictError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
} from '../../../src/core/errors';
import { OutboxWorker } from '../../../src/core/delivery/outbox-worker';
import {
  applyEvent,
  type Incident,
  type IncidentEvent,
} from '../../../src/core/incidents/incident';
import type { OutboxMessage, Store } from '../../../src/core/store';
import { aReport, aSubmission, dsl, head, reporter } from '../../support/incident-mother';

export interface StoreHarness {
  store: Store;
  /** Another instance (connection/pool) on the same database; for memory, the same store. */
  openAnother(): Promise<Store>;
  /** Closes everything opened and removes the database. */
  cleanup(): Promise<void>;
}

export type MakeStore = (clock: Clock) => Promise<StoreHarness>;

const T0 = '2026-10-01T10:00:00.000Z';

/** The contract every Store adapter keeps; see src/core/store.ts. */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`${name} store contract`, () => {
    let clock: ReturnType<typeof fixedClock>;
    let h: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      clock = fixedClock(T0);
      h = await makeStore(clock);
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    describe('submit', () => {
      it('creates the incident, its created event and its deliveries together', async () => {
        const input = aSubmission({ urgency: 'high' });
        const { incident, created } = await store.incidents.submit(input);
        expect(created).toBe(true);
        expect(incident).toMatchObject({
          reference: 'INC-2026-0001',
          schoolYear: 2026,
          reporter,
          report: input.report,
          status: 'new',
          urgency: 'high',
          escalations: [],
          createdAt: T0,
          updatedAt: T0,
          version: 1,
        });
        expect(await store.incidents.get(incident.id)).toEqual(incident);
        expect(await store.incidents.getByReference('INC-2026-0001')).toEqual(incident);
        const events = await store.incidents.events(incident.id);
        expect(events).toEqual([
          {
            kind: 'created',
            report: input.report,
            urgency: 'high',
            incidentId: incident.id,
            seq: 1,
            actor: reporter,
            at: T0,
          },
        ]);
        const outbox = await store.outbox.undelivered();
        expect(outbox.map((m) => [m.key, m.topic, m.payload])).toEqual([
          [
            `slt-post:${incident.id}`,
            'slt.post_incident',
            { incidentId: incident.id, reference: 'INC-2026-0001' },
          ],
          [
            `notify:${incident.id}:1`,
            'reporter.notify',
            { incidentId: incident.id, text: 'Your report INC-2026-0001 was received.' },
          ],
        ]);
        expect(outbox[0]).toMatchObject({ attempts: 0, createdAt: T0, nextAttemptAt: T0 });
      });

      it('returns the existing incident for a repeated idempotency key and uses no reference', async () => {
        const input = aSubmission();
        const first = await store.incidents.submit(input);
        const again = await store.incidents.submit({ ...input, report: aReport({ account: 'x' }) });
        expect(again.created).toBe(false);
        expect(again.incident).toEqual(first.incident);
        expect(await store.outbox.undelivered()).toHaveLength(2);
        const next = await store.incidents.submit(aSubmission());
        expect(next.incident.reference).toBe('INC-2026-0002');
      });

      it('numbers references per school year (September to August)', async () => {
        const refs = [];
        for (const at of [
          '2026-08-31T23:00:00Z',
          '2026-09-01T00:00:00Z',
          '2026-08-01T00:00:00Z',
          '2027-03-01T00:00:00Z',
        ]) {
          refs.push(
            (await store.incidents.submit(aSubmission({ at: new Date(at) }))).incident.reference,
          );
        }
        expect(refs).toEqual(['INC-2025-0001', 'INC-2026-0001', 'INC-2025-0002', 'INC-2026-0002']);
      });

      it('rejects incomplete input with a ValidationError and saves nothing', async () => {
        const bad = [
          aSubmission({ idempotencyKey: '' }),
          aSubmission({ at: new Date('nonsense') }),
          aSubmission({ report: aReport({ type: 'nope' as never }) }),
          aSubmission({ urgency: 'panic' as never }),
          aSubmission({ reporter: { id: '', name: '' } }),
        ];
        for (const input of bad) {
          await expect(store.incidents.submit(input)).rejects.toBeInstanceOf(ValidationError);
        }
        expect(await store.incidents.count()).toBe(0);
        expect(await store.outbox.undelivered()).toEqual([]);
      });

      it('hands out copies: changing a returned incident changes nothing stored', async () => {
        const { incident } = await store.incidents.submit(aSubmission());
        incident.report.account = 'tampered';
        incident.status = 'closed';
        const stored = await store.incidents.get(incident.id);
        expect(stored?.report.account).toBe(aReport().account);
        expect(stored?.status).toBe('new');
      });
    });

    describe('append', () => {
      it('appends events in order, keeps state in step and enqueues in the same step', async () => {
        const { incident } = await store.incidents.submit(aSubmission());
        const t1 = new Date('2026-10-01T11:00:00Z');
        const ack = await store.incidents.append(
          incident.id,
          1,
          dsl,
          { kind: 'acknowledged' },
          t1,
          [
            {
              key: 'notify:{incidentId}:ack',
              topic: 'reporter.notify',
              payload: { ref: '{reference}' },
            },
          ],
        );
        expect(ack.incident).toMatchObject({
          status: 'acknowledged',
          version: 2,
          updatedAt: t1.toISOString(),
        });
        expect(ack.event).toEqual({
          kind: 'acknowledged',
          incidentId: incident.id,
          seq: 2,
          actor: dsl,
          at: t1.toISOString(),
        });
        const notify = (await store.outbox.undelivered()).find(
          (m) => m.key === `notify:${incident.id}:ack`,
        );
        expect(notify?.payload).toEqual({ ref: incident.reference });

        const t2 = new Date('2026-10-01T12:00:00Z');
        await store.incidents.append(incident.id, 2, dsl, { kind: 'assigned', assignee: head }, t2);
        await store.incidents.append(
          incident.id,
          3,
          head,
          { kind: 'escalated', target: 'lado', reference: 'L-1' },
          t2,
        );
        await store.incidents.append(
          incident.id,
          4,
          head,
          { kind: 'note_added', text: 'Called parent' },
          t2,
        );
        const closed = await store.incidents.append(
          incident.id,
          5,
          head,
          { kind: 'closed', outcome: 'Resolved', sharedWithReporter: 'Dealt with' },
          t2,
        );
        expect(closed.incident).toMatchObject({
          status: 'closed',
          version: 6,
          assignee: head,
          escalations: [{ target: 'lado', reference: 'L-1', by: head, at: t2.toISOString() }],
          outcome: { text: 'Resolved', sharedWithReporter: 'Dealt with' },
        });
        const reopened = await store.incidents.append(
          incident.id,
          6,
          head,
          { kind: 'reopened', reason: 'More info' },
          t2,
        );
        expect(reopened.incident.status).toBe('acknowledged');
        expect(reopened.incident.outcome).toBeUndefined();

        const events = await store.incidents.events(incident.id);
        expect(events.map((e) => [e.seq, e.kind])).toEqual([
          [1, 'created'],
          [2, 'acknowledged'],
          [3, 'assigned'],
          [4, 'escalated'],
          [5, 'note_added'],
          [6, 'closed'],
          [7, 'reopened'],
        ]);
        // The state is exactly the fold of the trail, and the original account is untouched.
        const folded = events.reduce<Incident>((acc, e) => applyEvent(acc, e), {
          ...incident,
          status: 'new',
          escalations: [],
          version: 0,
        });
        expect(JSON.parse(JSON.stringify(folded))).toEqual(await store.incidents.get(incident.id));
        expect((await store.incidents.get(incident.id))?.report).toEqual(aReport());
        expect((events[0] as Extract<IncidentEvent, { kind: 'created' }>).report).toEqual(
          aReport(),
        );
      });

      it('refuses a stale version with ConflictError and writes nothing', async () => {
        const { incident } = await store.incidents.submit(aSubmission());
        await store.incidents.append(incident.id, 1, dsl, { kind: 'acknowledged' }, new Date(T0));
        const before = await store.outbox.undelivered();
        await expect(
          store.incidents.append(
            incident.id,
            1,
            head,
            { kind: 'note_added', text: 'late' },
            new Date(T0),
            [{ key: 'late', topic: 't', payload: {} }],
          ),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await store.incidents.events(incident.id)).toHaveLength(2);
        expect((await store.incidents.get(incident.id))?.version).toBe(2);
        expect(await store.outbox.undelivered()).toEqual(before);
      });

      it('reports a missing incident and bad input with typed errors', async () => {
        await expect(
          store.incidents.append(
            '00000000-0000-4000-8000-000000000000',
            1,
            dsl,
            { kind: 'acknowledged' },
            new Date(T0),
          ),
        ).rejects.toBeInstanceOf(NotFoundError);
        const { incident } = await store.incidents.submit(aSubmission());
        await expect(
          store.incidents.append(incident.id, 1, dsl, { kind: 'created' } as never, new Date(T0)),
        ).rejects.toBeInstanceOf(ValidationError);
        await expect(
          store.incidents.append(incident.id, 0, dsl, { kind: 'acknowledged' }, new Date(T0)),
        ).rejects.toBeInstanceOf(ValidationError);
        expect(await store.incidents.events(incident.id)).toHaveLength(1);
      });

      it('lets exactly one of two writers at the same version win (no lost update)', async () => {
        const other = await h.openAnother();
        const { incident } = await store.incidents.submit(aSubmission());
        const results = await Promise.allSettled([
          store.incidents.append(
            incident.id,
            1,
            dsl,
            { kind: 'note_added', text: 'A' },
            new Date(T0),
          ),
          other.incidents.append(
            incident.id,
            1,
            head,
            { kind: 'note_added', text: 'B' },
            new Date(T0),
          ),
        ]);
        const ok = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(1);
        expect(failed[0].reason).toBeInstanceOf(ConflictError);
        const events = await store.incidents.events(incident.id);
        expect(events).toHaveLength(2);
        expect((await other.incidents.get(incident.id))?.version).toBe(2);
      });
    });

    describe('references under concurrency', () => {
      it('allocates unique, gap-free references to many parallel submissions', async () => {
        const stores = [store, await h.openAnother(), await h.openAnother()];
        const n = 30;
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            stores[i % stores.length].incidents.submit(aSubmission()),
          ),
        );
        const refs = results.map((r) => r.incident.reference).sort();
        expect(refs).toEqual(
          Array.from({ length: n }, (_, i) => `INC-2026-${String(i + 1).padStart(4, '0')}`),
        );
      });

      it('creates one incident for the same key submitted twice at once', async () => {
        const other = await h.openAnother();
        const input = aSubmission();
        const results = await Promise.all([
          store.incidents.submit(input),
          other.incidents.submit(input),
          store.incidents.submit(input),
        ]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.incident.id)).size).toBe(1);
        expect(await store.incidents.count()).toBe(1);
        expect(await store.outbox.undelivered()).toHaveLength(2);
      });
    });

    describe('queries', () => {
      async function seed() {
        const at = (d: string) => new Date(`2026-10-${d}T09:00:00Z`);
        const a = (await store.incidents.submit(aSubmission({ at: at('01'), urgency: 'normal' })))
          .incident;
        const b = (
          await store.incidents.submit(
            aSubmission({
              at: at('02'),
              urgency: 'urgent',
              report: aReport({ type: 'radicalisation' }),
            }),
          )
        ).incident;
        const c = (
          await store.incidents.submit(
            aSubmission({ at: at('03'), urgency: 'high', reporter: dsl }),
          )
        ).incident;
        const d = (await store.incidents.submit(aSubmission({ at: at('04'), urgency: 'urgent' })))
          .incident;
        const e = (await store.incidents.submit(aSubmission({ at: at('05'), urgency: 'low' })))
          .incident;
        await store.incidents.append(c.id, 1, dsl, { kind: 'assigned', assignee: dsl }, at('06'));
        await store.incidents.append(e.id, 1, dsl, { kind: 'closed', outcome: 'done' }, at('06'));
        return { a, b, c, d, e, at };
      }

      it('lists urgent first, then oldest first, with filters, limit and count', async () => {
        const { a, b, c, d, e, at } = await seed();
        const refs = (list: Incident[]) => list.map((i) => i.reference);
        expect(refs(await store.incidents.list())).toEqual(refs([b, d, c, a, e]));
        const open = { status: ['new', 'acknowledged'] as Incident['status'][] };
        expect(refs(await store.incidents.list(open))).toEqual(refs([b, d, c, a]));
        expect(await store.incidents.count(open)).toBe(4);
        expect(refs(await store.incidents.list({ ...open, limit: 2 }))).toEqual(refs([b, d]));
        expect(refs(await store.incidents.list({ type: ['radicalisation'] }))).toEqual(refs([b]));
        expect(refs(await store.incidents.list({ reporterId: dsl.id }))).toEqual(refs([c]));
        expect(refs(await store.incidents.list({ ...open, unassignedOnly: true }))).toEqual(
          refs([b, d, a]),
        );
        expect(
          refs(await store.incidents.list({ createdFrom: at('02'), createdTo: at('04') })),
        ).toEqual(refs([b, c]));
        expect(await store.incidents.count({ createdFrom: at('02'), createdTo: at('04') })).toBe(2);
        expect(await store.incidents.list({ status: [] })).toEqual([]);
        await expect(store.incidents.list({ limit: -1 })).rejects.toBeInstanceOf(ValidationError);
      });

      it('answers undefined or [] for what does not exist', async () => {
        expect(await store.incidents.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
        expect(await store.incidents.get('not-a-uuid')).toBeUndefined();
        expect(await store.incidents.getByReference('INC-2026-9999')).toBeUndefined();
        expect(await store.incidents.events('00000000-0000-4000-8000-000000000000')).toEqual([]);
        expect(
          await store.incidents.getCardLocation('00000000-0000-4000-8000-000000000000'),
        ).toBeUndefined();
      });

      it('keeps where the triage card lives', async () => {
        const { incident } = await store.incidents.submit(aSubmission());
        await store.incidents.setCardLocation(incident.id, {
          conversationId: 'c1',
          activityId: 'a1',
        });
        await store.incidents.setCardLocation(incident.id, {
          conversationId: 'c1',
          activityId: 'a2',
        });
        expect(await store.incidents.getCardLocation(incident.id)).toEqual({
          conversationId: 'c1',
          activityId: 'a2',
        });
        await expect(
          store.incidents.setCardLocation('00000000-0000-4000-8000-000000000000', {}),
        ).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('retention purge', () => {
      it('removes incidents created before the cut-off with their events, and logs it', async () => {
        const older = (
          await store.incidents.submit(aSubmission({ at: new Date('2018-01-01T00:00:00Z') }))
        ).incident;
        const old = (
          await store.incidents.submit(
            aSubmission({ at: new Date('2019-01-01T00:00:00Z'), urgency: 'urgent' }),
          )
        ).incident;
        const kept = (
          await store.incidents.submit(aSubmission({ at: new Date('2026-01-01T00:00:00Z') }))
        ).incident;
        const purged = await store.incidents.purgeCreatedBefore(new Date('2020-01-01T00:00:00Z'), {
          audit: {
            action: 'incidents.purged',
            actorId: 'admin',
            at: new Date(T0),
            detail: { retentionDays: 1 },
          },
        });
        // Oldest reference first, whatever the urgency.
        expect(purged).toEqual([older.reference, old.reference]);
        expect(await store.incidents.get(old.id)).toBeUndefined();
        expect(await store.incidents.events(old.id)).toEqual([]);
        expect(await store.incidents.get(kept.id)).toBeDefined();
        const [entry] = await store.audit.list({ action: 'incidents.purged' });
        expect(entry).toMatchObject({
          action: 'incidents.purged',
          actorId: 'admin',
          at: T0,
          detail: { retentionDays: 1, count: 2, references: [older.reference, old.reference] },
        });
      });

      it('with closedOnly, keeps open cases and cases changed since the cut-off', async () => {
        const cut = new Date('2020-01-01T00:00:00Z');
        const early = new Date('2019-01-01T00:00:00Z');
        const openOld = (await store.incidents.submit(aSubmission({ at: early }))).incident;
        const closedOld = (await store.incidents.submit(aSubmission({ at: early }))).incident;
        const closedLate = (await store.incidents.submit(aSubmission({ at: early }))).incident;
        await store.incidents.append(closedOld.id, 1, dsl, { kind: 'closed', outcome: 'x' }, early);
        await store.incidents.append(
          closedLate.id,
          1,
          dsl,
          { kind: 'closed', outcome: 'x' },
          new Date('2021-01-01'),
        );
        expect(await store.incidents.purgeCreatedBefore(cut, { closedOnly: true })).toEqual([
          closedOld.reference,
        ]);
        expect(await store.incidents.get(openOld.id)).toBeDefined();
        expect(await store.incidents.get(closedLate.id)).toBeDefined();
        // A purged reference is never handed out again.
        const next = await store.incidents.submit(aSubmission({ at: early }));
        expect(next.incident.reference).toBe('INC-2018-0004');
      });
    });

    describe('outbox', () => {
      const msg = (key: string) => ({ key, topic: 'slt.post_incident', payload: { n: key } });

      it('enqueues once per key and claims due messages for one worker at a time', async () => {
        await store.outbox.enqueue([msg('a'), msg('b'), msg('a')]);
        expect(await store.outbox.undelivered()).toHaveLength(2);
        const now = clock.now();
        const first = await store.outbox.claimDue(now, 10, 30_000);
        expect(first.map((m) => m.key).sort()).toEqual(['a', 'b']);
        expect(first.every((m) => m.attempts === 1)).toBe(true);
        expect(await store.outbox.claimDue(now, 10, 30_000)).toEqual([]);
        // After the lease expires an unfinished message is claimable again.
        const later = new Date(now.getTime() + 30_001);
        const again = await store.outbox.claimDue(later, 1, 30_000);
        expect(again).toHaveLength(1);
        expect(again[0].attempts).toBe(2);
      });

      it('marks delivery, schedules retries and keeps permanent failures visible', async () => {
        await store.outbox.enqueue([msg('ok'), msg('retry'), msg('dead')]);
        const now = clock.now();
        const byKey = Object.fromEntries(
          (await store.outbox.claimDue(now, 10, 30_000)).map((m) => [m.key, m]),
        ) as Record<string, OutboxMessage>;
        await store.outbox.markDelivered(byKey.ok.id, now);
        const retryAt = new Date(now.getTime() + 5_000);
        await store.outbox.markFailed(byKey.retry.id, 'HTTP 503', retryAt);
        await store.outbox.markFailed(byKey.dead.id, 'bot removed', now, true);

        expect(await store.outbox.claimDue(new Date(now.getTime() + 4_999), 10, 30_000)).toEqual(
          [],
        );
        const retried = await store.outbox.claimDue(retryAt, 10, 30_000);
        expect(retried.map((m) => [m.key, m.attempts, m.lastError])).toEqual([
          ['retry', 2, 'HTTP 503'],
        ]);

        const pending = await store.outbox.undelivered();
        expect(pending.map((m) => m.key).sort()).toEqual(['dead', 'retry']);
        expect(pending.find((m) => m.key === 'dead')).toMatchObject({
          failedPermanently: true,
          lastError: 'bot removed',
        });
        expect(pending.find((m) => m.key === 'ok')).toBeUndefined();
      });

      it('makes waiting and failed messages due now on request, only for the topics asked', async () => {
        await store.outbox.enqueue([
          { ...msg('post'), topic: 'slt.post_incident' },
          { ...msg('waiting'), topic: 'slt.post_incident' },
          { ...msg('notice'), topic: 'reporter.notify' },
          { ...msg('busy'), topic: 'slt.post_incident' },
        ]);
        const now = clock.now();
        const claimed = await store.outbox.claimDue(now, 10, 30_000);
        const hour = new Date(now.getTime() + 3_600_000);
        for (const m of claimed.filter((c) => c.key !== 'busy')) {
          await store.outbox.markFailed(m.id, 'HTTP 403', hour, m.key !== 'waiting');
        }
        const later = new Date(now.getTime() + 1_000);
        expect(await store.outbox.claimDue(later, 10, 30_000)).toEqual([]);

        // 'busy' is still held by a worker, 'notice' is another topic: both stay as they are.
        expect(await store.outbox.retryNow(later, ['slt.post_incident'])).toBe(2);
        const due = await store.outbox.claimDue(later, 10, 30_000);
        expect(due.map((m) => [m.key, m.failedPermanently ?? false]).sort()).toEqual([
          ['post', false],
          ['waiting', false],
        ]);
        const notice = (await store.outbox.undelivered()).find((m) => m.key === 'notice');
        expect(notice).toMatchObject({ failedPermanently: true });
      });

      it('never gives one message to two concurrent claimers', async () => {
        const other = await h.openAnother();
        await store.outbox.enqueue(Array.from({ length: 20 }, (_, i) => msg(`m${i}`)));
        const now = clock.now();
        const [x, y] = await Promise.all([
          store.outbox.claimDue(now, 15, 30_000),
          other.outbox.claimDue(now, 15, 30_000),
        ]);
        const ids = [...x, ...y].map((m) => m.key);
        expect(ids).toHaveLength(20);
        expect(new Set(ids).size).toBe(20);
      });

      it('two workers deliver every message exactly once to an HTTP endpoint', async () => {
        const received: string[] = [];
        const server: Server = createServer((req, res) => {
          let body = '';
          req.on('data', (c) => (body += c));
          req.on('end', () => {
            received.push((JSON.parse(body) as { key: string }).key);
            // Not chained: restify, loaded by other suites in this worker, patches writeHead to return nothing.
            res.writeHead(204);
            res.end();
          });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        try {
          const post = async (m: OutboxMessage) => {
            const res = await fetch(url, { method: 'POST', body: JSON.stringify({ key: m.key }) });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
          };
          const other = await h.openAnother();
          for (let i = 0; i < 10; i++) await store.incidents.submit(aSubmission());
          const real = { now: () => new Date(Date.parse(T0) + 1000) };
          const workers = [store, other].map(
            (s) =>
              new OutboxWorker({
                outbox: s.outbox,
                clock: real,
                batch: 3,
                handlers: { 'slt.post_incident': post, 'reporter.notify': post },
              }),
          );
          let rounds = 0;
          while ((await Promise.all(workers.map((w) => w.runOnce()))).some((n) => n > 0)) rounds++;
          expect(rounds).toBeGreaterThan(1);
          expect(received).toHaveLength(20);
          expect(new Set(received).size).toBe(20);
          expect(await store.outbox.undelivered()).toEqual([]);
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      });
    });

    describe('settings, feedback, questions, addresses, audit', () => {
      it('keeps settings as JSON values', async () => {
        expect(await store.settings.get('slt.channel')).toBeUndefined();
        await store.settings.set('slt.channel', { teamId: 't', channelId: 'c' });
        await store.settings.set('slt.channel', { teamId: 't2', channelId: 'c2' });
        await store.settings.set('flag', false);
        expect(await store.settings.get('slt.channel')).toEqual({ teamId: 't2', channelId: 'c2' });
        expect(await store.settings.get('flag')).toBe(false);
      });

      it('counts feedback', async () => {
        const f = { answerId: 'a1', helpful: true, userId: 'u', at: new Date(T0) };
        await store.feedback.record(f);
        await store.feedback.record({ ...f, documentTitle: 'AUP', section: '3' });
        await store.feedback.record({ ...f, helpful: false });
        expect(await store.feedback.counts()).toEqual({ helpful: 2, notHelpful: 1 });
      });

      describe('feedback summary', () => {
        const at = (iso: string) => new Date(iso);
        const vote = (
          documentTitle: string | undefined,
          section: string | undefined,
          helpful: boolean,
          when = T0,
          userId = 'u1',
        ) =>
          store.feedback.record({
            answerId: `a-${documentTitle}-${section}`,
            documentTitle,
            section,
            helpful,
            userId,
            at: at(when),
          });

        it('is empty before anyone votes', async () => {
          expect(await store.feedback.summary({ limit: 10 })).toEqual({
            helpful: 0,
            notHelpful: 0,
            sections: [],
          });
          expect(
            await store.feedback.summary({ since: at('2026-01-01T00:00:00Z'), limit: 10 }),
          ).toEqual({ helpful: 0, notHelpful: 0, sections: [] });
        });

        it('ranks sections by not-helpful votes, then by share, then by name; only those marked not helpful', async () => {
          // AUP 4.1: 3 no / 1 yes; AUP 2: 2 no / 0 yes; Code 7: 2 no / 2 yes; Code 1: 1 yes only.
          for (const helpful of [false, false, false, true]) await vote('AUP', '4.1', helpful);
          for (const helpful of [true, false, true, false]) await vote('Code', '7', helpful);
          for (const helpful of [false, false]) await vote('AUP', '2', helpful);
          await vote('Code', '1', true);
          // Same counts as Code 7: ties fall back to document title and section.
          for (const helpful of [false, true, false, true]) await vote('Code', '10', helpful);

          expect(await store.feedback.summary({ limit: 10 })).toEqual({
            helpful: 6,
            notHelpful: 9,
            sections: [
              { documentTitle: 'AUP', section: '4.1', helpful: 1, notHelpful: 3 },
              { documentTitle: 'AUP', section: '2', helpful: 0, notHelpful: 2 },
              { documentTitle: 'Code', section: '10', helpful: 2, notHelpful: 2 },
              { documentTitle: 'Code', section: '7', helpful: 2, notHelpful: 2 },
            ],
          });
          const top2 = await store.feedback.summary({ limit: 2 });
          expect(top2.sections.map((s) => s.section)).toEqual(['4.1', '2']);
          expect(top2).toMatchObject({ helpful: 6, notHelpful: 9 });
        });

        it('counts only votes at or after `since`, and keeps older votes in the all-time counts', async () => {
          await vote('AUP', '3', false, '2026-06-30T23:59:59.999Z');
          await vote('AUP', '3', true, '2026-07-01T00:00:00.000Z');
          await vote('AUP', '5', false, '2026-07-01T00:00:00.000Z');
          await vote('AUP', '5', false, '2026-09-01T12:00:00.000Z');

          expect(
            await store.feedback.summary({ since: at('2026-07-01T00:00:00Z'), limit: 10 }),
          ).toEqual({
            helpful: 1,
            notHelpful: 2,
            sections: [{ documentTitle: 'AUP', section: '5', helpful: 0, notHelpful: 2 }],
          });
          expect(await store.feedback.summary({ limit: 10 })).toMatchObject({
            helpful: 1,
            notHelpful: 3,
          });
          expect(await store.feedback.counts()).toEqual({ helpful: 1, notHelpful: 3 });
        });

        it('groups votes with no recorded document or section together, without empty fields', async () => {
          await vote(undefined, undefined, false);
          await vote(undefined, undefined, false, T0, 'u2');
          await vote('AUP', undefined, false);
          const { sections } = await store.feedback.summary({ limit: 10 });
          expect(sections).toEqual([
            { helpful: 0, notHelpful: 2 },
            { documentTitle: 'AUP', helpful: 0, notHelpful: 1 },
          ]);
        });

        it('returns counts only, never who voted', async () => {
          await vote('AUP', '4.1', false, T0, 'aad-secret-user');
          const summary = await store.feedback.summary({ limit: 10 });
          expect(JSON.stringify(summary)).not.toContain('aad-secret-user');
          expect(JSON.stringify(summary)).not.toContain('a-AUP-4.1');
        });

        it('refuses a bad limit or date', async () => {
          await expect(store.feedback.summary({ limit: -1 })).rejects.toBeInstanceOf(
            ValidationError,
          );
          await expect(
            store.feedback.summary({ since: new Date('nonsense'), limit: 10 }),
          ).rejects.toBeInstanceOf(ValidationError);
        });
      });

      it('answers an SLT question once and enqueues with it', async () => {
        const q = await store.questions.create(
          {
            asker: reporter,
            question: 'Can I follow pupils on Instagram?',
            botAnswer: 'No.',
            askedAt: T0,
          },
          [
            {
              key: 'slt-question:{questionId}',
              topic: 'slt.post_question',
              payload: { questionId: '{questionId}' },
            },
          ],
        );
        expect(await store.questions.get(q.id)).toEqual(q);
        expect((await store.outbox.undelivered()).map((m) => [m.key, m.payload])).toEqual([
          [`slt-question:${q.id}`, { questionId: q.id }],
        ]);
        const answered = await store.questions.answer(q.id, 'No, never.', dsl, new Date(T0), [
          { key: 'answer:{questionId}', topic: 'reporter.notify', payload: {} },
        ]);
        expect(answered.answer).toEqual({ text: 'No, never.', by: dsl, at: T0 });
        await expect(
          store.questions.answer(q.id, 'Again', head, new Date(T0)),
        ).rejects.toBeInstanceOf(ConflictError);
        expect((await store.questions.get(q.id))?.answer?.text).toBe('No, never.');
        expect(await store.outbox.undelivered()).toHaveLength(2);
        await expect(
          store.questions.answer('00000000-0000-4000-8000-000000000000', 'x', dsl, new Date(T0)),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.questions.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      });

      it('keeps the latest address per user', async () => {
        await store.addresses.save('u1', { conversation: { id: 'c1' } });
        await store.addresses.save('u1', { conversation: { id: 'c2' } });
        expect(await store.addresses.get('u1')).toEqual({ conversation: { id: 'c2' } });
        expect(await store.addresses.get('u2')).toBeUndefined();
      });

      it('lists audit entries newest first', async () => {
        await store.audit.record({
          action: 'incident.exported',
          actorId: 'a',
          subject: 'INC-2026-0001',
          at: new Date(T0),
        });
        await store.audit.record({
          action: 'incident.exported',
          actorId: 'b',
          at: new Date('2026-10-02T00:00:00Z'),
          detail: { x: 1 },
        });
        await store.audit.record({
          action: 'other',
          actorId: 'c',
          at: new Date('2026-10-03T00:00:00Z'),
        });
        const list = await store.audit.list({ action: 'incident.exported' });
        expect(list.map((e) => [e.actorId, e.subject, e.detail])).toEqual([
          ['b', undefined, { x: 1 }],
          ['a', 'INC-2026-0001', undefined],
        ]);
        expect(await store.audit.list({ limit: 1 })).toHaveLength(1);
      });
    });

    describe('conversation state', () => {
      it('reads, writes and deletes documents with eTags', async () => {
        expect(await store.state.read(['k'])).toEqual({});
        await store.state.write({ k: { value: { step: 1 } } });
        const first = (await store.state.read(['k', 'missing'])).k;
        expect(first.value).toEqual({ step: 1 });
        expect(typeof first.eTag).toBe('string');
        await store.state.write({ k: { value: { step: 2 }, expectedETag: first.eTag } });
        const second = (await store.state.read(['k'])).k;
        expect(second.eTag).not.toBe(first.eTag);
        await expect(
          store.state.write({ k: { value: { step: 3 }, expectedETag: first.eTag } }),
        ).rejects.toBeInstanceOf(ConflictError);
        await store.state.write({ k: { value: { step: 4 }, expectedETag: '*' } });
        expect((await store.state.read(['k'])).k.value).toEqual({ step: 4 });
        await store.state.delete(['k', 'missing']);
        expect(await store.state.read(['k'])).toEqual({});
      });

      it('writes nothing when one key of a batch conflicts', async () => {
        await store.state.write({ a: { value: { v: 1 } }, b: { value: { v: 1 } } });
        await store.state.write({ b: { value: { v: 2 } } });
        await expect(
          store.state.write({
            a: { value: { v: 9 } },
            b: { value: { v: 9 }, expectedETag: 'stale' },
          }),
        ).rejects.toBeInstanceOf(ConflictError);
        const docs = await store.state.read(['a', 'b']);
        expect([docs.a.value, docs.b.value]).toEqual([{ v: 1 }, { v: 2 }]);
      });
    });

    describe('health and shutdown', () => {
      it('is healthy while open and unavailable after close', async () => {
        expect(await store.health()).toMatchObject({ ok: true });
        await store.close();
        await expect(store.incidents.submit(aSubmission())).rejects.toBeInstanceOf(
          StoreUnavailableError,
        );
        await expect(store.incidents.list()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect((await store.health()).ok).toBe(false);
      });
    });
  });
}
