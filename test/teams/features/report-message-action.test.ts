import { MemoryStore } from '../../../src/infra/store/memory-store';
import {
  NO_CHAT_TEXT,
  NO_TEXT_TEXT,
  STARTED_TEXT,
  evidenceFromPayload,
  htmlToText,
} from '../../../src/teams/features/report-message-action';
import { VERBS } from '../../../src/teams/verbs';
import {
  Harness,
  STAFF,
  cardText,
  testConfig,
  type TestConversation,
} from '../../support/bot-harness';
import { cardInputs, enableProactive, press } from '../../support/report-flow-support';

const FETCH_TASK = 'composeExtension/fetchTask';

function reportMessageInvoke(content: string, author = 'Troll Account', contentType = 'html') {
  return {
    commandId: 'reportMessage',
    commandContext: 'message',
    messagePayload: {
      id: '1700000000000',
      body: { contentType, content },
      from: { user: { id: 'u-1', displayName: author } },
      createdDateTime: '2026-11-20T09:30:00.000Z',
      linkToMessage: 'https://teams.microsoft.com/l/message/19:abc/1700000000000',
    },
  };
}

function taskText(result: { body?: Record<string, unknown> }): string | undefined {
  const task = result.body?.task as { type?: string; value?: unknown } | undefined;
  return task?.type === 'message' ? String(task.value) : undefined;
}

async function walk(
  me: TestConversation,
  card: Record<string, unknown> | undefined,
  steps: Record<string, unknown>[],
) {
  let current = card;
  for (const values of steps) current = (await press(me, current, VERBS.reportStep, values)).card;
  return current;
}

