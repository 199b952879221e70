import { fixedClock } from '../../../src/core/clock';
import { PolicyLibrary, SchoolWords } from '../../../src/core/policy';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import {
  CHANNEL_HINT,
  FEEDBACK_ALREADY,
  FEEDBACK_THANKS,
  NO_LIBRARY_MESSAGE,
  RELOAD_REFUSED,
  SECTION_GONE,
} from '../../../src/teams/features/policy-answers';
import { startPolicySource, staticPolicySource } from '../../../src/teams/policy-source';
import { VERBS } from '../../../src/teams/verbs';
import {
  ADMIN,
  Harness,
  OTHER_STAFF,
  STAFF,
  cardText,
  cardVerbs,
  testConfig,
  type Reply,
} from '../../support/bot-harness';
import {
  FIXTURE_FILE,
  SOCIAL_MEDIA_POLICY,
  fixtureLibrary,
  fixturePolicies,
} from '../../support/policy-fixture';

/** Before the fixture's next review date (31/08/2026). */
const IN_DATE = '2026-03-02T09:00:00Z';

function harness(
  options: {
    at?: string;
    store?: MemoryStore;
    policies?: ReturnType<typeof fixturePolicies> | null;
  } = {},
) {
  const policies = options.policies === undefined ? fixturePolicies() : options.policies;
  return new Harness(
    options.store ?? new MemoryStore(),
    testConfig(),
    fixedClock(options.at ?? IN_DATE),
    (deps) => (policies ? { ...deps, policies } : deps),
  );
}

