import { TestAdapter, TurnContext } from 'botbuilder';
import type { Citation } from '../../../src/core/policy';
import {
  checkCitations,
  createAnswerWriter,
  formatPassages,
  GenerationFailedError,
} from '../../../src/teams/generative/answer-writer';
import { FakeOpenAI } from '../../support/fake-openai';

const PUPILS: Citation = {
  passageId: 'p.md#3',
  document: 'Staff Social Media Policy',
  fileName: 'p.md',
  section: '2.1',
  heading: 'Contact with pupils',
  excerpt: 'Employees must not accept friend requests from current pupils.',
  fullText:
    'Employees must not accept friend requests or follow requests from current pupils on any social media site or app.',
};
const FORMER: Citation = {
  ...PUPILS,
  passageId: 'p.md#4',
  section: '2.2',
  excerpt: 'Employees should not accept requests from former pupils under nineteen.',
  fullText:
    'Employees should not accept friend or follow requests from former pupils while they are under the age of nineteen.',
};

const QUESTION = 'Can I accept a friend request from a pupil?';

function context(): TurnContext {
  return new TurnContext(new TestAdapter(), { type: 'message', text: QUESTION });
}

describe('checkCitations', () => {
  it.each([
    ['You must not accept it [1].', 2, 'You must not accept it [1].', [1]],
    ['No [2]. Not until nineteen [1][2].', 2, 'No [2]. Not until nineteen [1][2].', [2, 1]],
    ['No [3]. Yes [1].', 2, 'No. Yes [1].', [1]],
    ['No [0] at all.', 1, 'No at all.', []],
    ['Nothing cited.', 1, 'Nothing cited.', []],
  ])('%s with %i passages -> %s', (raw, count, text, cited) => {
    expect(checkCitations(raw, count)).toEqual({ text, cited });
  });
});

describe('formatPassages', () => {
  it('numbers each passage with where it comes from', () => {
    expect(formatPassages([PUPILS, FORMER])).toBe(
      `[1] Staff Social Media Policy, section 2.1, Contact with pupils\n${PUPILS.fullText}\n\n[2] Staff Social Media Policy, section 2.2, Contact with pupils\n${FORMER.fullText}`,
    );
  });
});

describe('answer writer against a local OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await new FakeOpenAI().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const openai = () =>
    createAnswerWriter(
      { provider: 'openai', apiKey: 'sk-test', model: 'gpt-test', endpoint: `${fake.url}/v1` },
      { timeoutMs: 1500 },
    );

  it('sends only the retrieved passages and the question, and returns the cited answer', async () => {
    fake.reply({
      content:
        'No. You must not accept friend requests from current pupils [1], nor former pupils under nineteen [2].',
    });
    const result = await openai().write(context(), QUESTION, [PUPILS, FORMER]);
    expect(result).toEqual({
      text: 'No. You must not accept friend requests from current pupils [1], nor former pupils under nineteen [2].',
      cited: [1, 2],
    });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body.model).toBe('gpt-test');
    const [system, user, ...rest] = request.body.messages;
    expect(rest).toEqual([]);
    expect(system.role).toBe('system');
    expect(system.content).toContain(
      `[1] Staff Social Media Policy, section 2.1, Contact with pupils\n${PUPILS.fullText}`,
    );
    expect(system.content).toContain(
      `[2] Staff Social Media Policy, section 2.2, Contact with pupils\n${FORMER.fullText}`,
    );
    expect(system.content).toMatch(/ONLY the numbered policy passages/);
    expect(system.content.match(/^\[\d\] /gm)).toEqual(['[1] ', '[2] ']);
    expect(user).toEqual({ role: 'user', content: QUESTION });
  });

  it('keeps nothing between questions: each request carries only its own question', async () => {
    const writer = openai();
    await writer.write(context(), QUESTION, [PUPILS]);
    await writer.write(context(), 'Second question?', [FORMER]);
    const second = fake.requests[1].body.messages;
    expect(second).toHaveLength(2);
    expect(JSON.stringify(second)).not.toContain(QUESTION);
    expect(JSON.stringify(second)).not.toContain(PUPILS.fullText);
  });

  it.each([
    ['the model says the passages do not answer it', { content: 'NOT COVERED' }, 'not_covered'],
    ['the answer cites nothing we sent', { content: 'Ask your union [4].' }, 'no_citations'],
    ['the answer is empty', { content: '   ' }, 'empty'],
    ['the service fails', { status: 500 }, 'model_error'],
    ['the service refuses the key', { status: 401 }, 'model_error'],
  ])('fails with a reason when %s', async (_what, reply, reason) => {
    fake.reply(reply);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(openai().write(context(), QUESTION, [PUPILS])).rejects.toMatchObject({
        name: 'GenerationFailedError',
        reason,
      });
    } finally {
      log.mockRestore();
    }
    expect(fake.requests).toHaveLength(1); // no retries: the plain answer is shown instead
  });

  it('gives up after the timeout', async () => {
    fake.reply({ content: 'Too late [1].', delayMs: 3000 });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const started = Date.now();
    try {
      await expect(openai().write(context(), QUESTION, [PUPILS])).rejects.toBeInstanceOf(
        GenerationFailedError,
      );
    } finally {
      log.mockRestore();
    }
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('calls the Azure OpenAI deployment path with the api key header', async () => {
    // Azure endpoints must be https; the client's fetch is pointed at the local server instead.
    const toLocal: typeof fetch = (input, init) =>
      fetch(String(input).replace('https://school-ai.openai.azure.com', fake.url), init);
    const writer = createAnswerWriter(
      {
        provider: 'azure',
        apiKey: 'azure-key',
        endpoint: 'https://school-ai.openai.azure.com',
        deployment: 'policy-gpt',
      },
      { timeoutMs: 1500, clientOptions: { fetch: toLocal as never } },
    );
    fake.reply({ content: 'No [1].' });
    expect(await writer.write(context(), QUESTION, [PUPILS])).toEqual({
      text: 'No [1].',
      cited: [1],
    });
    const request = fake.requests[0];
    expect(request.path).toMatch(
      /^\/openai\/deployments\/policy-gpt\/chat\/completions\?api-version=/,
    );
    expect(request.headers['api-key']).toBe('azure-key');
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: QUESTION });
  });
});
