import { VERBS } from '../../../src/teams/verbs';
import { cardText, cardVerbs, OTHER_STAFF, SLT_LEAD, STAFF } from '../../support/bot-harness';
import { callCard, SLT_CHANNEL, SltHarness } from '../../support/slt-harness';

describe('questions to SLT', () => {
  let slt: SltHarness;
  const ASKER_CHAT = `a:personal-${STAFF.aadObjectId}`;
  const ask = () =>
    slt.harness.personal(STAFF).execute(VERBS.askSlt, {
      question: 'Can I accept a follow request from a former pupil who is now 20?',
      answerSummary: 'The policy does not cover former pupils over 19.',
    });
  const questionPosts = () =>
    slt.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === SLT_CHANNEL &&
        cardText(callCard(c)).includes('Question for SLT'),
    );

  beforeEach(async () => {
    slt = await new SltHarness().start();
    await slt.setup();
    await slt.reporterChats();
  });
  afterEach(async () => {
    await slt.stop();
  });

  it('posts the question and what the bot answered to the channel, once even if pressed twice', async () => {
    const first = await ask();
    expect(cardText(first.card)).toContain('Your question was sent to the senior leadership team');
    const again = await ask();
    expect(again.message).toMatch(/already sent that question/);
    await slt.deliver();
    expect(questionPosts()).toHaveLength(1);
    const text = cardText(callCard(questionPosts()[0]));
    expect(text).toContain('Can I accept a follow request from a former pupil who is now 20?');
    expect(text).toContain('The policy does not cover former pupils over 19.');
    expect(text).toContain('Asked by Sam Teacher');
    expect(cardVerbs(callCard(questionPosts()[0]))).toEqual([VERBS.sltQuestionAnswer]);
  });

  it("a leader's answer on the card reaches the asker's chat and the card shows it for everyone", async () => {
    await ask();
    await slt.deliver();
    const posted = questionPosts()[0];
    const questionId = (callCard(posted) as any).actions[0].data.questionId as string;

    const refused = await slt.harness
      .channel(OTHER_STAFF, SLT_CHANNEL)
      .execute(VERBS.sltQuestionAnswer, { questionId, answer: 'Sure' });
    expect(refused.message).toMatch(/only members of the senior leadership team/);

    const empty = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.sltQuestionAnswer, { questionId, answer: '  ' });
    expect(cardText(empty.card)).toContain('Please write the answer.');

    const answered = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.sltQuestionAnswer, {
        questionId,
        answer: 'No: treat former pupils like current ones until 21.',
      });
    expect(cardText(answered.card)).toContain('Sent to the member of staff.');
    expect(cardVerbs(answered.card)).toEqual([]);
    await slt.deliver();

    const toAsker = slt.connector.calls
      .filter((c) => c.conversationId === ASKER_CHAT)
      .map((c) => cardText(callCard(c)));
    expect(toAsker.join('\n')).toContain('No: treat former pupils like current ones until 21.');
    expect(toAsker.join('\n')).toContain('Pat Deputy answered');
    const where = (await slt.store.settings.get(`slt.question.${questionId}`)) as {
      activityId: string;
    };
    const update = slt.connector.calls.find(
      (c) =>
        c.method === 'PUT' && c.conversationId === SLT_CHANNEL && c.activityId === where.activityId,
    );
    expect(cardText(callCard(update))).toContain('Answered by Pat Deputy');

    const second = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.sltQuestionAnswer, { questionId, answer: 'Another answer' });
    expect(cardText(second.card)).toContain('already answered');
    expect(
      slt.connector.calls.filter(
        (c) => c.conversationId === ASKER_CHAT && cardText(callCard(c)).includes('Another answer'),
      ),
    ).toHaveLength(0);
  });

  it('answers a forged or empty ask politely', async () => {
    const empty = await slt.harness.personal(STAFF).execute(VERBS.askSlt, { question: 42 });
    expect(empty.message).toMatch(/could not find the question/);
    const unknown = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute(VERBS.sltQuestionAnswer, { questionId: 'nope', answer: 'x' });
    expect(unknown.message).toMatch(/could not be found/);
  });
});