/** Every Action.Execute in a card with its title and data. */
function actions(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute')
      out.push({
        title: String(n.title),
        verb: String(n.verb),
        data: (n.data ?? {}) as Record<string, unknown>,
      });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

function action(card: unknown, title: string) {
  const found = actions(card).find((a) => a.title === title);
  if (!found)
    throw new Error(
      `no "${title}" button on the card: ${actions(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  return found;
}

/** What a reader sees: the card's text with markdown escapes (added for safety) removed. */
function readable(card: unknown): string {
  return cardText(card).replace(/\\([\\`*_{}[\]()#+!|~<>.=-])/g, '$1');
}

function onlyCard(replies: Reply[]) {
  expect(replies).toHaveLength(1);
  expect(replies[0].card).toBeDefined();
  return replies[0].card!;
}

describe('policy questions in a personal chat', () => {
  it('answers a question in their own words with the key sentence, the quote and the exact section', async () => {
    const h = harness();
    const card = onlyCard(await h.personal().say('Can I accept a friend request from a parent?'));
    const text = cardText(card);
    const lines = text.split('\n');
    // Key sentence first, straight under the heading.
    expect(lines[0]).toBe('What our policy says');
    expect(lines[1]).toMatch(/^Employees should not accept friend requests from parents or carers/);
    expect(text).toContain('Staff Social Media Policy: section 3.1, Contact with parents');
    expect(text).toContain(
      'Any communication with parents about school matters must use the school email system.',
    );
    expect(text).toContain('Last reviewed: 14/11/2024 · Next review: 31/08/2026');
    expect(text).not.toMatch(/out of date/);
    expect(text).toContain('Was this helpful?');
    expect(action(card, 'Show full section').verb).toBe(VERBS.showSection);
    expect(cardVerbs(card)).toEqual(expect.arrayContaining([VERBS.feedback]));
    // A question about the rules is not an incident.
    expect(cardVerbs(card)).not.toContain(VERBS.reportStart);
  });

  it('does not repeat the key sentence when the quoted section is that one sentence', async () => {
    const card = onlyCard(
      await harness().personal().say('Can I accept follow requests from former pupils?'),
    );
    const text = readable(card);
    expect(text).toContain('Staff Social Media Policy: section 2.2, Contact with pupils');
    const sentence = 'Employees should not accept friend or follow requests from former pupils';
    expect(text.split(sentence)).toHaveLength(2);
    expect(text.split('\n')[1]).toBe('Staff Social Media Policy: section 2.2, Contact with pupils');
  });

  it('quotes at most 600 characters of the passage', async () => {
    const long = SOCIAL_MEDIA_POLICY.replace(
      '4.1 Employees may use their own devices',
      `4.1 ${'Staff should remember that the working day is busy and that breaks matter. '.repeat(12)}Employees may use their own devices`,
    );
    const h = new Harness(new MemoryStore(), testConfig(), fixedClock(IN_DATE), (deps) => ({
      ...deps,
      policies: staticPolicySource(fixtureLibrary(long)),
    }));
    const card = onlyCard(await h.personal().say('Can I use my phone at lunchtime?'));
    const runs: string[] = [];
    JSON.stringify(card, (key, value) => {
      if (value && value.type === 'TextRun') runs.push(value.text);
      return value;
    });
    const quoted = runs.join(' ');
    expect(quoted).toMatch(/breaks and lunchtimes/);
    expect(runs.join('').length).toBeLessThanOrEqual(600);
    expect(long.match(/4\.1 [^\n]*/)![0].length).toBeGreaterThan(600);
  });

  it('says plainly when the policy does not cover a question, names who to ask and offers to send it to SLT', async () => {
    const h = harness();
    const card = onlyCard(await h.personal().say('What is on the canteen menu on Friday?'));
    const text = cardText(card);
    expect(text).toContain("Our policy doesn't cover that.");
    expect(text).toContain('What is on the canteen menu on Friday?');
    expect(text).toContain('Jo Safeguarding (the DSL)');
    expect(text).toContain('Chris Head (the headteacher)');
    const askSlt = action(card, 'Ask SLT');
    expect(askSlt.verb).toBe(VERBS.askSlt);
    expect(askSlt.data).toEqual({
      question: 'What is on the canteen menu on Friday?',
      answerSummary: "Our policy doesn't cover that.",
    });
    expect(cardVerbs(card)).not.toContain(VERBS.feedback);
  });

  it('offers "Report this" with the incident type pre-filled when the question describes an incident', async () => {
    const h = harness();
    const card = onlyCard(
      await h.personal().say('Someone is posting abusive comments about me on Facebook'),
    );
    const text = cardText(card);
    expect(text).toContain('section 5.1, Online abuse of staff');
    expect(text).toContain(
      'If this has happened, please report it. Report type: I am being abused online.',
    );
    expect(action(card, 'Report this')).toEqual({
      title: 'Report this',
      verb: VERBS.reportStart,
      data: { type: 'online_abuse' },
    });
  });

  it('warns that the policy may be out of date once its next review date has passed', async () => {
    const h = harness({ at: '2026-11-20T10:00:00Z' });
    const text = cardText(onlyCard(await h.personal().say('Can I use my phone at lunchtime?')));
    expect(text).toContain('This policy may be out of date: its review was due by 31/08/2026.');
    expect(text).toContain('Jo Safeguarding');
  });

  it('shows the full section from "Show full section", with its review details', async () => {
    const h = harness();
    const chat = h.personal();
    const card = onlyCard(await chat.say('Can I post photos of pupils on my Instagram?'));
    const show = action(card, 'Show full section');
    const result = await chat.execute(show.verb, show.data);
    expect(result.status).toBe(200);
    expect(result.message).toBe('Here is the full section.');
    const section = onlyCard(result.replies);
    const text = readable(section);
    expect(text).toContain('6.1 Photographs and videos');
    expect(text).toContain('Staff Social Media Policy');
    expect(text).toContain(
      "Images of pupils may only be shared on the school's official accounts where parental consent has been recorded.",
    );
    expect(text).toContain('Next review: 31/08/2026');
  });

  it('offers up to two related sections as buttons that open them', async () => {
    const h = harness();
    const chat = h.personal();
    // Several sections talk about friend and follow requests: the best is quoted, others offered.
    const card = onlyCard(await chat.say('Can I accept follow requests?'));
    const quotedSection = /section (\d\.\d)/.exec(readable(card))![1];
    const related = actions(card).filter(
      (a) => a.verb === VERBS.showSection && a.title !== 'Show full section',
    );
    expect(related.length).toBeGreaterThanOrEqual(1);
    expect(related.length).toBeLessThanOrEqual(2);
    for (const r of related) {
      expect(r.title).toMatch(/^[2-3]\.\d Contact with (pupils|parents)$/);
      expect(r.title.startsWith(quotedSection)).toBe(false);
      const opened = await chat.execute(r.verb, r.data);
      const sectionText = readable(onlyCard(opened.replies));
      expect(sectionText.split('\n')[0]).toBe(r.title);
      expect(sectionText).toMatch(/friend (or follow )?requests/);
    }
  });

  it('answers tampered or stale "Show full section" presses politely', async () => {
    const chat = harness().personal();
    for (const data of [
      {},
      { passageId: 'nope.md#3' },
      { passageId: 42 },
      { passageId: 'x'.repeat(5000) },
    ]) {
      const result = await chat.execute(VERBS.showSection, data);
      expect(result.status).toBe(200);
      expect(result.message).toBe(SECTION_GONE);
      expect(result.replies).toHaveLength(0);
    }
  });

  it('stores "Was this helpful?" votes, counts them, thanks the user and keeps one vote per person per answer', async () => {
    const store = new MemoryStore();
    const h = harness({ store });
    const chat = h.personal();
    const card = onlyCard(await chat.say('Can I accept a friend request from a parent?'));
    const yes = action(card, 'Yes');
    const no = action(card, 'No');
    expect(yes.verb).toBe(VERBS.feedback);

    const first = await chat.execute(yes.verb, yes.data);
    expect(first.status).toBe(200);
    expect(first.message).toBe(FEEDBACK_THANKS);
    expect(first.card).toBeUndefined(); // the answer card stays as it was

    expect((await chat.execute(no.verb, no.data)).message).toBe(FEEDBACK_ALREADY);
    expect((await chat.as(OTHER_STAFF).execute(no.verb, no.data)).message).toBe(FEEDBACK_THANKS);

    expect(await store.feedback.counts()).toEqual({ helpful: 1, notHelpful: 1 });
    const log = h.logLines.join('');
    expect(log).toContain('feedback_recorded');
    expect(log).not.toContain('friend request from a parent');
  });

  it('records which document and section the feedback was about', async () => {
    const store = new MemoryStore();
    const record = jest.spyOn(store.feedback, 'record');
    const chat = harness({ store }).personal();
    const yes = action(
      onlyCard(await chat.say('Can I accept a friend request from a parent?')),
      'Yes',
    );
    await chat.execute(yes.verb, yes.data);
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        documentTitle: 'Staff Social Media Policy',
        section: '3.1',
        helpful: true,
        userId: STAFF.aadObjectId,
        at: new Date(IN_DATE),
      }),
    );
    expect(record.mock.calls[0][0].answerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses tampered feedback without storing anything', async () => {
    const store = new MemoryStore();
    const chat = harness({ store }).personal();
    for (const data of [
      {},
      { answerId: 'a', helpful: 'yes' },
      { helpful: true },
      { answerId: 7, helpful: false },
    ]) {
      const result = await chat.execute(VERBS.feedback, data);
      expect(result.status).toBe(200);
      expect(result.message).toMatch(/could not record that feedback/);
    }
    expect(await store.feedback.counts()).toEqual({ helpful: 0, notHelpful: 0 });
  });

  it('keeps the answer and apologises when feedback cannot be saved', async () => {
    const store = new MemoryStore();
    const chat = harness({ store }).personal();
    const yes = action(
      onlyCard(await chat.say('Can I accept a friend request from a parent?')),
      'Yes',
    );
    jest.spyOn(store.feedback, 'record').mockRejectedValueOnce(new Error('disk full'));
    expect((await chat.execute(yes.verb, yes.data)).message).toMatch(
      /could not save your feedback/,
    );
    // Not counted as a vote, so the retry works.
    expect((await chat.execute(yes.verb, yes.data)).message).toBe(FEEDBACK_THANKS);
  });

  it('asks politely for a shorter question when it is too long, and answers nothing', async () => {
    const h = harness();
    const replies = await h
      .personal()
      .say(`Can I use my phone at lunchtime? ${'Please explain in detail. '.repeat(60)}`);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(
      /^That question is a bit long for me \(\d+ characters\)\. Please shorten it to under 1000 characters/,
    );
  });

  it('never writes the question text to the logs', async () => {
    const h = harness();
    await h.personal().say('Can I accept a friend request from a parent?');
    await h.personal().say('What is on the canteen menu on Friday?');
    const log = h.logLines.join('');
    expect(log).toContain('policy_answer');
    expect(log).not.toMatch(/canteen|friend request/i);
  });

  it('says the policy is not available when the library is not configured', async () => {
    const replies = await harness({ policies: null })
      .personal()
      .say('Can I use my phone at lunchtime?');
    expect(replies.map((r) => r.text)).toEqual([NO_LIBRARY_MESSAGE]);
  });

  it('still shows the welcome card for help, rather than treating it as a question', async () => {
    const card = onlyCard(await harness().personal().say('help'));
    expect(cardVerbs(card)).toContain(VERBS.reportStart);
  });
});