describe('"Report this message" message action', () => {
  let harness: Harness;
  beforeEach(() => {
    harness = new Harness(new MemoryStore(), testConfig({ RATE_LIMIT_PER_MINUTE: '10000' }));
    enableProactive(harness);
  });

  it('starts a report in the personal chat with the message text and author kept as evidence', async () => {
    const me = harness.personal(STAFF);
    await me.say('hi'); // the personal chat exists, so the bot knows where to reach this person
    const channel = harness.channel(STAFF, '19:staffroom@thread.tacv2');
    const result = await channel.invoke(
      FETCH_TASK,
      reportMessageInvoke(
        '<p>You&#39;re a <b>disgrace</b> &amp; everyone knows it</p><p>Watch out</p>',
      ),
    );
    expect(result.status).toBe(200);
    expect(taskText(result)).toBe(STARTED_TEXT);

    // The first card went to the personal chat, not the channel.
    const sent = result.replies.filter((r) => r.card);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversation?.id).toBe(me.conversation.id);
    expect(cardInputs(sent[0]!.card)).toContain('type');
    expect(cardText(sent[0]!.card)).toMatch(/message you chose to report is kept/);

    // Carry on in the personal chat: the evidence step shows the message, the report keeps it.
    let card = await walk(me, sent[0]!.card, [
      { type: 'online_abuse' },
      {
        account: 'Abusive replies under my post in the staff room channel.',
        occurredDate: '2026-11-20',
        where: 'Teams',
        threatsOrHate: 'true',
      },
      { involvedRole: 'unknown' },
    ]);
    expect(cardText(card)).toContain("You're a disgrace & everyone knows it\nWatch out");
    expect(cardText(card)).toContain('From Troll Account');
    card = await walk(me, card, [
      { evidenceKept: 'yes' },
      { actionsTaken: 'did_not_respond' },
      { toldDsl: 'no' },
    ]);
    const receipt = (await press(me, card, VERBS.reportSubmit)).card;
    expect(cardText(receipt)).toContain('Report sent');
    const [incident] = await harness.store.incidents.list();
    expect(incident!.report.evidence.fromMessage).toEqual({
      authorName: 'Troll Account',
      text: "You're a disgrace & everyone knows it\nWatch out",
      sentAt: '2026-11-20T09:30:00.000Z',
    });
    expect(incident!.urgency).toBe('high');
    expect(harness.logLines.join('')).not.toContain('disgrace');
  });

  it('asks the person to open a personal chat first when there is none, and keeps nothing', async () => {
    const channel = harness.channel(STAFF);
    const result = await channel.invoke(FETCH_TASK, reportMessageInvoke('<p>hello</p>'));
    expect(result.status).toBe(200);
    expect(taskText(result)).toBe(NO_CHAT_TEXT);
    expect(result.replies.filter((r) => r.card)).toHaveLength(0);
  });

  it('says so when the message has no text to keep', async () => {
    await harness.personal(STAFF).say('hi');
    const result = await harness
      .channel(STAFF)
      .invoke(FETCH_TASK, reportMessageInvoke('<img src="x.png">'));
    expect(taskText(result)).toBe(NO_TEXT_TEXT);
  });

  it('offers to finish an open report first, or report the message instead', async () => {
    const me = harness.personal(STAFF);
    await me.say('hi');
    await me.execute(VERBS.reportStart, { type: 'pupil_contact' });
    const result = await harness
      .channel(STAFF)
      .invoke(FETCH_TASK, reportMessageInvoke('<p>add me back</p>'));
    expect(taskText(result)).toBe(STARTED_TEXT);
    const offer = result.replies.find((r) => r.card)!.card;
    expect(cardText(offer)).toContain('You have a report in progress');
    const fresh = await press(me, offer, VERBS.reportRestart);
    expect(cardInputs(fresh.card)).toContain('type');
    expect(cardText(fresh.card)).toMatch(/message you chose to report is kept/);
  });

  it('drops the message when the report is about indecent images', async () => {
    const me = harness.personal(STAFF);
    await me.say('hi');
    const result = await harness
      .channel(STAFF)
      .invoke(FETCH_TASK, reportMessageInvoke('<p>an image description</p>'));
    const first = result.replies.find((r) => r.card)!.card;
    let card = (await press(me, first, VERBS.reportStep, { type: 'indecent_images' })).card;
    card = (await press(me, card, VERBS.reportStep)).card; // speak to the DSL first
    card = await walk(me, card, [
      {
        account: 'I was sent an indecent image of a pupil.',
        occurredDate: '2026-11-20',
        where: 'Teams chat',
      },
      { involvedRole: 'unknown' },
      { actionsTaken: 'told_dsl_in_person' },
      { toldDsl: 'yes' },
    ]);
    expect(JSON.stringify(card)).not.toContain('an image description');
    await press(me, card, VERBS.reportSubmit);
    const [incident] = await harness.store.incidents.list();
    expect(incident!.report.evidence).toEqual({ kept: 'not_collected' });
  });

  it('never fails the invoke, even when the proactive send fails', async () => {
    await harness.personal(STAFF).say('hi');
    (
      harness.adapter as unknown as { continueConversationAsync: () => Promise<void> }
    ).continueConversationAsync = async () => {
      throw new Error('connector down');
    };
    const result = await harness.channel(STAFF).invoke(FETCH_TASK, reportMessageInvoke('<p>x</p>'));
    expect(result.status).toBe(200);
    expect(taskText(result)).toMatch(/something went wrong/i);
  });
});

describe('message text from Teams HTML', () => {
  it.each([
    ['<p>one</p><p>two</p>', 'one\ntwo'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    ['&lt;script&gt; &amp; &#x1F600; &#65;', '<script> & 😀 A'],
    ['<at>Sam</at> hello', 'Sam hello'],
    ['<style>p{}</style>visible', 'visible'],
  ])('%s', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('reads plain text bodies as they are and ignores junk payloads', () => {
    expect(
      evidenceFromPayload({ body: { contentType: 'text', content: ' <b>kept</b> ' } })?.text,
    ).toBe('<b>kept</b>');
    expect(evidenceFromPayload('junk')).toBeUndefined();
    expect(evidenceFromPayload({ body: { content: 42 } })).toBeUndefined();
    expect(evidenceFromPayload({ body: { content: 'x' }, from: {} })?.authorName).toBe(
      'Unknown sender',
    );
  });
});
