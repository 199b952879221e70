import { fixedClock } from '../../../src/core/clock';
import { FEEDBACK_REFUSED_MESSAGE } from '../../../src/core/policy/answer-feedback';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import {
  answerFeedbackCard,
  FEEDBACK_PERSONAL_ONLY,
  FEEDBACK_UNAVAILABLE,
  NO_VOTES_YET,
} from '../../../src/teams/features/answer-feedback';
import { LEADER_NOTE } from '../../../src/teams/features/welcome';
import { SLT_ROSTER_KEY } from '../../../src/teams/slt-state';
import { VERBS } from '../../../src/teams/verbs';
import {
  ADMIN,
  DSL,
  HEAD,
  Harness,
  OTHER_STAFF,
  SLT_LEAD,
  STAFF,
  cardText,
  testConfig,
  type Reply,
  type TestConversation,
  type TestUser,
} from '../../support/bot-harness';
import { fixturePolicies } from '../../support/policy-fixture';

/** Before the fixture policy's next review date, so answers carry no "out of date" note. */
const VOTED_AT = '2026-03-02T09:00:00Z';
const THIRD_STAFF: TestUser = { id: '29:staff-3', aadObjectId: 'aad-staff-3', name: 'Kim Tutor' };
const DAY = 24 * 60 * 60 * 1000;

function harness(env: Record<string, string> = {}, store = new MemoryStore()) {
  const policies = fixturePolicies();
  return new Harness(store, testConfig(env), fixedClock(VOTED_AT), (deps) => ({
    ...deps,
    policies,
  }));
}

/** A member of staff asks, then presses Yes or No under the answer, as on the real card. */
async function askAndVote(chat: TestConversation, question: string, helpful: boolean) {
  const [answer] = await chat.say(question);
  const button = findAction(answer.card, helpful ? 'Yes' : 'No');
  const result = await chat.execute(button.verb, button.data);
  expect(result.message).toMatch(/Thank you for your feedback/);
}

