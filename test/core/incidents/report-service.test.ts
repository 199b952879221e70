import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
} from '../../../src/core/errors';
import { INCIDENT_TYPES } from '../../../src/core/incidents/incident-types';
import {
  addInformation,
  answerQuestion,
  listMyReports,
  submitReport,
  withdrawReport,
} from '../../../src/core/incidents/report-service';
import { performTriageAction } from '../../../src/core/incidents/triage';
import { asPerson, headteacher, otherStaff, slt, staff } from '../../support/actors';
import { aSubmittedIncident, anIncidentIn, testDeps } from '../../support/incident-fixtures';
import { NOW, completedDraft } from '../../support/report-answers';

describe('submitReport', () => {
  it('stores the report with its derived urgency and posts it to the SLT channel', async () => {
    const deps = testDeps();
    const draft = completedDraft('pupil_online_safety', 'd-1');
    const { incident, created, receipt } = await submitReport(deps, {
      reporter: staff,
      draft,
      now: NOW,
    });
    expect(created).toBe(true);
    expect(incident).toMatchObject({
      reference: 'INC-2026-0001',
      status: 'new',
      urgency: 'high',
      reporter: asPerson(staff),
      report: { type: 'pupil_online_safety', toldDsl: 'yes' },
    });
    expect(await deps.store.outbox.undelivered()).toEqual([
      expect.objectContaining({
        key: `slt.post:${incident.id}`,
        topic: 'slt.post_incident',
        payload: { incidentId: incident.id, reference: 'INC-2026-0001' },
      }),
    ]);
    expect(receipt).toMatchObject({
      reference: 'INC-2026-0001',
      typeLabel: INCIDENT_TYPES.pupil_online_safety.label,
      guidance: INCIDENT_TYPES.pupil_online_safety.guidance,
      urgent: false,
    });
    expect(receipt.whatHappensNext.join(' ')).toMatch(/my reports/);
  });

  it('is idempotent: a double tap returns the first incident and writes nothing more', async () => {
    const deps = testDeps();
    const draft = completedDraft('other', 'd-twice');
    const first = await submitReport(deps, { reporter: staff, draft, now: NOW });
    const second = await submitReport(deps, { reporter: staff, draft, now: NOW });
    expect(second.created).toBe(false);
    expect(second.incident.id).toBe(first.incident.id);
    expect(await deps.store.incidents.count()).toBe(1);
    expect(await deps.store.outbox.undelivered()).toHaveLength(1);
  });

  it('racing submits of one draft create one incident', async () => {
    const deps = testDeps();
    const draft = completedDraft('other', 'd-race');
    const results = await Promise.all(
      [1, 2, 3].map(() => submitReport(deps, { reporter: staff, draft, now: NOW })),
    );
    expect(new Set(results.map((r) => r.incident.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await deps.store.incidents.count()).toBe(1);
  });

  it('sends staff_conduct to the headteacher only, with a placeholder in the channel', async () => {
    const deps = testDeps();
    const { incident } = await submitReport(deps, {
      reporter: staff,
      draft: completedDraft('staff_conduct', 'd-sc'),
      now: NOW,
    });
    const topics = (await deps.store.outbox.undelivered()).map((m) => [m.topic, m.key]);
    expect(topics).toEqual(
      expect.arrayContaining([
        ['slt.post_placeholder', `slt.post_placeholder:${incident.id}`],
        ['headteacher.notify', `headteacher.notify:${incident.id}`],
      ]),
    );
    expect(topics.map(([t]) => t)).not.toContain('slt.post_incident');
  });

  it('marks urgent types urgent and reminds the reporter to speak to the DSL if they have not', async () => {
    const deps = testDeps();
    const draft = completedDraft('indecent_images', 'd-ii');
    const { incident, receipt } = await submitReport(deps, {
      reporter: staff,
      draft: { ...draft, data: { ...draft.data, toldDsl: 'no' } },
      now: NOW,
    });
    expect(incident.urgency).toBe('urgent');
    expect(incident.report.evidence).toEqual({ kept: 'not_collected' });
    expect(receipt.urgent).toBe(true);
    expect(receipt.whatHappensNext[0]).toMatch(/speak to the designated safeguarding lead/);
  });

  it('raises online abuse with threats or hate to high', async () => {
    const deps = testDeps();
    const draft = completedDraft('online_abuse', 'd-oa');
    const { incident } = await submitReport(deps, {
      reporter: staff,
      draft: { ...draft, data: { ...draft.data, threatsOrHate: true } },
      now: NOW,
    });
    expect(incident.urgency).toBe('high');
  });

  it.each([
    ['unknown type', { type: 'bogus' }],
    ['oversized account', { account: 'x'.repeat(4001) }],
    ['future date', { occurredDate: '2030-01-01' }],
    ['checklist id from elsewhere', { actionsTaken: ['secured_device'] }],
  ])('a tampered draft (%s) is rejected and nothing is stored', async (_n, tamper) => {
    const deps = testDeps();
    const draft = completedDraft('pupil_contact', 'd-bad');
    await expect(
      submitReport(deps, {
        reporter: staff,
        draft: { ...draft, data: { ...draft.data, ...tamper } as typeof draft.data },
        now: NOW,
      }),
    ).rejects.toMatchObject({
      constructor: ValidationError,
      userMessage: expect.stringMatching(/another look/),
    });
    expect(await deps.store.incidents.count()).toBe(0);
    expect(await deps.store.outbox.undelivered()).toHaveLength(0);
  });

  it('a draft id reused by someone else never reveals the first report', async () => {
    const deps = testDeps();
    const draft = completedDraft('other', 'd-shared');
    await submitReport(deps, { reporter: staff, draft, now: NOW });
    await expect(
      submitReport(deps, { reporter: otherStaff, draft, now: NOW }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('passes a store outage on as a typed error', async () => {
    const deps = testDeps();
    deps.store.setUnavailable(true);
    await expect(
      submitReport(deps, { reporter: staff, draft: completedDraft('other', 'd-down'), now: NOW }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('logs ids, never report text or names', async () => {
    const deps = testDeps();
    await submitReport(deps, {
      reporter: staff,
      draft: completedDraft('other', 'd-log'),
      now: NOW,
    });
    const logged = JSON.stringify(deps.log.lines);
    expect(logged).toContain('incident.submitted');
    expect(logged).not.toContain(staff.name);
    expect(logged).not.toContain('Instagram');
  });
});

describe('listMyReports', () => {
  it('shows only the reporter’s own reports, newest first, with safe status lines', async () => {
    const deps = testDeps();
    const first = await aSubmittedIncident(deps, 'other');
    const mine = await submitReport(deps, {
      reporter: staff,
      draft: completedDraft('parent_contact', 'd-later'),
      now: new Date(NOW.getTime() + 60_000),
    });
    await aSubmittedIncident(deps, 'other', otherStaff);
    await performTriageAction(
      deps,
      slt,
      first.id,
      1,
      { kind: 'assign', assignee: asPerson(slt) },
      NOW,
    );
    await performTriageAction(
      deps,
      slt,
      first.id,
      2,
      { kind: 'add_note', text: 'Secret SLT note' },
      NOW,
    );

    const list = await listMyReports(deps, staff);
    expect(list.map((r) => r.id)).toEqual([mine.incident.id, first.id]);
    expect(list[1]).toMatchObject({
      status: 'acknowledged',
      statusLine: 'Being followed up by a senior leader.',
      canAddInformation: true,
      canWithdraw: true,
      version: 3,
    });
    expect(JSON.stringify(list)).not.toContain('Secret SLT note');
    expect(JSON.stringify(list)).not.toContain(slt.name);
    expect(await listMyReports(deps, otherStaff)).toHaveLength(1);
  });

  it('lists unanswered questions and the outcome shared on closing', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const asked = await performTriageAction(
      deps,
      slt,
      incident.id,
      1,
      { kind: 'ask_reporter', text: 'Which account?' },
      NOW,
    );
    let [view] = await listMyReports(deps, staff);
    expect(view!.openQuestions).toEqual([
      { questionId: `q${asked.event.seq}`, text: 'Which account?' },
    ]);
    await answerQuestion(deps, staff, incident.id, `q${asked.event.seq}`, 'The Instagram one.');
    [view] = await listMyReports(deps, staff);
    expect(view!.openQuestions).toEqual([]);
    await performTriageAction(
      deps,
      slt,
      incident.id,
      3,
      { kind: 'close', outcome: 'Internal detail', sharedWithReporter: 'All sorted, thank you.' },
      NOW,
    );
    [view] = await listMyReports(deps, staff);
    expect(view).toMatchObject({
      status: 'closed',
      sharedOutcome: 'All sorted, thank you.',
      canAddInformation: false,
      canWithdraw: false,
    });
    expect(JSON.stringify(view)).not.toContain('Internal detail');
  });
});

describe('addInformation', () => {
  it('appends information without touching the original and refreshes the SLT card', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const after = await addInformation(
      deps,
      staff,
      incident.id,
      '  They messaged again this morning.  ',
    );
    expect(after.report).toEqual(incident.report);
    const events = await deps.store.incidents.events(incident.id);
    expect(events[1]).toMatchObject({
      kind: 'info_added',
      text: 'They messaged again this morning.',
      actor: asPerson(staff),
    });
    expect(await deps.store.outbox.undelivered()).toContainEqual(
      expect.objectContaining({
        key: `slt.update_card:${incident.id}:2`,
        topic: 'slt.update_card',
        payload: { incidentId: incident.id, seq: 2, threadText: 'The reporter added information.' },
      }),
    );
  });

  it.each([
    ['someone else', otherStaff, 'new', 'More', ForbiddenError],
    ['an SLT member', slt, 'new', 'More', ForbiddenError],
    ['the reporter on a closed report', staff, 'closed', 'More', InvalidTransitionError],
    ['the reporter on a withdrawn report', staff, 'withdrawn', 'More', InvalidTransitionError],
    ['empty text', staff, 'new', '   ', ValidationError],
    ['oversized text', staff, 'new', 'x'.repeat(4001), ValidationError],
    ['non-text', staff, 'new', { text: 'x' }, ValidationError],
  ] as const)('refuses %s', async (_n, actor, status, text, error) => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, status);
    await expect(addInformation(deps, actor, incident.id, text)).rejects.toBeInstanceOf(error);
    expect((await deps.store.incidents.get(incident.id))!.version).toBe(incident.version);
  });

  it('records a double tap once, even when both taps race', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    await addInformation(deps, staff, incident.id, 'They messaged again.', NOW);
    await Promise.all([
      addInformation(deps, staff, incident.id, 'They messaged again.', NOW),
      addInformation(deps, staff, incident.id, 'They messaged again.', NOW),
    ]);
    const added = (await deps.store.incidents.events(incident.id)).filter(
      (e) => e.kind === 'info_added',
    );
    expect(added).toHaveLength(1);
  });

  it('records the same words again when they come later or after other information', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const later = new Date(NOW.getTime() + 11 * 60 * 1000);
    await addInformation(deps, staff, incident.id, 'Another message.', NOW);
    await addInformation(deps, staff, incident.id, 'Another message.', later);
    await addInformation(deps, staff, incident.id, 'A screenshot is attached.', later);
    await addInformation(deps, staff, incident.id, 'Another message.', later);
    const added = (await deps.store.incidents.events(incident.id)).filter(
      (e) => e.kind === 'info_added',
    );
    expect(added.map((e) => (e.kind === 'info_added' ? e.text : ''))).toEqual([
      'Another message.',
      'Another message.',
      'A screenshot is attached.',
      'Another message.',
    ]);
  });

  it('an unknown report is NotFound', async () => {
    await expect(addInformation(testDeps(), staff, 'missing', 'x')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('is not lost when a leader acts at the same moment (retries on conflict)', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const realAppend = deps.store.incidents.append.bind(deps.store.incidents);
    let interleaved = false;
    (deps.store.incidents as { append: typeof realAppend }).append = async (...args) => {
      if (!interleaved) {
        interleaved = true;
        await realAppend(incident.id, 1, asPerson(slt), { kind: 'acknowledged' }, NOW);
      }
      return realAppend(...args);
    };
    await addInformation(deps, staff, incident.id, 'Extra detail');
    const kinds = (await deps.store.incidents.events(incident.id)).map((e) => e.kind);
    expect(kinds).toEqual(['created', 'acknowledged', 'info_added']);
  });

  it('gives up with a ConflictError if the report keeps changing', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const realAppend = deps.store.incidents.append.bind(deps.store.incidents);
    (deps.store.incidents as { append: typeof realAppend }).append = async (...args) => {
      const current = (await deps.store.incidents.get(incident.id))!;
      await realAppend(
        incident.id,
        current.version,
        asPerson(slt),
        { kind: 'note_added', text: 'n' },
        NOW,
      );
      return realAppend(...args);
    };
    await expect(addInformation(deps, staff, incident.id, 'Extra')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('tells the headteacher privately when a confidential report gets more information', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'staff_conduct');
    await addInformation(deps, staff, incident.id, 'They posted again.');
    const messages = await deps.store.outbox.undelivered();
    expect(
      messages.find((m) => m.key === `slt.update_card:${incident.id}:2`)!.payload.threadText,
    ).toBe('This confidential report was updated.');
    expect(messages.find((m) => m.key === `headteacher.notify:${incident.id}:2`)).toBeDefined();
    expect(JSON.stringify(messages)).not.toContain('They posted again.');
  });
});

describe('withdrawReport', () => {
  it('withdraws with a reason', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'parent_contact');
    const after = await withdrawReport(deps, staff, incident.id, 'Reported by mistake');
    expect(after.status).toBe('withdrawn');
    const events = await deps.store.incidents.events(incident.id);
    expect(events[1]).toMatchObject({ kind: 'withdrawn', reason: 'Reported by mistake' });
  });

  it.each([
    ['without a reason', staff, '', ValidationError, /Please write why/],
    ['by someone else', otherStaff, 'x', ForbiddenError, /only see and change reports you made/],
    ['by the headteacher', headteacher, 'x', ForbiddenError, /only see and change/],
  ] as const)('refuses %s', async (_n, actor, reason, error, message) => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    await expect(withdrawReport(deps, actor, incident.id, reason)).rejects.toMatchObject({
      constructor: error,
      userMessage: expect.stringMatching(message),
    });
  });

  it('cannot withdraw twice', async () => {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    await withdrawReport(deps, staff, incident.id, 'Mistake');
    await expect(withdrawReport(deps, staff, incident.id, 'Mistake')).rejects.toMatchObject({
      constructor: InvalidTransitionError,
      userMessage: expect.stringMatching(/already|withdrawn/),
    });
  });
});

describe('answerQuestion', () => {
  async function asked() {
    const deps = testDeps();
    const incident = await aSubmittedIncident(deps, 'other');
    const { event } = await performTriageAction(
      deps,
      slt,
      incident.id,
      1,
      { kind: 'ask_reporter', text: 'When exactly?' },
      NOW,
    );
    return { deps, incident, questionId: event.kind === 'question_asked' ? event.questionId : '' };
  }

  it('appends the answer and refreshes the SLT card', async () => {
    const { deps, incident, questionId } = await asked();
    const { duplicate } = await answerQuestion(deps, staff, incident.id, questionId, 'About 9pm.');
    expect(duplicate).toBe(false);
    const events = await deps.store.incidents.events(incident.id);
    expect(events[2]).toMatchObject({ kind: 'reporter_answered', questionId, text: 'About 9pm.' });
    expect(await deps.store.outbox.undelivered()).toContainEqual(
      expect.objectContaining({ key: `slt.update_card:${incident.id}:3` }),
    );
  });

  it('a repeated identical answer is a no-op; a different second answer is refused', async () => {
    const { deps, incident, questionId } = await asked();
    await answerQuestion(deps, staff, incident.id, questionId, 'About 9pm.');
    expect(
      (await answerQuestion(deps, staff, incident.id, questionId, 'About 9pm.')).duplicate,
    ).toBe(true);
    await expect(
      answerQuestion(deps, staff, incident.id, questionId, 'Actually 10pm.'),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await deps.store.incidents.events(incident.id)).toHaveLength(3);
  });

  it.each([
    ['an unknown question', staff, 'q99', NotFoundError],
    ['a question id that is not text', staff, 42, NotFoundError],
    ['someone other than the reporter', otherStaff, 'q2', ForbiddenError],
  ] as const)('refuses %s', async (_n, actor, qid, error) => {
    const { deps, incident } = await asked();
    await expect(answerQuestion(deps, actor, incident.id, qid, 'x')).rejects.toBeInstanceOf(error);
  });
});