describe('asking from cards and with "ask"', () => {
  it("answers the welcome card's Ask box with a new answer message", async () => {
    const chat = harness().personal();
    const result = await chat.execute(VERBS.ask, { question: 'Can I use my phone at lunchtime?' });
    expect(result.status).toBe(200);
    expect(result.message).toBe('Answered below.');
    expect(cardText(onlyCard(result.replies))).toContain(
      'section 4.1, Personal use during the working day',
    );
  });

  it('shows an empty or over-long Ask box again with the problem next to the field', async () => {
    const chat = harness().personal();
    const empty = await chat.execute(VERBS.ask, { question: '   ' });
    expect(empty.status).toBe(200);
    expect(cardText(empty.card)).toContain('Please type your question in the box first.');
    const long = 'Can I? '.repeat(200);
    const tooLong = await chat.execute(VERBS.ask, { question: long });
    expect(cardText(tooLong.card)).toMatch(/Please shorten it to under 1000 characters/);
    expect(tooLong.replies).toHaveLength(0);
    const wrongType = await chat.execute(VERBS.ask, { question: { $ne: 1 } });
    expect(cardText(wrongType.card)).toContain('Please type your question in the box first.');
  });

  it('offers a question box from the Ask prompt button and for a bare "ask"', async () => {
    const chat = harness().personal();
    const prompt = await chat.execute(VERBS.askPrompt, {});
    expect(cardVerbs(prompt.card)).toEqual([VERBS.ask]);
    const bare = onlyCard(await chat.say('ask'));
    expect(cardText(bare)).toContain('Ask a policy question');
  });

  it('answers "ask <question>" in a channel only when the bot is @mentioned', async () => {
    const channel = harness().channel(STAFF);
    expect(await channel.say('ask can I use my phone at lunchtime?')).toHaveLength(0);
    const card = onlyCard(
      await channel.say('ask can I use my phone at lunchtime?', { mention: true }),
    );
    expect(cardText(card)).toContain('section 4.1');
  });

  it('in a channel, says to report privately instead of offering the personal report flow', async () => {
    const card = onlyCard(
      await harness()
        .channel(STAFF)
        .say('ask someone is posting abusive comments about me on Facebook', { mention: true }),
    );
    expect(readable(card)).toContain('section 5.1');
    expect(readable(card)).toContain('message me in a personal chat to report it privately');
    expect(cardVerbs(card)).not.toContain(VERBS.reportStart);
  });

  it('does not treat other @mentioned channel chatter as a question', async () => {
    const replies = await harness().channel(STAFF).say('thanks everyone', { mention: true });
    expect(replies.map((r) => r.text)).toEqual([CHANNEL_HINT]);
  });

  it('answers "ask <question>" in a personal chat the same as free text', async () => {
    const card = onlyCard(await harness().personal().say('Ask: can I use my phone at lunchtime?'));
    expect(cardText(card)).toContain('section 4.1');
  });
});

