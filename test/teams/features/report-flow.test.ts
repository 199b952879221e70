import {
  INCIDENT_TYPE_IDS,
  INCIDENT_TYPES,
  type IncidentTypeId,
} from '../../../src/core/incidents/incident-types';
import { LIMITS } from '../../../src/core/incidents/report-wizard';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import { BotStateStorage } from '../../../src/teams/bot-state-storage';
import {
  ATTACHMENT_REFUSED_TEXT,
  PERSONAL_ONLY_TEXT,
} from '../../../src/teams/features/report-flow';
import { VERBS } from '../../../src/teams/verbs';
import {
  Harness,
  OTHER_STAFF,
  STAFF,
  cardText,
  cardVerbs,
  testConfig,
  type TestConversation,
} from '../../support/bot-harness';
import {
  cardInput,
  cardInputs,
  press,
  textAfterInput,
  useStateStorage,
} from '../../support/report-flow-support';

type Card = Record<string, unknown> | undefined;

/** Harness "now" is 2026-11-20T10:00Z; this happened the evening before. */
const WHAT = {
  account: 'A Year 10 pupil sent me a follow request on Instagram last night.',
  occurredDate: '2026-11-19',
  occurredTime: '21:15',
  where: 'Instagram',
};
const WHO = {
  involvedRole: 'current_pupil',
  involvedDescription: 'J. from 10B',
  yearGroup: 'Year 10',
};
const EVIDENCE = { evidenceKept: 'yes', evidenceDescription: 'Two screenshots on my phone' };

function newHarness(store = new MemoryStore()): Harness {
  // Many turns per test from one person: lift the per-minute limit so it does not interfere.
  return new Harness(store, testConfig({ RATE_LIMIT_PER_MINUTE: '10000' }));
}

/** Which step a card is for, from the inputs it asks for. */
function stepOf(card: Card): string {
  const inputs = cardInputs(card);
  if (inputs.includes('type')) return 'type';
  if (inputs.includes('account')) return 'what';
  if (inputs.includes('involvedRole')) return 'who';
  if (inputs.includes('evidenceKept')) return 'evidence';
  if (inputs.includes('actionsTaken')) return 'actions';
  if (inputs.includes('toldDsl')) return 'told_dsl';
  const verbs = cardVerbs(card);
  if (verbs.includes(VERBS.reportSubmit)) return 'review';
  if (/Speak to .* now/.test(cardText(card))) return 'speak_to_dsl';
  if (/Report sent/.test(cardText(card))) return 'receipt';
  return 'other';
}

/** Answers the current step card with valid values and returns the next card. */
async function answer(me: TestConversation, card: Card, type: IncidentTypeId): Promise<Card> {
  const step = stepOf(card);
  const values: Record<string, Record<string, unknown>> = {
    type: { type },
    speak_to_dsl: {},
    what: INCIDENT_TYPES[type].asksThreatsOrHate ? { ...WHAT, threatsOrHate: 'false' } : WHAT,
    who: WHO,
    evidence: EVIDENCE,
    actions: { actionsTaken: INCIDENT_TYPES[type].actionsChecklist[0]!.id, otherActions: '' },
    told_dsl: { toldDsl: 'yes' },
  };
  if (step === 'review') {
    const r = await press(me, card, VERBS.reportSubmit);
    expect(r.status).toBe(200);
    return r.card;
  }
  if (!(step in values)) throw new Error(`unexpected card: ${cardText(card)}`);
  const r = await press(me, card, VERBS.reportStep, values[step]);
  expect(r.status).toBe(200);
  expect(r.card).toBeDefined();
  return r.card;
}

/** From the card in hand to the receipt, collecting every card seen. */
async function finish(me: TestConversation, first: Card, type: IncidentTypeId): Promise<Card[]> {
  const cards: Card[] = [first];
  let card = first;
  for (let i = 0; i < 12 && stepOf(card) !== 'receipt'; i++) {
    card = await answer(me, card, type);
    cards.push(card);
  }
  return cards;
}

