import { ValidationError } from '../../../src/core/errors';
import {
  INCIDENT_TYPE_IDS,
  INCIDENT_TYPES,
  type IncidentTypeId,
} from '../../../src/core/incidents/incident-types';
import {
  FIELD,
  FORM_ERROR,
  LIMITS,
  cardValues,
  deriveUrgency,
  next,
  parseDraft,
  schoolTimeToUtc,
  startDraft,
  stepPosition,
  stepsFor,
  summariseReport,
  toReport,
  type ReportDraft,
  type WizardInput,
  type WizardStep,
} from '../../../src/core/incidents/report-wizard';
import { NOW, completedDraft, validValues, walkToReview } from '../../support/report-answers';

const ctx = { now: NOW };
const URGENT: IncidentTypeId[] = ['indecent_images', 'radicalisation'];

/** A draft of `type` sitting at `step` with valid answers for every earlier step. */
function draftAt(type: IncidentTypeId, step: WizardStep): ReportDraft {
  const { results } = walkToReview(type);
  const hit = results.find((r) => r.step === step);
  if (!hit) throw new Error(`${type} never reaches ${step}`);
  return hit.draft;
}

function submitAt(draft: ReportDraft, values: unknown, action: WizardInput['action'] = 'continue') {
  return next(draft, { action, step: draft.step, values }, ctx);
}

describe('report wizard: the step table for every type', () => {
  const expected: Record<IncidentTypeId, WizardStep[]> = Object.fromEntries(
    INCIDENT_TYPE_IDS.map((t) => {
      const info = INCIDENT_TYPES[t];
      const steps: WizardStep[] = ['type'];
      if (info.speakToDslFirst) steps.push('speak_to_dsl');
      steps.push('what', 'who');
      if (info.collectsEvidence) steps.push('evidence');
      steps.push('actions', 'told_dsl', 'review');
      return [t, steps];
    }),
  ) as Record<IncidentTypeId, WizardStep[]>;

  it.each(INCIDENT_TYPE_IDS)('%s walks the expected steps with valid answers', (type) => {
    const { visited, draft } = walkToReview(type);
    expect(visited).toEqual(expected[type]);
    expect(stepsFor(type)).toEqual(expected[type]);
    expect(stepPosition(draft)).toEqual({ index: visited.length, total: visited.length });
  });

  it.each(URGENT)('%s starts with "speak to the DSL" and never reaches evidence', (type) => {
    const fromType = submitAt(startDraft({ id: 'd1', now: NOW }), { type });
    expect(fromType.step).toBe('speak_to_dsl');
    const prefilled = startDraft({ id: 'd2', now: NOW, type });
    expect(prefilled.step).toBe('speak_to_dsl');
  });

  it('indecent_images never visits evidence and stores evidence as not collected', () => {
    const { visited, draft } = walkToReview('indecent_images');
    expect(visited).not.toContain('evidence');
    expect(toReport(draft, ctx).evidence).toEqual({ kept: 'not_collected' });
  });

  it('a prefilled non-urgent type starts at "what happened"', () => {
    expect(startDraft({ id: 'd', now: NOW, type: 'parent_contact' }).step).toBe('what');
  });

  it('an unknown prefilled type starts at the type step', () => {
    const draft = startDraft({ id: 'd', now: NOW, type: 'not_a_type' });
    expect(draft.step).toBe('type');
    expect(draft.data.type).toBeUndefined();
  });

  it('review -> submit returns the validated report', () => {
    const draft = completedDraft('pupil_contact');
    const r = submitAt(draft, {}, 'submit');
    expect(r.status).toBe('ready');
    expect(r.report).toMatchObject({
      type: 'pupil_contact',
      where: 'Instagram',
      occurredAt: '2026-11-16T21:15:00.000Z',
      involved: { role: 'current_pupil', description: 'J.', yearGroup: 'Year 10' },
      evidence: { kept: 'yes', description: 'Screenshot on my phone' },
      actionsTaken: ['declined_request'],
      toldDsl: 'yes',
    });
  });
});

