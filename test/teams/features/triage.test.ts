import type { Incident } from '../../../src/core/incidents/incident';
import { VERBS } from '../../../src/teams/verbs';
import {
  cardText,
  cardVerbs,
  DSL,
  HEAD,
  OTHER_STAFF,
  SLT_LEAD,
  STAFF,
} from '../../support/bot-harness';
import { callCard, SLT_CHANNEL, SltHarness } from '../../support/slt-harness';

const REPORTER_CHAT = `a:personal-${STAFF.aadObjectId}`;

describe('triage on the SLT card', () => {
  let slt: SltHarness;
  let incident: Incident;
  let cardId: string;

  const leader = (user = SLT_LEAD) => slt.harness.channel(user, SLT_CHANNEL);
  const current = async () => (await slt.store.incidents.get(incident.id))!;
  /** Presses a button on the card as it is now (the card carries the version it showed). */
  const press = async (verb: string, fields: Record<string, unknown> = {}, user = SLT_LEAD) =>
    leader(user).execute(verb, {
      incidentId: incident.id,
      version: (await current()).version,
      ...fields,
    });
  const threadReplies = () =>
    slt.connector.calls.filter(
      (c) => c.method === 'POST' && c.conversationId === `${SLT_CHANNEL};messageid=${cardId}`,
    );
  const cardUpdates = () =>
    slt.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === cardId);
  const toReporter = () => slt.connector.calls.filter((c) => c.conversationId === REPORTER_CHAT);

  beforeEach(async () => {
    slt = await new SltHarness().start();
    await slt.setup();
    await slt.reporterChats();
    incident = await slt.submit();
    await slt.deliver();
    cardId = ((await slt.store.incidents.getCardLocation(incident.id)) as { activityId: string })
      .activityId;
  });
  afterEach(async () => {
    await slt.stop();
  });

  it('acknowledge: the clicker sees the new state, everyone gets the updated card, the thread logs it, the reporter is told', async () => {
    const result = await press(VERBS.triageAcknowledge);
    expect(result.status).toBe(200);
    expect(cardText(result.card)).toContain('You acknowledged this report.');
    expect(cardText(result.card)).toContain('Status: Open');
    expect(cardVerbs(result.card)).not.toContain(VERBS.triageAcknowledge);
    expect(slt.pokes).toBeGreaterThan(0);

    await slt.deliver();
    expect(cardUpdates()).toHaveLength(1);
    expect(cardText(callCard(cardUpdates()[0]))).toContain('Status: Open');
    expect(threadReplies().map((c) => c.body.text)).toEqual(['Acknowledged by Pat Deputy']);
    const [note] = toReporter().slice(-1);
    expect(cardText(callCard(note))).toContain(
      `Your report ${incident.reference} has been acknowledged`,
    );
  });

  it('takes a report from acknowledge to close and back, logging every step and keeping the reporter informed', async () => {
    await press(VERBS.triageAcknowledge);
    await press(VERBS.triageAssign, { assigneeId: DSL.aadObjectId });
    await press(VERBS.triageUrgency, { urgency: 'high' });
    await press(VERBS.triageNote, { note: 'Spoke to the parent by phone.' });
    await press(VERBS.triageAsk, { question: 'Do you still have the screenshots?' });
    await press(VERBS.triageEscalate, { target: 'lado', escalationReference: 'LA-123' });
    await slt.deliver();

    // The reporter answers the question from their personal chat.
    const question = toReporter().find((c) =>
      cardText(callCard(c)).includes('Do you still have the screenshots?'),
    );
    expect(question).toBeDefined();
    const questionId = cardVerbs(callCard(question)).includes(VERBS.reporterAnswer)
      ? ((callCard(question) as any).actions[0].data.questionId as string)
      : '';
    const empty = await slt.harness
      .personal(STAFF)
      .execute(VERBS.reporterAnswer, { incidentId: incident.id, questionId, answer: ' ' });
    expect(cardText(empty.card)).toContain('Please write your answer.');
    expect(cardVerbs(empty.card)).toEqual([VERBS.reporterAnswer]);
    const notMine = await slt.harness
      .personal(OTHER_STAFF)
      .execute(VERBS.reporterAnswer, { incidentId: incident.id, questionId, answer: 'Hijack' });
    expect(notMine.message).toMatch(/only see and change reports you made yourself/);
    const answered = await slt.harness.personal(STAFF).execute(VERBS.reporterAnswer, {
      incidentId: incident.id,
      questionId,
      answer: 'Yes, saved on the school drive.',
    });
    expect(cardText(answered.card)).toContain('your answer was added to your report');

    const closed = await press(VERBS.triageClose, {
      outcome: 'Parent spoken to; posts removed.',
      sharedWithReporter: 'The posts have been removed.',
    });
    expect(cardText(closed.card)).toContain('Status: Closed');
    expect(cardVerbs(closed.card)).toEqual(expect.arrayContaining([VERBS.triageReopen]));
    const reopened = await press(VERBS.triageReopen);
    expect(cardText(reopened.card)).toContain('Status: Open');
    await slt.deliver();

    expect(threadReplies().map((c) => c.body.text)).toEqual([
      'Acknowledged by Pat Deputy',
      'Assigned to Jo Safeguarding by Pat Deputy',
      'Urgency changed from Normal to High by Pat Deputy',
      'Note added by Pat Deputy',
      'Pat Deputy asked the reporter a question',
      expect.stringMatching(/^Escalated to the LADO .* by Pat Deputy \\\(ref LA-123\\\)$/),
      expect.stringMatching(/^The reporter answered a question/),
      'Closed by Pat Deputy',
      'Reopened by Pat Deputy',
    ]);
    // Every action updated the one card in place; no second card was ever posted.
    expect(slt.cardPosts()).toHaveLength(1);
    expect(cardUpdates().length).toBeGreaterThanOrEqual(9);
    const finalCard = cardText(callCard(cardUpdates().at(-1)));
    expect(finalCard).toContain('Assigned to: Jo Safeguarding');
    expect(finalCard).toContain('Urgency: High');
    expect(finalCard).toContain('LADO (ref LA-123)');

    const reporterSaw = toReporter()
      .map((c) => cardText(callCard(c)) || c.body.text)
      .join('\n');
    expect(reporterSaw).toContain('has been acknowledged');
    expect(reporterSaw).toContain('has been assigned to a senior leader');
    expect(reporterSaw).toContain('Do you still have the screenshots?');
    expect(reporterSaw).toContain('passed on to the right people');
    expect(reporterSaw).toContain('has been closed');
    expect(reporterSaw).toContain('The posts have been removed.');
    // Never SLT notes or the internal outcome.
    expect(reporterSaw).not.toContain('Spoke to the parent');
    expect(reporterSaw).not.toContain('Parent spoken to; posts removed.');
  });

  it('refuses a member of staff who is not SLT, changes nothing and logs the attempt without personal data', async () => {
    const result = await press(VERBS.triageAcknowledge, {}, STAFF);
    expect(cardText(result.card)).toMatch(/only members of the senior leadership team/i);
    expect(cardText(result.card)).not.toContain(incident.report.account);
    expect((await current()).status).toBe('new');
    const refusal = slt.harness.logLines.find((l) => l.includes('"triage.refused"'));
    expect(refusal).toBeDefined();
    expect(refusal).not.toContain(STAFF.name);
    expect(refusal).not.toContain('Facebook');
  });

  it('answers forged invokes politely: unknown incident, forged assignee, tampered version', async () => {
    const unknown = await leader().execute(VERBS.triageAcknowledge, {
      incidentId: 'no-such-id',
      version: 1,
    });
    expect(unknown.status).toBe(200);
    expect(cardText(unknown.card)).toMatch(/could not be found/);

    const forged = await press(VERBS.triageAssign, { assigneeId: STAFF.aadObjectId });
    expect(cardText(forged.card)).toMatch(/choose a member of the senior leadership team/i);
    expect((await current()).assignee).toBeUndefined();

    const tampered = await leader().execute(VERBS.triageAcknowledge, {
      incidentId: incident.id,
      version: 99,
    });
    expect(cardText(tampered.card)).toMatch(/changed a moment ago|out of date/);
    expect((await current()).status).toBe('new');

    const longNote = await press(VERBS.triageNote, { note: 'x'.repeat(5000) });
    expect(cardText(longNote.card)).toMatch(/keep the note to 4000 characters/);
    expect(await slt.store.incidents.events(incident.id)).toHaveLength(1);

    const wrongTypes = await press(VERBS.triageEscalate, {
      target: { $gt: '' },
      escalationReference: 7,
    });
    expect(cardText(wrongTypes.card)).toMatch(/choose who it was escalated to/i);

    const noOutcome = await press(VERBS.triageClose, { outcome: '   ' });
    expect(cardText(noOutcome.card)).toMatch(/Please write the outcome/);
    expect((await current()).status).toBe('new');
  });

  it('two leaders acting on the same card: one wins, the other sees the latest state and who acted', async () => {
    const version = (await current()).version;
    const first = await leader(SLT_LEAD).execute(VERBS.triageAcknowledge, {
      incidentId: incident.id,
      version,
    });
    const second = await leader(DSL).execute(VERBS.triageAssignMe, {
      incidentId: incident.id,
      version,
    });
    expect(cardText(first.card)).toContain('You acknowledged this report.');
    expect(cardText(second.card)).toContain('Pat Deputy acknowledged this report a moment ago');
    expect(cardText(second.card)).toContain('Status: Open');
    const now = await current();
    expect(now.status).toBe('acknowledged');
    expect(now.assignee).toBeUndefined();
  });

  it('an automatic refresh returns the current card only: no writes, no message update', async () => {
    await press(VERBS.triageAcknowledge);
    await slt.deliver();
    const before = {
      events: (await slt.store.incidents.events(incident.id)).length,
      calls: slt.connector.calls.length,
    };
    const undeliveredBefore = (await slt.store.outbox.undelivered()).length;

    const refreshed = await leader(DSL).execute(
      VERBS.triageRefresh,
      { incidentId: incident.id },
      { trigger: 'automatic' },
    );
    expect(refreshed.status).toBe(200);
    expect(cardText(refreshed.card)).toContain('Status: Open');
    expect(refreshed.replies.filter((r) => r.type === 'message')).toHaveLength(0);
    await slt.deliver();
    expect((await slt.store.incidents.events(incident.id)).length).toBe(before.events);
    expect((await slt.store.outbox.undelivered()).length).toBe(undeliveredBefore);
    expect(slt.connector.calls.length).toBe(before.calls);

    const byStaff = await slt.harness
      .channel(OTHER_STAFF, SLT_CHANNEL)
      .execute(VERBS.triageRefresh, { incidentId: incident.id }, { trigger: 'automatic' });
    expect(cardText(byStaff.card)).not.toContain(incident.report.account);
    // Not even the reporter gets the SLT view (notes and history) from a refresh.
    const byReporter = await slt.harness
      .channel(STAFF, SLT_CHANNEL)
      .execute(VERBS.triageRefresh, { incidentId: incident.id }, { trigger: 'automatic' });
    expect(cardText(byReporter.card)).not.toContain(incident.report.account);
  });

  it('confidential reports: only the headteacher may act, from the card in their personal chat', async () => {
    await slt.harness.personal(HEAD).say('hello');
    const secret = await slt.submit({
      type: 'staff_conduct',
      account: 'Concern about a colleague.',
    });
    await slt.deliver();
    const asLeader = await leader().execute(VERBS.triageAcknowledge, {
      incidentId: secret.id,
      version: 1,
    });
    expect(cardText(asLeader.card)).toMatch(/only the headteacher/);
    expect(JSON.stringify(asLeader.card)).not.toContain('Concern about a colleague.');

    const headChat = `a:personal-${HEAD.aadObjectId}`;
    const asHead = await slt.harness
      .personal(HEAD)
      .execute(VERBS.triageAcknowledge, { incidentId: secret.id, version: 1 });
    expect(cardText(asHead.card)).toContain('Status: Open');
    await slt.deliver();
    const headCard = (
      (await slt.store.incidents.getCardLocation(secret.id)) as { activityId: string }
    ).activityId;
    expect(
      slt.connector.calls.some(
        (c) => c.method === 'PUT' && c.conversationId === headChat && c.activityId === headCard,
      ),
    ).toBe(true);
    // Nothing about it was written into the channel's threads.
    expect(
      slt.connector.calls.filter(
        (c) =>
          c.conversationId.startsWith(SLT_CHANNEL) &&
          JSON.stringify(c.body).includes('Concern about'),
      ),
    ).toHaveLength(0);
  });
});