describe('admin reload', () => {
  it('re-indexes for an admin and reports documents, passages and files that failed', async () => {
    const updated = SOCIAL_MEDIA_POLICY.replace(
      '6.0 Photographs and videos',
      '5.5 Staff must not discuss pupils in staff WhatsApp groups.\n\n6.0 Photographs and videos',
    );
    let reloads = 0;
    const policies = staticPolicySource(fixtureLibrary(), async () => {
      reloads++;
      return {
        library: fixtureLibrary(updated),
        failed: [{ fileName: 'scanned-policy.pdf', reason: 'no text could be read' }],
      };
    });
    const h = harness({ policies });
    const before = cardText(
      onlyCard(await h.personal().say('Can staff talk about pupils in WhatsApp groups?')),
    );
    expect(before).not.toContain('section 5.5');

    const replies = await h.personal(ADMIN).say('reload');
    expect(reloads).toBe(1);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toContain('Reloaded the policy documents: 1 document, 10 passages.');
    expect(replies[0].text).toContain('1 file could not be read:');
    expect(replies[0].text).toContain('scanned-policy.pdf: no text could be read');

    const after = cardText(
      onlyCard(await h.personal().say('Can staff talk about pupils in WhatsApp groups?')),
    );
    expect(after).toContain('section 5.5');
    expect(h.logLines.join('')).toContain('"event":"policy_reload"');
  });

  it("reports the school's own words and any lines of that file it could not use", async () => {
    const policies = staticPolicySource(fixtureLibrary(), async () => ({
      library: PolicyLibrary.build(fixtureLibrary().documents, {
        schoolWords: SchoolWords.parse('Bluesky, Threads = social media').words,
      }),
      failed: [
        {
          fileName: 'school-words.txt',
          reason: 'line 4: expected one "=" between the staff words and the policy words',
        },
        { fileName: 'old-policy.docx', reason: 'not a Word file' },
      ],
    }));
    const replies = await harness({ policies }).personal(ADMIN).say('reload');
    expect(replies).toHaveLength(1);
    const text = replies[0].text ?? '';
    expect(text).toContain(
      'Reloaded the policy documents: 1 document, 9 passages and 2 school words.',
    );
    expect(text).toContain('1 file could not be read:');
    expect(text).toContain('old-policy.docx: not a Word file');
    expect(text).toContain('school-words.txt: 1 line was not used:');
    expect(text).toContain('line 4: expected one "=" between the staff words and the policy words');
  });

  it('refuses reload for staff and does not re-index', async () => {
    let reloads = 0;
    const policies = staticPolicySource(fixtureLibrary(), async () => {
      reloads++;
      return { library: fixtureLibrary() };
    });
    const h = harness({ policies });
    expect((await h.personal(STAFF).say('reload')).map((r) => r.text)).toEqual([RELOAD_REFUSED]);
    expect(reloads).toBe(0);
    expect(h.logLines.join('')).toContain('reload_refused');
  });

  it('keeps serving the previous library and says so when a reload fails', async () => {
    const policies = staticPolicySource(fixtureLibrary(), async () => {
      throw new Error('folder gone');
    });
    const h = harness({ policies });
    const replies = await h.personal(ADMIN).say('reload');
    expect(replies[0].text).toMatch(/could not be reloaded\. The previous version is still in use/);
    expect(
      cardText(onlyCard(await h.personal().say('Can I use my phone at lunchtime?'))),
    ).toContain('section 4.1');
  });
});

describe('with the sample policy shipped in policies/', () => {
  it('answers a staff question from the real files with a cited section and review details', async () => {
    const policies = await startPolicySource('policies', { watch: false });
    try {
      const h = new Harness(new MemoryStore(), testConfig(), fixedClock(IN_DATE), (deps) => ({
        ...deps,
        policies,
      }));
      const card = onlyCard(
        await h.personal().say('A pupil sent me a friend request. Can I accept it?'),
      );
      const text = readable(card);
      expect(text).toMatch(/^What our policy says$/m);
      expect(text).toMatch(/^.*Policy: section \d+\.\d+, .+$/m);
      expect(text).toMatch(/friend/i);
      expect(text).toMatch(/Last reviewed: .+ · Next review: .+/);
      expect(action(card, 'Report this').data).toEqual({ type: 'pupil_contact' });
    } finally {
      policies.close();
    }
  });
});

describe('fixture sanity', () => {
  it('loads the fixture as one document', () => {
    expect(fixtureLibrary().documents.map((d) => d.fileName)).toEqual([FIXTURE_FILE]);
  });
});