describe('report an incident: a full conversation for every type', () => {
  it.each(INCIDENT_TYPE_IDS)(
    '%s: from "report" to the receipt, with its guidance',
    async (type) => {
      const harness = newHarness();
      const me = harness.personal(STAFF);
      const info = INCIDENT_TYPES[type];

      const [first] = await me.say('report');
      expect(stepOf(first?.card)).toBe('type');
      expect(cardText(first?.card)).toContain(info.label);
      expect(cardText(first?.card)).toContain(info.covers);

      const cards = await finish(me, first?.card, type);
      const steps = cards.map(stepOf);
      const expected = [
        'type',
        ...(info.speakToDslFirst ? ['speak_to_dsl'] : []),
        'what',
        'who',
        ...(info.collectsEvidence ? ['evidence'] : []),
        'actions',
        'told_dsl',
        'review',
        'receipt',
      ];
      expect(steps).toEqual(expected);

      // Guidance on the first card of the type, and again on the receipt.
      const firstOfType = cards[1];
      for (const line of info.guidance) expect(cardText(firstOfType)).toContain(line);
      const receipt = cards[cards.length - 1];
      for (const line of info.guidance) expect(cardText(receipt)).toContain(line);
      expect(cardText(receipt)).toContain('INC-2026-0001');
      expect(cardText(receipt)).toContain(info.handledBy);
      expect(cardText(receipt)).toContain(WHAT.account);

      // The checklist offered is this type's own.
      const actionsCard = cards[steps.indexOf('actions')];
      const choices = (cardInput(actionsCard, 'actionsTaken')?.choices as { value: string }[]).map(
        (c) => c.value,
      );
      expect(choices).toEqual(info.actionsChecklist.map((a) => a.id));

      const stored = await harness.store.incidents.list();
      expect(stored).toHaveLength(1);
      const incident = stored[0]!;
      expect(incident.reference).toBe('INC-2026-0001');
      expect(incident.reporter.id).toBe(STAFF.aadObjectId);
      expect(incident.report).toMatchObject({
        type,
        account: WHAT.account,
        where: WHAT.where,
        involved: {
          role: 'current_pupil',
          yearGroup: 'Year 10',
          description: WHO.involvedDescription,
        },
        actionsTaken: [info.actionsChecklist[0]!.id],
        toldDsl: 'yes',
      });
      expect(incident.report.evidence.kept).toBe(info.collectsEvidence ? 'yes' : 'not_collected');
      expect(incident.urgency).toBe(info.defaultUrgency);
    },
  );

  it.each(INCIDENT_TYPE_IDS.filter((t) => INCIDENT_TYPES[t].speakToDslFirst))(
    '%s: "Speak to the DSL now", with the DSL named, comes before any form',
    async (type) => {
      const harness = newHarness();
      const me = harness.personal();
      const start = await me.execute(VERBS.reportStart, { type });
      expect(stepOf(start.card)).toBe('speak_to_dsl');
      expect(cardInputs(start.card)).toEqual([]);
      const text = cardText(start.card);
      expect(text).toContain('Speak to Jo Safeguarding now');
      expect(text).toContain('999');
      expect(cardText(start.card)).toContain("[I've done this, continue]");
    },
  );

  it('indecent images: never asks for evidence, says so, and refuses evidence smuggled into other steps', async () => {
    const harness = newHarness();
    const me = harness.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'indecent_images' })).card;
    const seen: Card[] = [card];
    const smuggled = { evidenceKept: 'yes', evidenceDescription: 'the images are on my laptop' };
    for (let i = 0; i < 10 && stepOf(card) !== 'review'; i++) {
      const step = stepOf(card);
      const values =
        step === 'what'
          ? { ...WHAT, ...smuggled }
          : step === 'who'
            ? { ...WHO, ...smuggled }
            : step === 'actions'
              ? { actionsTaken: 'told_dsl_in_person,secured_device', ...smuggled }
              : step === 'told_dsl'
                ? { toldDsl: 'yes', ...smuggled }
                : {};
      card = (await press(me, card, VERBS.reportStep, values)).card;
      seen.push(card);
    }
    expect(seen.map(stepOf)).not.toContain('evidence');
    for (const c of seen) expect(cardInputs(c)).not.toContain('evidenceKept');
    expect(seen.map(cardText).join('\n')).toMatch(/never asks for, or accepts, the images/);
    const receipt = (await press(me, card, VERBS.reportSubmit)).card;
    expect(stepOf(receipt)).toBe('receipt');
    const [incident] = await harness.store.incidents.list();
    expect(incident!.report.evidence).toEqual({ kept: 'not_collected' });
    expect(JSON.stringify(incident)).not.toContain('the images are on my laptop');
  });

  it('starts at the right place when "Report this" pre-fills the type', async () => {
    const harness = newHarness();
    const result = await harness.personal().execute(VERBS.reportStart, { type: 'pupil_contact' });
    expect(stepOf(result.card)).toBe('what');
    expect(cardText(result.card)).toContain(INCIDENT_TYPES.pupil_contact.guidance[0]);
    expect(cardText(result.card)).toContain('Step 2 of 7');
  });

  it('an unknown pre-filled type just starts at the type choice', async () => {
    const harness = newHarness();
    const result = await harness.personal().execute(VERBS.reportStart, { type: 'drop_tables' });
    expect(stepOf(result.card)).toBe('type');
  });
});