describe('report wizard: per-step validation (untrusted card values)', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: [string, IncidentTypeId, WizardStep, Record<string, unknown>, string][] = [
    ['unknown type id', 'other', 'type', { type: 'hack_the_planet' }, FIELD.type],
    ['type as a number', 'other', 'type', { type: 7 }, FIELD.type],
    ['missing type', 'other', 'type', {}, FIELD.type],
    [
      'missing account',
      'other',
      'what',
      { ...validValues('what', 'other'), account: '' },
      FIELD.account,
    ],
    [
      'account too short',
      'other',
      'what',
      { ...validValues('what', 'other'), account: 'hi' },
      FIELD.account,
    ],
    [
      'account as an object',
      'other',
      'what',
      { ...validValues('what', 'other'), account: { a: 1 } },
      FIELD.account,
    ],
    [
      'oversized account',
      'other',
      'what',
      { ...validValues('what', 'other'), account: long(LIMITS.account + 1) },
      FIELD.account,
    ],
    [
      'oversized where',
      'other',
      'what',
      { ...validValues('what', 'other'), where: long(LIMITS.where + 1) },
      FIELD.where,
    ],
    [
      'date in the future',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: '2026-11-18', occurredTime: '' },
      FIELD.occurredDate,
    ],
    [
      'time later today',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: '2026-11-17', occurredTime: '16:00' },
      FIELD.occurredTime,
    ],
    [
      'impossible date',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: '2026-02-30' },
      FIELD.occurredDate,
    ],
    [
      'non-ISO date',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: '16/11/2026' },
      FIELD.occurredDate,
    ],
    [
      'date with a time zone suffix',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: '2026-11-16T00:00Z' },
      FIELD.occurredDate,
    ],
    [
      'nonsense time',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredTime: '25:61' },
      FIELD.occurredTime,
    ],
    [
      'missing date',
      'other',
      'what',
      { ...validValues('what', 'other'), occurredDate: undefined },
      FIELD.occurredDate,
    ],
    [
      'threats toggle not a boolean',
      'online_abuse',
      'what',
      { ...validValues('what', 'online_abuse'), threatsOrHate: 'maybe' },
      FIELD.threatsOrHate,
    ],
    ['unknown involved role', 'other', 'who', { involvedRole: 'alien' }, FIELD.involvedRole],
    ['missing involved role', 'other', 'who', {}, FIELD.involvedRole],
    [
      'year group not in the list',
      'other',
      'who',
      { involvedRole: 'current_pupil', yearGroup: 'Year 99' },
      FIELD.yearGroup,
    ],
    [
      'oversized description',
      'other',
      'who',
      { involvedRole: 'public', involvedDescription: long(LIMITS.involvedDescription + 1) },
      FIELD.involvedDescription,
    ],
    [
      'evidence answer not yes/no',
      'other',
      'evidence',
      { evidenceKept: 'perhaps' },
      FIELD.evidenceKept,
    ],
    [
      'checklist id from another type',
      'pupil_contact',
      'actions',
      { actionsTaken: 'secured_device' },
      FIELD.actionsTaken,
    ],
    ['checklist as a number', 'pupil_contact', 'actions', { actionsTaken: 12 }, FIELD.actionsTaken],
    [
      'oversized other actions',
      'pupil_contact',
      'actions',
      { otherActions: long(LIMITS.otherActions + 1) },
      FIELD.otherActions,
    ],
    ['missing told DSL', 'other', 'told_dsl', {}, FIELD.toldDsl],
    ['told DSL as boolean', 'other', 'told_dsl', { toldDsl: true }, FIELD.toldDsl],
  ];

  it.each(cases)(
    '%s -> error on that field, draft unchanged',
    (_name, type, step, values, field) => {
      const draft = step === 'type' ? startDraft({ id: 'd', now: NOW }) : draftAt(type, step);
      const r = submitAt(draft, values);
      expect(r.step).toBe(step);
      expect(r.status).toBe('in_progress');
      expect(Object.keys(r.errors)).toContain(field);
      expect(r.errors[field]).toMatch(/^Please|cannot/);
      expect(r.draft).toBe(draft);
    },
  );

  it.each([null, 'a string', 42, [1, 2], undefined])(
    'values of %p -> field errors, no crash',
    (values) => {
      const draft = draftAt('other', 'what');
      const r = submitAt(draft, values);
      expect(r.errors[FIELD.account]).toBeDefined();
      expect(r.step).toBe('what');
    },
  );

  it('ignores unknown keys and __proto__ tricks', () => {
    const draft = draftAt('other', 'who');
    const values = JSON.parse(
      '{"involvedRole":"parent","__proto__":{"isAdmin":true},"constructor":{"x":1},"evil":"y"}',
    ) as unknown;
    const r = submitAt(draft, values);
    expect(r.errors).toEqual({});
    expect(Object.keys(r.draft.data)).not.toContain('evil');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(r.draft.data)).toBe(Object.prototype);
  });

  it('drops a year group when the person is not a pupil', () => {
    const r = submitAt(draftAt('other', 'who'), { involvedRole: 'parent', yearGroup: 'Year 7' });
    expect(r.draft.data.yearGroup).toBeUndefined();
    expect(r.step).toBe('evidence');
  });

  it('trims text and strips control characters', () => {
    const r = submitAt(draftAt('other', 'what'), {
      ...validValues('what', 'other'),
      where: '  Face\u0000book\u200b  ',
    });
    expect(r.draft.data.where).toBe('Facebook');
  });

  it('accepts a multi-select posted as an array or a comma list, without duplicates', () => {
    const draft = draftAt('pupil_contact', 'actions');
    expect(
      submitAt(draft, { actionsTaken: 'blocked,checked_privacy,blocked' }).draft.data.actionsTaken,
    ).toEqual(['blocked', 'checked_privacy']);
    expect(submitAt(draft, { actionsTaken: ['blocked'] }).draft.data.actionsTaken).toEqual([
      'blocked',
    ]);
    expect(submitAt(draft, { actionsTaken: '' }).draft.data.actionsTaken).toEqual([]);
  });

  it('allows a time a few minutes ahead of the server clock (skew)', () => {
    const r = submitAt(draftAt('other', 'what'), {
      ...validValues('what', 'other'),
      occurredDate: '2026-11-17',
      occurredTime: '15:03',
    });
    expect(r.errors).toEqual({});
  });

  it('only online abuse and school account ask about threats or hate', () => {
    const abuse = submitAt(draftAt('online_abuse', 'what'), {
      ...validValues('what', 'online_abuse'),
      threatsOrHate: 'true',
    });
    expect(abuse.draft.data.threatsOrHate).toBe(true);
    const other = submitAt(draftAt('other', 'what'), {
      ...validValues('what', 'other'),
      threatsOrHate: 'true',
    });
    expect(other.draft.data.threatsOrHate).toBeUndefined();
  });
});

