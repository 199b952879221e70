import { MemoryStore } from '../../../src/infra/store/memory-store';
import { fixedClock } from '../../../src/core/clock';
import { ADMIN, Harness, SLT_LEAD, STAFF, testConfig } from '../../support/bot-harness';
import { aSubmission } from '../../support/incident-mother';

function fileOf(reply: { attachments?: { contentUrl?: string; name?: string }[] }) {
  const att = reply.attachments?.[0];
  const base64 = att?.contentUrl?.replace(/^data:application\/json;base64,/, '') ?? '';
  return { name: att?.name, text: Buffer.from(base64, 'base64').toString('utf8') };
}

describe('admin record export and retention purge', () => {
  let harness: Harness;
  let store: MemoryStore;
  let reference: string;

  beforeEach(async () => {
    const clock = fixedClock('2026-11-20T10:00:00Z');
    store = new MemoryStore(clock);
    harness = new Harness(store, testConfig({ RETENTION_DAYS: '365' }), clock);
    ({
      incident: { reference },
    } = await store.incidents.submit(aSubmission({ at: new Date('2026-11-19T09:00:00Z') })));
  });

  it('sends an admin the full record of one report as a JSON file, and audits it', async () => {
    const replies = await harness.personal(ADMIN).say(`record ${reference.toLowerCase()}`);
    expect(replies[0].text).toContain(`full record of ${reference}`);
    const file = fileOf(replies[1] as never);
    expect(file.name).toBe(`${reference}.json`);
    const record = JSON.parse(file.text);
    expect(record.incident.reference).toBe(reference);
    expect(record.events[0].kind).toBe('created');
    const audit = await store.audit.list({ limit: 5 });
    expect(audit.map((a) => a.action)).toContain('incident.exported');
  });

  it('refuses staff and SLT who are not admins, and logs the attempt', async () => {
    for (const user of [STAFF, SLT_LEAD]) {
      const replies = await harness.personal(user).say(`record ${reference}`);
      expect(replies.map((r) => r.text).join(' ')).toMatch(/only|admin|not allowed|permission/i);
      expect(replies.some((r) => r.attachments?.length)).toBe(false);
    }
    const audit = await store.audit.list({ limit: 10 });
    expect(audit.filter((a) => a.action === 'incident.export_refused')).toHaveLength(2);
  });

  it('never exports a record into a channel', async () => {
    const replies = await harness.channel(ADMIN).say(`record ${reference}`, { mention: true });
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/personal chat/)]);
  });

  it('explains the purge before running it, then purges only closed records past retention', async () => {
    const old = await store.incidents.submit(
      aSubmission({ idempotencyKey: 'old-one', at: new Date('2024-09-10T09:00:00Z') }),
    );
    await store.incidents.append(
      old.incident.id,
      1,
      { id: 'aad-slt-1', name: 'Pat' },
      { kind: 'closed', outcome: 'Resolved' },
      new Date('2024-09-11T09:00:00Z'),
    );
    const admin = harness.personal(ADMIN);
    const explained = await admin.say('purge');
    expect(explained[0].text).toMatch(/365 days.*purge confirm/s);
    expect(await store.incidents.get(old.incident.id)).toBeDefined();

    const done = await admin.say('purge confirm');
    expect(done[0].text).toContain(`Purged 1 report(s)`);
    expect(done[0].text).toContain(old.incident.reference);
    expect(await store.incidents.get(old.incident.id)).toBeUndefined();
    expect(await store.incidents.getByReference(reference)).toBeDefined();
  });

  it('refuses a purge by anyone but an admin', async () => {
    const replies = await harness.personal(SLT_LEAD).say('purge confirm');
    expect(replies[0].text).toMatch(/only|admin|not allowed|permission/i);
  });
});
