import { fixedClock } from '../../../src/core/clock';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import { AI_LABEL } from '../../../src/teams/features/policy-answers';
import { VERBS } from '../../../src/teams/verbs';
import { Harness, cardText, cardVerbs, testConfig, type Reply } from '../../support/bot-harness';
import { FakeOpenAI } from '../../support/fake-openai';
import { fixturePolicies } from '../../support/policy-fixture';

const AT = '2026-03-02T09:00:00Z';
const PARENTS_3_1 =
  'Employees should not accept friend requests from parents or carers of pupils at the school';
const PHOTOS_6_1 =
  'Employees must not post photographs or videos of pupils on personal social media accounts.';

function readable(card: unknown): string {
  return cardText(card).replace(/\\([\\`*_{}[\]()#+!|~<>.=-])/g, '$1');
}

function onlyReply(replies: Reply[]): Reply {
  expect(replies).toHaveLength(1);
  expect(replies[0].card).toBeDefined();
  return replies[0];
}

describe('generative answers (teams-ai ActionPlanner against a local fake model)', () => {
  let fake: FakeOpenAI;
  let harness: Harness;
  beforeEach(async () => {
    fake = await new FakeOpenAI().start();
    const config = testConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'gpt-test',
      OPENAI_ENDPOINT: `${fake.url}/v1`,
    });
    harness = new Harness(new MemoryStore(), config, fixedClock(AT), (deps) => ({
      ...deps,
      policies: fixturePolicies(),
    }));
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("shows the model's short answer with numbered citations, the AI label and the quoted policy", async () => {
    fake.answerWith(
      'No. Only accept a request from a parent if you have declared an existing relationship to the headteacher [1].',
    );
    const reply = onlyReply(
      await harness.personal().say('Can I accept a friend request from a parent?'),
    );
    const text = readable(reply.card);
    expect(text).toContain(
      'No. Only accept a request from a parent if you have declared an existing relationship to the headteacher [1].',
    );
    expect(text).toContain('[1] Staff Social Media Policy: section 3.1, Contact with parents');
    expect(text).toContain(AI_LABEL);
    // The quoted passage is still there to check against.
    expect(text).toContain(
      'Any communication with parents about school matters must use the school email system.',
    );
    expect(cardVerbs(reply.card)).toEqual(
      expect.arrayContaining([VERBS.showSection, VERBS.feedback]),
    );
    // Teams' own "AI generated" label and citation pill.
    expect(reply.entities).toEqual([
      expect.objectContaining({
        additionalType: ['AIGeneratedContent'],
        citation: [
          expect.objectContaining({
            position: 1,
            appearance: expect.objectContaining({ name: 'Staff Social Media Policy 3.1' }),
          }),
        ],
      }),
    ]);
  });

  it('sends the model only the retrieved passages and the question', async () => {
    await harness.personal().say('Can I accept a friend request from a parent?');
    expect(fake.requests).toHaveLength(1);
    const messages = fake.requests[0].body.messages;
    expect(messages.at(-1)).toEqual({
      role: 'user',
      content: 'Can I accept a friend request from a parent?',
    });
    const prompt = fake.lastPrompt();
    expect(prompt).toContain(PARENTS_3_1);
    // Nothing else from the policy, the conversation or the people in it.
    expect(prompt).not.toContain(PHOTOS_6_1);
    expect(prompt).not.toMatch(/Sam Teacher|aad-staff|Test Academy|Jo Safeguarding/);
  });

  it('never calls the model when retrieval abstains', async () => {
    const reply = onlyReply(await harness.personal().say('What is on the canteen menu on Friday?'));
    expect(readable(reply.card)).toContain("Our policy doesn't cover that.");
    expect(readable(reply.card)).not.toContain(AI_LABEL);
    expect(fake.requests).toHaveLength(0);
  });

  it('falls back to the plain cited card when the model fails, without the AI label', async () => {
    fake.reply({ status: 500 });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let reply: Reply;
    try {
      reply = onlyReply(
        await harness.personal().say('Can I accept a friend request from a parent?'),
      );
    } finally {
      log.mockRestore();
    }
    const text = readable(reply.card);
    expect(text.split('\n')[1]).toMatch(
      /^Employees should not accept friend requests from parents/,
    );
    expect(text).not.toContain(AI_LABEL);
    expect(reply.entities ?? []).toEqual([]);
    const logs = harness.logLines.join('');
    expect(logs).toContain('"event":"generative_failed"');
    expect(logs).toContain('"reason":"model_error"');
    expect(logs).not.toContain('friend request');
  });

  it('falls back when the model answers without citing the passages', async () => {
    fake.reply({ content: 'Probably fine, use your judgement.' });
    const reply = onlyReply(
      await harness.personal().say('Can I accept a friend request from a parent?'),
    );
    expect(readable(reply.card)).not.toContain('use your judgement');
    expect(readable(reply.card)).not.toContain(AI_LABEL);
  });

  it('answers the Ask button the same way', async () => {
    fake.answerWith('Only at breaks and lunchtimes, away from pupils [1].');
    const result = await harness
      .personal()
      .execute(VERBS.ask, { question: 'Can I use my phone at lunchtime?' });
    expect(result.message).toBe('Answered below.');
    const text = readable(onlyReply(result.replies).card);
    expect(text).toContain('Only at breaks and lunchtimes, away from pupils [1].');
    expect(text).toContain(AI_LABEL);
  });
});

describe('generative mode is off by default', () => {
  it('answers from retrieval alone when no model is configured', async () => {
    const fake = await new FakeOpenAI().start();
    try {
      const h = new Harness(new MemoryStore(), testConfig(), fixedClock(AT), (deps) => ({
        ...deps,
        policies: fixturePolicies(),
      }));
      expect(h.deps.config.generative).toBeUndefined();
      const reply = onlyReply(
        await h.personal().say('Can I accept a friend request from a parent?'),
      );
      expect(readable(reply.card)).not.toContain(AI_LABEL);
      expect(fake.requests).toHaveLength(0);
      expect(h.logLines.join('')).toContain('"generative":"off"');
    } finally {
      await fake.stop();
    }
  });
});