function findAction(card: unknown, title: string): { verb: string; data: Record<string, unknown> } {
  let found: { verb: string; data: Record<string, unknown> } | undefined;
  const walk = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute' && n.title === title && n.verb === VERBS.feedback)
      found = { verb: String(n.verb), data: (n.data ?? {}) as Record<string, unknown> };
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no "${title}" feedback button on the card`);
  return found;
}

/** What a reader sees: card text without the markdown escapes added for safety. */
function readable(replies: Reply[]): string {
  return replies
    .map((r) => (r.card ? cardText(r.card) : (r.text ?? '')))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+!|~<>.=-])/g, '$1');
}

const PARENT_REQUEST = 'Can I accept a friend request from a parent?'; // section 3.1
const FORMER_PUPILS = 'Can I accept follow requests from former pupils?'; // section 2.2
const PHONE_AT_LUNCH = 'Can I use my phone at lunchtime?'; // section 4.1

describe('"feedback": how helpful staff find the policy answers', () => {
  it('shows an SLT member the votes staff gave, by section, without saying who voted', async () => {
    const h = harness();
    await askAndVote(h.personal(STAFF), PARENT_REQUEST, false);
    await askAndVote(h.personal(OTHER_STAFF), PARENT_REQUEST, false);
    await askAndVote(h.personal(THIRD_STAFF), PARENT_REQUEST, true);
    await askAndVote(h.personal(STAFF), FORMER_PUPILS, false);
    await askAndVote(h.personal(STAFF), PHONE_AT_LUNCH, true);
    h.logLines.splice(0);

    const replies = await h.personal(SLT_LEAD).say('feedback');
    expect(replies).toHaveLength(1);
    const text = readable(replies);
    expect(text).toContain('How helpful staff find the policy answers');
    expect(text).toContain(
      'Last 90 days (since 2 Dec 2025): 2 helpful, 3 not helpful (40% helpful)',
    );
    expect(text).toContain('All time: 2 helpful, 3 not helpful (40% helpful)');
    expect(text).toContain('Sections most often marked not helpful (last 90 days)');
    const lines = text.split('\n');
    const first = lines.indexOf('Staff Social Media Policy · section 3.1');
    const second = lines.indexOf('Staff Social Media Policy · section 2.2');
    expect(first).toBeGreaterThan(-1);
    expect(lines[first + 1]).toBe('2 of 3 votes not helpful (67%)');
    expect(second).toBeGreaterThan(first);
    expect(lines[second + 1]).toBe('1 of 1 vote not helpful (100%)');
    // Section 4.1 was only ever marked helpful.
    expect(text).not.toContain('section 4.1');
    expect(text).toMatch(/never shows who voted/);
    for (const who of [STAFF, OTHER_STAFF, THIRD_STAFF])
      expect(text).not.toMatch(new RegExp(`${who.name}|${who.aadObjectId}`));

    const log = h.logLines.join('');
    expect(log).toContain('answer_feedback.shown');
    // Timestamps aside (they can contain "3.1"), no id, name, document or section reaches the log.
    const logged = h.logLines.map((line) => {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    expect(logged.join('\n')).not.toMatch(/aad-slt-1|Pat Deputy|Staff Social Media Policy|3\.1/);
  });

  it.each([
    ['the DSL', DSL],
    ['the headteacher', HEAD],
    ['an admin who is not SLT', ADMIN],
  ])('shows it to %s too', async (_label, user) => {
    const h = harness();
    await askAndVote(h.personal(STAFF), PARENT_REQUEST, false);
    const text = readable(await h.personal(user).say('Feedback'));
    expect(text).toContain('All time: 0 helpful, 1 not helpful (0% helpful)');
    expect(text).toContain('Staff Social Media Policy · section 3.1');
  });

  it('refuses a member of staff politely, shows no counts and logs no one', async () => {
    const h = harness();
    await askAndVote(h.personal(OTHER_STAFF), PARENT_REQUEST, false);
    h.logLines.splice(0);
    const replies = await h.personal(STAFF).say('feedback');
    expect(replies.map((r) => r.text)).toEqual([FEEDBACK_REFUSED_MESSAGE]);
    expect(replies[0].card).toBeUndefined();
    const log = h.logLines.join('');
    expect(log).toContain('answer_feedback.refused');
    expect(log).not.toMatch(/aad-staff-1|Sam Teacher/);
  });

  it('in a channel, asks the leader to use a personal chat and shows nothing there', async () => {
    const h = harness();
    await askAndVote(h.personal(STAFF), PARENT_REQUEST, false);
    const replies = await h.channel(SLT_LEAD).say('feedback', { mention: true });
    expect(replies).toHaveLength(1);
    const text = readable(replies);
    expect(text).toContain(FEEDBACK_PERSONAL_ONLY);
    expect(text).toContain('[Open a chat with me]');
    expect(text).not.toMatch(/helpful \(|section 3\.1/);
    // Without an @mention the bot stays quiet in a channel, as for every command.
    expect(await h.channel(SLT_LEAD).say('feedback')).toHaveLength(0);
  });

  it('says there are no votes yet when nobody has rated an answer', async () => {
    const replies = await harness().personal(SLT_LEAD).say('feedback');
    expect(replies.map((r) => r.text)).toEqual([NO_VOTES_YET]);
  });

  it('keeps older votes in the all-time line and out of the last 90 days', async () => {
    const h = harness();
    await askAndVote(h.personal(STAFF), PARENT_REQUEST, false);
    await askAndVote(h.personal(OTHER_STAFF), PARENT_REQUEST, true);
    h.clock.advance(100 * DAY);
    const text = readable(await h.personal(SLT_LEAD).say('feedback'));
    expect(text).toContain('Last 90 days (since 12 Mar 2026): No votes');
    expect(text).toContain('All time: 1 helpful, 1 not helpful (50% helpful)');
    expect(text).toContain('No section was marked not helpful in the last 90 days.');
    expect(text).not.toContain('section 3.1');
  });

  it('recognises SLT from the team roster in a personal chat (no SLT_IDS configured)', async () => {
    const store = new MemoryStore();
    await store.settings.set(SLT_ROSTER_KEY, {
      members: [{ id: SLT_LEAD.aadObjectId, name: SLT_LEAD.name }],
      fetchedAt: VOTED_AT,
    });
    const h = harness({ SLT_IDS: '' }, store);
    await askAndVote(h.personal(STAFF), PARENT_REQUEST, false);
    expect(readable(await h.personal(SLT_LEAD).say('feedback'))).toContain(
      'Staff Social Media Policy · section 3.1',
    );
    expect((await h.personal(OTHER_STAFF).say('feedback'))[0].text).toBe(FEEDBACK_REFUSED_MESSAGE);
  });

  it('apologises plainly when the records cannot be reached', async () => {
    const store = new MemoryStore();
    const h = harness({}, store);
    store.setUnavailable(true);
    const [reply] = await h.personal(SLT_LEAD).say('feedback');
    expect(reply.text).toBe(FEEDBACK_UNAVAILABLE);
    expect(h.logLines.join('')).toContain('answer_feedback.failed');
  });
});

describe('the feedback card', () => {
  it('shows document titles and sections as plain text, and names a vote whose section was not recorded', () => {
    const card = answerFeedbackCard({
      period: { days: 90, since: '2026-08-22T09:00:00.000Z', helpful: 0, notHelpful: 2 },
      allTime: { helpful: 0, notHelpful: 2 },
      sections: [
        {
          documentTitle: 'Policy [click](https://evil.example)',
          section: '**Devices**',
          helpful: 0,
          notHelpful: 1,
          notHelpfulShare: 1,
        },
        { helpful: 0, notHelpful: 1, notHelpfulShare: 1 },
      ],
    });
    const text = cardText(card);
    expect(text).toContain('Policy \\[click\\]\\(https://evil.example\\) · \\*\\*Devices\\*\\*');
    expect(text).toContain('Document not recorded · section not recorded');
  });
});

describe('help lists "feedback" for those who can use it', () => {
  it.each([
    ['SLT', true, SLT_LEAD],
    ['an admin', true, ADMIN],
    ['staff', false, STAFF],
  ])('%s: listed %s', async (_label, listed, user) => {
    const text = readable(await harness().personal(user).say('help'));
    if (listed) expect(text).toContain(LEADER_NOTE);
    else expect(text).not.toContain('feedback');
  });

  it('the SLT team welcome mentions it, for a personal chat', async () => {
    const text = readable(await harness().channel(SLT_LEAD).say('help', { mention: true }));
    expect(text).toContain('senior leaders can type **feedback**');
  });
});
