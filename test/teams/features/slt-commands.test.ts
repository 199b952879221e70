import {
  createReminderScheduler,
  startOfTerm,
  startOfWeek,
} from '../../../src/teams/features/slt-commands';
import { VERBS } from '../../../src/teams/verbs';
import { cardText, DSL, SLT_LEAD, STAFF } from '../../support/bot-harness';
import { SLT_CHANNEL, SltHarness } from '../../support/slt-harness';

/** Minimal RFC 4180 reader for the assertions (quoted fields, doubled quotes, CRLF or LF). */
function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field || row.length) endRow();
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

describe('SLT channel commands', () => {
  let slt: SltHarness;
  const say = async (text: string, user = SLT_LEAD) =>
    (await slt.harness.channel(user, SLT_CHANNEL).say(text, { mention: true }))[0];

  beforeEach(async () => {
    slt = await new SltHarness().start();
    await slt.setup();
  });
  afterEach(async () => {
    await slt.stop();
  });

  it('open: lists open reports urgent first, and never shows what a confidential report is about', async () => {
    const normal = await slt.submit({ type: 'parent_contact' }, 'normal');
    slt.clock.advance(60_000);
    const urgent = await slt.submit({ type: 'radicalisation' }, 'urgent');
    const secret = await slt.submit({ type: 'staff_conduct', where: 'Staff room' }, 'high');
    const reply = await say('open');
    const text = cardText(reply.card);
    expect(text.indexOf(urgent.reference)).toBeLessThan(text.indexOf(normal.reference));
    expect(text).toContain('3 reports, urgent first');
    expect(text).toContain(`${secret.reference} · Confidential report (with the headteacher)`);
    expect(text).not.toMatch(/member of staff|Staff room/i);
  });

  it('unassigned: only open reports nobody has taken', async () => {
    const taken = await slt.submit();
    const waiting = await slt.submit();
    await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.triageAssignMe, { incidentId: taken.id, version: 1 });
    const text = cardText((await say('unassigned')).card);
    expect(text).toContain(waiting.reference);
    expect(text).not.toContain(taken.reference);
  });

  it('show INC-...: the full record with its chronology; confidential stays a placeholder; unknown references are explained', async () => {
    const incident = await slt.submit();
    await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.triageAcknowledge, { incidentId: incident.id, version: 1 });
    await slt.harness.channel(DSL, SLT_CHANNEL).execute(VERBS.triageNote, {
      incidentId: incident.id,
      version: 2,
      note: 'Called the parent.',
    });
    const record = cardText((await say(`show ${incident.reference.toLowerCase()}`)).card);
    expect(record).toContain(incident.report.account);
    expect(record).toContain('Reported by Sam Teacher');
    expect(record).toContain('Acknowledged by Pat Deputy');
    expect(record).toContain('Note by Jo Safeguarding: Called the parent.');

    const secret = await slt.submit({ type: 'staff_conduct', account: 'About a colleague.' });
    const placeholder = cardText((await say(`show ${secret.reference}`)).card);
    expect(placeholder).toMatch(/confidential report was sent to/);
    expect(placeholder).not.toContain('About a colleague.');

    expect((await say('show INC-2026-9999')).text).toMatch(/could not find INC-2026-9999/);
    expect((await say('show something')).text).toMatch(/reference like/);
  });

  it('digest: counts by type and status this week and term, and the oldest report waiting', async () => {
    const first = await slt.submit({ type: 'online_abuse' });
    slt.clock.advance(2 * 3_600_000);
    const second = await slt.submit({ type: 'online_abuse' });
    await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.triageAcknowledge, { incidentId: second.id, version: 1 });
    await slt.submit({ type: 'data_breach' });
    const text = cardText((await say('digest')).card);
    expect(text).toMatch(/This week: 3 reports/);
    expect(text).toMatch(/This autumn term: 3 reports/);
    expect(text).toContain('I am being abused online: 2');
    expect(text).toContain('Open: 1');
    expect(text).toContain('New - not yet acknowledged: 2');
    expect(text).toContain(`Oldest waiting: ${first.reference}, 2 h`);
  });

  it('export: a CSV file of every report, confidential details withheld, formulas neutralised, and audited', async () => {
    const a = await slt.submit({ where: '=HYPERLINK("http://evil.example")' });
    const secret = await slt.submit({ type: 'staff_conduct', where: 'Staff room' });
    const [reply, file] = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .say('export', { mention: true });
    expect(reply.text).toMatch(/all 2 reports as a CSV file/);
    const [attachment] = file.attachments!;
    expect(attachment.contentType).toBe('text/csv');
    expect(attachment.name).toBe('safeguarding-reports-2026-11-20.csv');
    const csv = Buffer.from(
      String(attachment.contentUrl).replace('data:text/csv;base64,', ''),
      'base64',
    ).toString('utf8');
    const rows = readCsv(csv);
    expect(rows).toHaveLength(2);
    const row = rows.find((r) => r.reference === a.reference)!;
    expect(row.type).toBe('I am being abused online');
    expect(row.reporter).toBe('Sam Teacher');
    expect(row.where).toBe('\'=HYPERLINK("http://evil.example")');
    const hidden = rows.find((r) => r.reference === secret.reference)!;
    expect(hidden.type).toBe('Confidential');
    expect(hidden.where).toMatch(/held by the headteacher/);
    expect(csv).not.toContain('Staff room');
    const [audit] = await slt.store.audit.list({ action: 'incident.exported' });
    expect(audit).toMatchObject({ actorId: SLT_LEAD.aadObjectId, detail: { count: 2 } });
  });

  it('export: splits a large export into several files that each fit in one Teams message', async () => {
    for (let i = 0; i < 40; i++)
      await slt.submit({ account: `Account ${i}`, where: 'x'.repeat(500) });
    const replies = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .say('export', { mention: true });
    const files = replies.filter((r) => r.attachments?.length);
    expect(files.length).toBeGreaterThan(1);
    expect(replies[0].text).toMatch(new RegExp(`all 40 reports as ${files.length} CSV files`));
    const rows = files.flatMap((f) => {
      const url = String(f.attachments![0].contentUrl);
      expect(url.length).toBeLessThan(20_100);
      return readCsv(Buffer.from(url.split(',')[1], 'base64').toString('utf8'));
    });
    expect(rows.map((r) => r.reference)).toEqual([...new Set(rows.map((r) => r.reference))]);
    expect(rows).toHaveLength(40);
    expect(files[1].attachments![0].name).toMatch(/-part-2-of-/);
  });

  it('refuses every command from someone outside SLT', async () => {
    await slt.submit();
    for (const command of ['open', 'unassigned', 'digest', 'export', 'show INC-2026-0001']) {
      const reply = await say(command, STAFF);
      expect(reply.text).toMatch(/only members of the senior leadership team/);
      expect(reply.attachments ?? []).toHaveLength(0);
    }
  });
});