describe('report wizard: back, cancel, edit and stale cards', () => {
  it.each([
    ['pupil_contact', 'what', 'type'],
    ['pupil_contact', 'actions', 'evidence'],
    ['indecent_images', 'actions', 'who'],
    ['indecent_images', 'what', 'speak_to_dsl'],
    ['radicalisation', 'speak_to_dsl', 'type'],
    ['other', 'review', 'told_dsl'],
  ] as [IncidentTypeId, WizardStep, WizardStep][])('%s: back from %s -> %s', (type, from, to) => {
    const draft = draftAt(type, from);
    const r = next(draft, { action: 'back', step: from, values: {} }, ctx);
    expect(r.step).toBe(to);
    expect(r.errors).toEqual({});
    expect(r.draft.data).toEqual(draft.data);
  });

  it('back from the first step stays there', () => {
    const draft = startDraft({ id: 'd', now: NOW });
    expect(next(draft, { action: 'back', step: 'type' }, ctx).step).toBe('type');
  });

  it('back keeps what was valid on the current card', () => {
    const draft = draftAt('other', 'who');
    const r = next(
      draft,
      {
        action: 'back',
        step: 'who',
        values: { involvedRole: 'parent', involvedDescription: 'x'.repeat(999) },
      },
      ctx,
    );
    expect(r.step).toBe('what');
    expect(r.draft.data.involvedRole).toBe('parent');
    expect(r.draft.data.involvedDescription).toBeUndefined();
  });

  it('cancel works from any step, even a stale card', () => {
    const draft = draftAt('other', 'who');
    expect(next(draft, { action: 'cancel', step: 'type' }, ctx).status).toBe('cancelled');
  });

  it('a stale card (double tap on an earlier step) is refused without changes', () => {
    const draft = draftAt('other', 'who');
    const r = next(
      draft,
      { action: 'continue', step: 'what', values: validValues('what', 'other') },
      ctx,
    );
    expect(r.draft).toBe(draft);
    expect(r.errors[FORM_ERROR]).toMatch(/out of date/);
  });

  it.each([{ action: 'explode' }, null, 'continue', { action: 'continue', step: 'nowhere' }])(
    'a malformed input %p -> form error',
    (input) => {
      const draft = draftAt('other', 'who');
      const r = next(draft, input as unknown as WizardInput, ctx);
      expect(r.draft).toBe(draft);
      expect(r.errors[FORM_ERROR]).toBeDefined();
    },
  );

  it('submit before review is refused', () => {
    const r = submitAt(draftAt('other', 'who'), {}, 'submit');
    expect(r.status).toBe('in_progress');
    expect(r.errors[FORM_ERROR]).toMatch(/finish/);
  });

  it('edit from review goes to the step, and continue returns straight to review', () => {
    const draft = completedDraft('other');
    const edit = next(
      draft,
      { action: 'edit', step: 'review', target: 'where' as WizardStep },
      ctx,
    );
    expect(edit.errors[FORM_ERROR]).toBeDefined();
    const toWho = next(draft, { action: 'edit', step: 'review', target: 'who' }, ctx);
    expect(toWho.step).toBe('who');
    const back = submitAt(toWho.draft, { involvedRole: 'public' });
    expect(back.step).toBe('review');
    expect(back.draft.data.involvedRole).toBe('public');
  });

  it('edit to a step the type does not use is refused', () => {
    const draft = completedDraft('indecent_images');
    const r = next(draft, { action: 'edit', step: 'review', target: 'evidence' }, ctx);
    expect(r.step).toBe('review');
    expect(r.errors[FORM_ERROR]).toBeDefined();
  });

  it('changing type to an urgent one prunes answers and shows the DSL card again', () => {
    const draft = completedDraft('pupil_contact');
    const toType = next(draft, { action: 'edit', step: 'review', target: 'type' }, ctx).draft;
    const r = submitAt(toType, { type: 'indecent_images' });
    expect(r.step).toBe('speak_to_dsl');
    expect(r.draft.data.evidenceKept).toBeUndefined();
    expect(r.draft.data.actionsTaken).toEqual([]);
    expect(r.draft.reachedReview).toBe(false);
  });

  it('a submitted draft ignores further input (retried submit)', () => {
    const draft = {
      ...completedDraft(),
      submitted: { incidentId: 'i', reference: 'INC-2026-0001', at: NOW.toISOString() },
    };
    expect(submitAt(draft, {}, 'submit').status).toBe('submitted');
  });
});