describe('report an incident: validation shown next to the fields', () => {
  let harness: Harness;
  let me: TestConversation;
  let whatCard: Card;
  beforeEach(async () => {
    harness = newHarness();
    me = harness.personal();
    whatCard = (await me.execute(VERBS.reportStart, { type: 'online_abuse' })).card;
    expect(stepOf(whatCard)).toBe('what');
  });

  it('marks the account required and the date not in the future, on the card itself', async () => {
    expect(cardInput(whatCard, 'account')).toMatchObject({
      isRequired: true,
      maxLength: LIMITS.account,
    });
    expect(cardInput(whatCard, 'account')?.errorMessage).toBeTruthy();
    expect(cardInput(whatCard, 'occurredDate')).toMatchObject({
      isRequired: true,
      max: '2026-11-20',
    });
  });

  it('shows each server-side error beside its field and keeps what was typed', async () => {
    const r = await press(me, whatCard, VERBS.reportStep, {
      account: '',
      occurredDate: '2026-12-25',
      where: 'Facebook',
    });
    expect(r.status).toBe(200);
    expect(stepOf(r.card)).toBe('what');
    expect(textAfterInput(r.card, 'account')).toBe('Please fill in what happened.');
    expect(textAfterInput(r.card, 'occurredDate')).toBe('The date cannot be in the future.');
    expect(cardInput(r.card, 'where')?.value).toBe('Facebook');
    expect(cardInput(r.card, 'occurredDate')?.value).toBe('2026-12-25');
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('refuses a time later today that is still in the future', async () => {
    const r = await press(me, whatCard, VERBS.reportStep, {
      ...WHAT,
      occurredDate: '2026-11-20',
      occurredTime: '18:00',
    });
    expect(textAfterInput(r.card, 'occurredTime')).toBe('The time cannot be in the future.');
  });

  it('refuses oversized text politely, without storing or reflecting a megabyte back', async () => {
    const huge = 'x'.repeat(LIMITS.account + 1);
    const r = await press(me, whatCard, VERBS.reportStep, { ...WHAT, account: huge });
    expect(textAfterInput(r.card, 'account')).toMatch(/4000 characters or fewer/);
    const megabyte = 'y'.repeat(1_000_000);
    const r2 = await press(me, whatCard, VERBS.reportStep, { ...WHAT, where: megabyte });
    expect(textAfterInput(r2.card, 'where')).toMatch(/200 characters or fewer/);
    expect(JSON.stringify(r2.card).length).toBeLessThan(50_000);
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('refuses values of the wrong type', async () => {
    const r = await press(me, whatCard, VERBS.reportStep, {
      account: { text: 'an object' },
      occurredDate: 20261119,
      where: ['Instagram'],
      threatsOrHate: 'maybe',
    });
    expect(stepOf(r.card)).toBe('what');
    expect(textAfterInput(r.card, 'account')).toMatch(/as text/);
    expect(textAfterInput(r.card, 'occurredDate')).toBeTruthy();
    expect(textAfterInput(r.card, 'where')).toMatch(/as text/);
  });
});

describe('report an incident: tampered submissions', () => {
  let harness: Harness;
  let me: TestConversation;
  beforeEach(() => {
    harness = newHarness();
    me = harness.personal();
  });

  it('refuses an unknown type id next to the type field', async () => {
    const [first] = await me.say('report');
    const r = await press(me, first?.card, VERBS.reportStep, { type: 'not_a_type' });
    expect(stepOf(r.card)).toBe('type');
    expect(textAfterInput(r.card, 'type')).toBe('Please choose one of the options.');
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('ignores __proto__ keys and never pollutes objects', async () => {
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'other' })).card;
    const forged = JSON.parse(
      '{"__proto__": {"account": "polluted account text", "isAdmin": true}, "constructor": {"prototype": {"x": 1}}}',
    ) as Record<string, unknown>;
    const r = await press(me, whatCard, VERBS.reportStep, forged);
    expect(stepOf(r.card)).toBe('what');
    expect(textAfterInput(r.card, 'account')).toBe('Please fill in what happened.');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).account).toBeUndefined();
  });

  it('refuses a submit before the review step, with nothing stored', async () => {
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'other' })).card;
    const draftId = (cardInput(whatCard, 'account') &&
      (whatCard as any).actions[0].data.draftId) as string;
    const r = await me.execute(VERBS.reportSubmit, { draftId, step: 'review' });
    expect(r.status).toBe(200);
    expect(cardText(r.card)).toMatch(/out of date|finish the remaining steps/);
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('refuses a card for the wrong step (an old card pressed again)', async () => {
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'other' })).card;
    const whoCard = (await press(me, whatCard, VERBS.reportStep, WHAT)).card;
    expect(stepOf(whoCard)).toBe('who');
    const again = await press(me, whatCard, VERBS.reportStep, {
      ...WHAT,
      account: 'A different account of it all.',
    });
    expect(cardText(again.card)).toMatch(/out of date/);
    expect(stepOf(again.card)).toBe('who');
  });

  it('refuses a forged draft id or non-object data without failing the invoke', async () => {
    await me.execute(VERBS.reportStart, { type: 'other' });
    const forged = await me.execute(VERBS.reportStep, {
      draftId: 'someone-elses-draft',
      step: 'what',
      ...WHAT,
    });
    expect(forged.status).toBe(200);
    expect(cardText(forged.card)).toMatch(/out of date/);
    const junk = await me.execute(VERBS.reportStep, ['not', 'an', 'object'] as unknown as Record<
      string,
      unknown
    >);
    expect(junk.status).toBe(200);
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('never lets a store failure fail the invoke, and the report can be sent after', async () => {
    let card = (await me.execute(VERBS.reportStart, { type: 'parent_contact' })).card;
    while (stepOf(card) !== 'review') card = await answer(me, card, 'parent_contact');
    const spy = jest
      .spyOn(harness.store.incidents, 'submit')
      .mockRejectedValueOnce(new Error('database is locked'));
    const failed = await press(me, card, VERBS.reportSubmit);
    expect(failed.status).toBe(200);
    expect(failed.message).toMatch(/something went wrong/i);
    spy.mockRestore();
    const ok = await press(me, card, VERBS.reportSubmit);
    expect(stepOf(ok.card)).toBe('receipt');
    expect(await harness.store.incidents.count()).toBe(1);
  });
});