describe('reminders', () => {
  let slt: SltHarness;
  beforeEach(async () => {
    slt = await new SltHarness().start();
    await slt.setup();
  });
  afterEach(async () => {
    await slt.stop();
  });

  const reminderPosts = () =>
    slt.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === SLT_CHANNEL &&
        /^(<at>.*<\/at> )?Reminder/.test(c.body.text ?? ''),
    );

  it('re-raises an urgent report not acknowledged within 15 minutes, once, @mentioning the DSL', async () => {
    const reminders = createReminderScheduler(slt.harness.deps);
    const urgent = await slt.submit({ type: 'radicalisation' }, 'urgent');
    await slt.deliver();
    slt.clock.advance(14 * 60_000);
    expect(await reminders.runOnce()).toBe(0);
    slt.clock.advance(60_000);
    expect(await reminders.runOnce()).toBe(1);
    await slt.deliver();
    expect(await reminders.runOnce()).toBe(0);
    await slt.deliver();
    const posts = reminderPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toBe(
      `<at>Jo Safeguarding</at> Reminder: Urgent report ${urgent.reference} has not been acknowledged after 15 minutes. Please acknowledge it on its card.`,
    );
    expect(posts[0].body.entities[0].mentioned).toEqual({ id: DSL.aadObjectId, name: DSL.name });
  });

  it('re-raises any report after the configured hours, but not one acknowledged in the meantime', async () => {
    const reminders = createReminderScheduler(slt.harness.deps);
    const waiting = await slt.submit({}, 'normal');
    const handled = await slt.submit({}, 'normal');
    slt.clock.advance(23 * 3_600_000);
    expect(await reminders.runOnce()).toBe(0);
    slt.clock.advance(3_600_000);
    expect(await reminders.runOnce()).toBe(2);
    // Acknowledged after the reminder was queued but before it went out: it is dropped.
    await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.triageAcknowledge, { incidentId: handled.id, version: 1 });
    await slt.deliver();
    const posts = reminderPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toBe(
      `Reminder: Report ${waiting.reference} has not been acknowledged after 24 hours. Please acknowledge it on its card.`,
    );
  });
});

describe('periods for the digest', () => {
  it('weeks start on Monday and terms on 1 September, 1 January and 1 April', () => {
    expect(startOfWeek(new Date('2026-11-20T10:00:00Z')).toISOString()).toBe(
      '2026-11-16T00:00:00.000Z',
    );
    expect(startOfWeek(new Date('2026-11-16T00:30:00Z')).toISOString()).toBe(
      '2026-11-16T00:00:00.000Z',
    );
    expect(startOfTerm(new Date('2026-11-20T10:00:00Z')).name).toBe('autumn term');
    expect(startOfTerm(new Date('2027-02-01T10:00:00Z')).start.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(startOfTerm(new Date('2027-06-01T10:00:00Z')).name).toBe('summer term');
  });
});