describe('report wizard: message prefill', () => {
  const fromMessage = {
    authorName: 'Pupil Account',
    text: 'hey miss add me back',
    sentAt: '2026-11-16T20:00:00Z',
  };

  it('keeps the message as evidence', () => {
    let draft = startDraft({ id: 'd', now: NOW, type: 'pupil_contact', fromMessage });
    expect(draft.data.evidenceKept).toBe('yes');
    draft = walkFrom(draft, 'pupil_contact');
    expect(toReport(draft, ctx).evidence.fromMessage).toEqual({
      authorName: 'Pupil Account',
      text: 'hey miss add me back',
      sentAt: '2026-11-16T20:00:00.000Z',
    });
  });

  it('never keeps a message on indecent_images, even prefilled', () => {
    const draft = startDraft({ id: 'd', now: NOW, type: 'indecent_images', fromMessage });
    expect(draft.prefill).toBeUndefined();
    expect(JSON.stringify(draft)).not.toContain('add me back');
  });

  it('shortens an oversized message rather than failing', () => {
    const draft = startDraft({
      id: 'd',
      now: NOW,
      fromMessage: { authorName: 'A', text: 'y'.repeat(10_000) },
    });
    expect(draft.prefill?.fromMessage?.text.length).toBe(LIMITS.messageText);
  });

  it.each(['', '   ', 'x'.repeat(LIMITS.draftId + 1)])('refuses a bad draft id %p', (id) => {
    expect(() => startDraft({ id, now: NOW })).toThrow(ValidationError);
  });

  function walkFrom(start: ReportDraft, type: IncidentTypeId): ReportDraft {
    let draft = start;
    while (draft.step !== 'review') draft = submitAt(draft, validValues(draft.step, type)).draft;
    return draft;
  }
});