describe('report an incident: submit, resume, back and cancel', () => {
  it('a double tap or retried submit creates one incident and shows the same receipt', async () => {
    const harness = newHarness();
    const me = harness.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'data_breach' })).card;
    while (stepOf(card) !== 'review') card = await answer(me, card, 'data_breach');
    const first = await press(me, card, VERBS.reportSubmit);
    const second = await press(me, card, VERBS.reportSubmit);
    expect(stepOf(first.card)).toBe('receipt');
    expect(stepOf(second.card)).toBe('receipt');
    expect(cardText(second.card)).toContain('INC-2026-0001');
    expect(await harness.store.incidents.count()).toBe(1);
    expect((await harness.store.outbox.undelivered()).length).toBeGreaterThan(0);
  });

  it('pokes the delivery worker once per new report, so the SLT channel hears at once', async () => {
    const poke = jest.fn();
    const harness = new Harness(
      new MemoryStore(),
      testConfig({ RATE_LIMIT_PER_MINUTE: '10000' }),
      undefined,
      (deps) => ({ ...deps, deliveries: { poke } }),
    );
    const me = harness.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'radicalisation' })).card;
    while (stepOf(card) !== 'review') card = await answer(me, card, 'radicalisation');
    expect(poke).not.toHaveBeenCalled();
    await press(me, card, VERBS.reportSubmit);
    await press(me, card, VERBS.reportSubmit);
    expect(poke).toHaveBeenCalledTimes(1);
    const [message] = await harness.store.outbox.undelivered();
    expect(message?.topic).toBe('slt.post_incident');
  });

  it('two submits racing from the same draft still store one incident', async () => {
    const harness = newHarness();
    const me = harness.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'other' })).card;
    while (stepOf(card) !== 'review') card = await answer(me, card, 'other');
    await Promise.all([press(me, card, VERBS.reportSubmit), press(me, card, VERBS.reportSubmit)]);
    expect(await harness.store.incidents.count()).toBe(1);
  });

  it('resumes a draft after a restart (a new bot over the same database)', async () => {
    const store = new MemoryStore();
    const before = newHarness(store);
    useStateStorage(before, new BotStateStorage(store.state));
    const me = before.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'media_contact' })).card;
    card = (await press(me, card, VERBS.reportStep, WHAT)).card;
    expect(stepOf(card)).toBe('who');

    const after = newHarness(store);
    useStateStorage(after, new BotStateStorage(store.state));
    const again = after.personal();
    const [offer] = await again.say('report');
    expect(cardText(offer?.card)).toContain('You have a report in progress');
    expect(cardText(offer?.card)).toContain(INCIDENT_TYPES.media_contact.label);
    const resumed = await press(again, offer?.card, VERBS.reportResume);
    expect(stepOf(resumed.card)).toBe('who');
    // The old card from before the restart still works too: same draft.
    const cards = await finish(again, resumed.card, 'media_contact');
    expect(stepOf(cards[cards.length - 1])).toBe('receipt');
    const [incident] = await store.incidents.list();
    expect(incident!.report.account).toBe(WHAT.account);
  });

  it('"report" with a draft open offers resume or start again; start again discards it', async () => {
    const harness = newHarness();
    const me = harness.personal();
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'school_account' })).card;
    const [offer] = await me.say('report');
    expect(cardText(offer?.card)).toMatch(/\[Carry on\][\s\S]*\[Start again\]/);
    const fresh = await press(me, offer?.card, VERBS.reportRestart);
    expect(stepOf(fresh.card)).toBe('type');
    const old = await press(me, whatCard, VERBS.reportStep, WHAT);
    expect(cardText(old.card)).toMatch(/out of date/);
  });

  it('back keeps the answers already given', async () => {
    const harness = newHarness();
    const me = harness.personal();
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'pupil_contact' })).card;
    const whoCard = (await press(me, whatCard, VERBS.reportStep, WHAT)).card;
    const back = await press(me, whoCard, VERBS.reportBack);
    expect(stepOf(back.card)).toBe('what');
    expect(cardInput(back.card, 'account')?.value).toBe(WHAT.account);
    expect(cardInput(back.card, 'where')?.value).toBe(WHAT.where);
  });

  it('"Change" on the review card goes to that step and comes straight back to review', async () => {
    const harness = newHarness();
    const me = harness.personal();
    let card = (await me.execute(VERBS.reportStart, { type: 'pupil_contact' })).card;
    while (stepOf(card) !== 'review') card = await answer(me, card, 'pupil_contact');
    const edit = await press(me, card, VERBS.reportEdit, {}, 'Change who is involved');
    expect(stepOf(edit.card)).toBe('who');
    const review = await press(me, edit.card, VERBS.reportStep, {
      involvedRole: 'parent',
      involvedDescription: '',
    });
    expect(stepOf(review.card)).toBe('review');
    expect(cardText(review.card)).toContain('A parent or carer');
  });

  it('cancel clears the draft: nothing stored, old cards are refused, "report" starts afresh', async () => {
    const harness = newHarness();
    const me = harness.personal();
    const whatCard = (await me.execute(VERBS.reportStart, { type: 'staff_conduct' })).card;
    const cancelled = await press(me, whatCard, VERBS.reportCancel);
    expect(cardText(cancelled.card)).toContain('Report cancelled');
    const old = await press(me, whatCard, VERBS.reportStep, WHAT);
    expect(cardText(old.card)).toContain('No report in progress');
    const [next] = await me.say('report');
    expect(stepOf(next?.card)).toBe('type');
    expect(await harness.store.incidents.count()).toBe(0);
  });

  it('keeps report text and names out of the logs', async () => {
    const harness = newHarness();
    const me = harness.personal();
    const cards = await finish(me, (await me.say('report'))[0]?.card, 'online_abuse');
    expect(stepOf(cards[cards.length - 1])).toBe('receipt');
    const logs = harness.logLines.join('');
    expect(logs).toContain('report.receipt');
    expect(logs).not.toContain(WHAT.account);
    expect(logs).not.toContain(WHO.involvedDescription);
    expect(logs).not.toContain(STAFF.name);
  });
});

describe('report an incident: files and images are never accepted', () => {
  it('refuses an image sent in the personal chat, keeps nothing, and says why', async () => {
    const harness = newHarness();
    useStateStorage(harness, new BotStateStorage(harness.store.state));
    const me = harness.personal();
    await me.execute(VERBS.reportStart, { type: 'indecent_images' });
    const replies = await harness.process({
      ...me.base(),
      type: 'message',
      text: '',
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://example.invalid/x.png', name: 'x.png' },
      ],
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(ATTACHMENT_REFUSED_TEXT);
    const key = `msteams/28:bot-id/conversations/${me.conversation.id}`;
    const state = await harness.store.state.read([key]);
    expect(state[key]?.value.reportDraft).toBeDefined();
    expect(JSON.stringify(state)).not.toContain('x.png');
    expect(harness.logLines.join('')).not.toContain('x.png');
  });

  it('does not mistake the HTML copy Teams attaches to a text message for a file', async () => {
    const harness = newHarness();
    const replies = await harness.process({
      ...harness.personal().base(),
      type: 'message',
      text: 'report',
      attachments: [{ contentType: 'text/html', content: '<p>report</p>' }],
    });
    expect(cardInputs(replies[0]?.card)).toContain('type');
  });
});

describe('report an incident: only in a personal chat', () => {
  it('answers "report" in a channel with a link to the personal chat, and starts nothing', async () => {
    const harness = newHarness();
    const channel = harness.channel(STAFF);
    const [reply] = await channel.say('report', { mention: true });
    expect(cardText(reply?.card)).toContain('Reports are made in a personal chat with me');
    const openChat = JSON.stringify(reply?.card);
    expect(openChat).toContain('https://teams.microsoft.com/l/chat/0/0?users=28%3Abot-id');
  });

  it('refuses card actions of the flow in a channel, politely', async () => {
    const harness = newHarness();
    const result = await harness.channel(STAFF).execute(VERBS.reportStart, { type: 'other' });
    expect(result.status).toBe(200);
    expect(result.message).toBe(PERSONAL_ONLY_TEXT);
  });
});

describe('my reports', () => {
  async function makeReport(
    harness: Harness,
    me: TestConversation,
    type: IncidentTypeId,
  ): Promise<string> {
    let card = (await me.execute(VERBS.reportStart, { type })).card;
    const cards = await finish(me, card, type);
    card = cards[cards.length - 1];
    const match = /INC-\d{4}-\d{4}/.exec(cardText(card));
    return match![0];
  }

  it("shows only the person's own reports, urgent open ones first, with live status", async () => {
    const harness = newHarness();
    const me = harness.personal(STAFF);
    const other = harness.personal(OTHER_STAFF);
    const mine1 = await makeReport(harness, me, 'parent_contact');
    const theirs = await makeReport(harness, other, 'online_abuse');
    const mine2 = await makeReport(harness, me, 'radicalisation');

    const [reply] = await me.say('my reports');
    const text = cardText(reply?.card);
    expect(text).toContain(mine1);
    expect(text).toContain(mine2);
    expect(text).not.toContain(theirs);
    expect(text.indexOf(mine2)).toBeLessThan(text.indexOf(mine1));
    expect(text).toContain('Received: waiting to be picked up');

    // SLT acknowledges and adds an internal note: the reporter sees the status, never the note.
    const incident = (await harness.store.incidents.getByReference(mine1))!;
    const slt = { id: 'aad-slt-1', name: 'Pat Deputy' };
    await harness.store.incidents.append(
      incident.id,
      incident.version,
      slt,
      { kind: 'acknowledged' },
      new Date(),
    );
    await harness.store.incidents.append(
      incident.id,
      incident.version + 1,
      slt,
      { kind: 'note_added', text: 'Internal: parent known to social care' },
      new Date(),
    );
    const refreshed = await me.execute(VERBS.myReports);
    expect(cardText(refreshed.card)).toContain('Acknowledged by the senior leadership team');
    expect(JSON.stringify(refreshed.card)).not.toContain('social care');
  });

  it('adds information as an appended event, never editing the original', async () => {
    const harness = newHarness();
    const me = harness.personal(STAFF);
    const reference = await makeReport(harness, me, 'pupil_contact');
    const list = await me.execute(VERBS.myReports);
    const form = await press(me, list.card, VERBS.myReportAddInfo, {}, 'Add information');
    expect(cardText(form.card)).toContain(`Add information to ${reference}`);

    const empty = await press(me, form.card, VERBS.myReportAddInfo, { text: '   ' });
    expect(textAfterInput(empty.card, 'text')).toBe('Please write the information to add.');

    const done = await press(me, form.card, VERBS.myReportAddInfo, {
      text: 'They tried again this morning.',
    });
    expect(cardText(done.card)).toContain(`added to ${reference}`);
    const incident = (await harness.store.incidents.getByReference(reference))!;
    const events = await harness.store.incidents.events(incident.id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'info_added']);
    expect(events[1]).toMatchObject({ text: 'They tried again this morning.' });
    expect(incident.report.account).toBe(WHAT.account);
  });

  it('withdraws with a required reason, after which the report offers no more actions', async () => {
    const harness = newHarness();
    const me = harness.personal(STAFF);
    const reference = await makeReport(harness, me, 'other');
    const list = await me.execute(VERBS.myReports);
    const form = await press(me, list.card, VERBS.myReportWithdraw, {}, 'Withdraw');
    const noReason = await press(me, form.card, VERBS.myReportWithdraw, { reason: '' });
    expect(textAfterInput(noReason.card, 'reason')).toMatch(/Please write why you are withdrawing/);
    const done = await press(me, form.card, VERBS.myReportWithdraw, {
      reason: 'I reported this twice by mistake.',
    });
    expect(cardText(done.card)).toContain(`${reference} has been withdrawn`);
    expect(cardText(done.card)).toContain('Withdrawn by you.');
    expect(cardVerbs(done.card)).not.toContain(VERBS.myReportWithdraw);
    const incident = (await harness.store.incidents.getByReference(reference))!;
    expect(incident.status).toBe('withdrawn');
    const again = await press(me, form.card, VERBS.myReportWithdraw, { reason: 'again' });
    expect(cardText(again.card)).toMatch(/withdrawn/);
    expect((await harness.store.incidents.events(incident.id)).map((e) => e.kind)).toEqual([
      'created',
      'withdrawn',
    ]);
  });

  it("refuses to add to or withdraw someone else's report, revealing nothing", async () => {
    const harness = newHarness();
    const reference = await makeReport(harness, harness.personal(STAFF), 'online_abuse');
    const incident = (await harness.store.incidents.getByReference(reference))!;
    const other = harness.personal(OTHER_STAFF);
    const add = await other.execute(VERBS.myReportAddInfo, {
      incidentId: incident.id,
      confirm: true,
      text: 'x',
    });
    const withdraw = await other.execute(VERBS.myReportWithdraw, {
      incidentId: incident.id,
      confirm: true,
      reason: 'x',
    });
    for (const r of [add, withdraw]) {
      expect(r.status).toBe(200);
      expect(cardText(r.card)).toContain('could not be found among the reports you made');
      expect(cardText(r.card)).not.toContain(reference);
    }
    expect((await harness.store.incidents.events(incident.id)).map((e) => e.kind)).toEqual([
      'created',
    ]);
  });
});