describe('toReport re-validates the whole draft', () => {
  const tampered: [string, (d: ReportDraft) => ReportDraft, string][] = [
    [
      'unknown type',
      (d) => ({ ...d, data: { ...d.data, type: 'bogus' as IncidentTypeId } }),
      FIELD.type,
    ],
    [
      'oversized account',
      (d) => ({ ...d, data: { ...d.data, account: 'x'.repeat(5000) } }),
      FIELD.account,
    ],
    [
      'future date',
      (d) => ({ ...d, data: { ...d.data, occurredDate: '2027-01-01' } }),
      FIELD.occurredDate,
    ],
    ['missing told DSL', (d) => ({ ...d, data: { ...d.data, toldDsl: undefined } }), FIELD.toldDsl],
    [
      'foreign checklist id',
      (d) => ({ ...d, data: { ...d.data, actionsTaken: ['rm -rf'] } }),
      FIELD.actionsTaken,
    ],
  ];

  it.each(tampered)('%s -> ValidationError naming the field', (_n, tamper, field) => {
    const draft = tamper(completedDraft('pupil_contact'));
    let caught: unknown;
    try {
      toReport(draft, ctx);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fieldErrors[field]).toBeDefined();
    expect((caught as ValidationError).userMessage).toMatch(/another look/);
  });

  it('refuses evidence values on a type that never collects them', () => {
    const draft = completedDraft('indecent_images');
    const forged = { ...draft, data: { ...draft.data, evidenceKept: 'yes' as const } };
    expect(() => toReport(forged, ctx)).toThrow(ValidationError);
    const withMessage = { ...draft, prefill: { fromMessage: { authorName: 'a', text: 'b' } } };
    expect(() => toReport(withMessage, ctx)).toThrow(ValidationError);
  });

  it('review -> submit on a tampered draft jumps to the step with the problem', () => {
    const draft = completedDraft('other');
    const r = submitAt(
      { ...draft, data: { ...draft.data, involvedRole: undefined } },
      {},
      'submit',
    );
    expect(r.status).toBe('in_progress');
    expect(r.step).toBe('who');
    expect(r.errors[FIELD.involvedRole]).toBeDefined();
  });

  it('keeps a date without a time as a date', () => {
    const draft = completedDraft('other');
    const report = toReport({ ...draft, data: { ...draft.data, occurredTime: undefined } }, ctx);
    expect(report.occurredAt).toBe('2026-11-16');
  });
});

describe('deriveUrgency', () => {
  const base = (type: IncidentTypeId) => toReport(completedDraft(type), ctx);
  it.each([
    ['pupil_contact', false, 'normal'],
    ['parent_contact', false, 'low'],
    ['online_abuse', false, 'normal'],
    ['online_abuse', true, 'high'],
    ['school_account', true, 'high'],
    ['indecent_images', false, 'urgent'],
    ['radicalisation', false, 'urgent'],
    ['pupil_online_safety', false, 'high'],
    ['staff_conduct', false, 'high'],
    ['data_breach', false, 'high'],
    ['media_contact', false, 'high'],
    ['other', false, 'normal'],
  ] as [IncidentTypeId, boolean, string][])('%s (threats %p) -> %s', (type, threats, urgency) => {
    expect(deriveUrgency({ ...base(type), threatsOrHate: threats })).toBe(urgency);
  });

  it('ignores a threats flag on a type that does not ask', () => {
    expect(deriveUrgency({ ...base('parent_contact'), threatsOrHate: true })).toBe('low');
  });
});

describe('helpers', () => {
  it('converts UK summer time to UTC', () => {
    expect(schoolTimeToUtc('2026-07-01', '09:00').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(schoolTimeToUtc('2026-12-01', '09:00').toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('parseDraft accepts a stored draft and rejects junk', () => {
    const draft = completedDraft();
    expect(parseDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
    expect(parseDraft({ id: 'x' })).toBeUndefined();
    expect(parseDraft('nope')).toBeUndefined();
  });

  it('summarises a report for review with checklist labels', () => {
    const lines = summariseReport(toReport(completedDraft('pupil_contact'), ctx));
    expect(lines).toContainEqual({ label: 'When', value: '16 November 2026 at 21:15' });
    expect(lines).toContainEqual({
      label: 'Already done',
      value: 'I declined or ignored the request and did not reply',
    });
  });

  it('renders card values as strings', () => {
    const values = cardValues(completedDraft('pupil_contact'));
    expect(values.actionsTaken).toBe('declined_request');
    expect(values.occurredDate).toBe('2026-11-16');
  });
});

describe('report wizard: forged evidence for a type without evidence', () => {
  it('refuses a card posted for the evidence step on indecent_images', () => {
    const draft = draftAt('indecent_images', 'actions');
    const r = next(
      draft,
      { action: 'continue', step: 'evidence', values: { evidenceKept: 'yes' } },
      ctx,
    );
    expect(r.draft).toBe(draft);
    expect(r.errors[FORM_ERROR]).toBeDefined();
    expect(r.draft.data.evidenceKept).toBeUndefined();
  });

  it('a stored draft placed on the evidence step is moved back on track, storing nothing', () => {
    const draft: ReportDraft = { ...draftAt('indecent_images', 'actions'), step: 'evidence' };
    const r = next(
      draft,
      { action: 'continue', step: 'evidence', values: { evidenceKept: 'yes' } },
      ctx,
    );
    expect(r.step).toBe('told_dsl');
    expect(r.draft.data.evidenceKept).toBeUndefined();
    expect(r.errors[FORM_ERROR]).toBeDefined();
  });
});
