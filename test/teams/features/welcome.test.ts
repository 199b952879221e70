import { UNKNOWN_ACTION_MESSAGE } from '../../../src/teams/bot';
import { VERBS } from '../../../src/teams/verbs';
import { Harness, OTHER_STAFF, cardText, cardVerbs } from '../../support/bot-harness';

describe('welcome and help', () => {
  let harness: Harness;
  beforeEach(() => {
    harness = new Harness();
  });

  it('greets a member of staff who installs the bot personally with what it can do', async () => {
    const replies = await harness.personal().installed();
    expect(replies).toHaveLength(1);
    const text = cardText(replies[0].card);
    expect(text).toMatch(/Ask/);
    expect(text).toMatch(/Report/);
    expect(text).toMatch(/My reports/);
    expect(text).toContain('Test Academy');
    expect(cardVerbs(replies[0].card)).toEqual(
      expect.arrayContaining([VERBS.ask, VERBS.reportStart, VERBS.myReports]),
    );
  });

  it('explains the SLT set-up when added to a team', async () => {
    const replies = await harness.channel().installed();
    expect(replies).toHaveLength(1);
    const text = cardText(replies[0].card);
    expect(text).toMatch(/setup/);
    expect(text).toMatch(/senior leadership/i);
  });

  it('does not greet when someone else joins the conversation', async () => {
    const conversation = harness.personal();
    const replies = await harness.process({
      ...conversation.base(),
      type: 'conversationUpdate',
      membersAdded: [{ id: OTHER_STAFF.id, name: OTHER_STAFF.name }],
    });
    expect(replies).toHaveLength(0);
  });

  it.each(['help', 'Help', '  HELP ', 'hi', 'hello'])(
    'shows the welcome card for "%s"',
    async (text) => {
      const replies = await harness.personal().say(text);
      expect(replies).toHaveLength(1);
      expect(cardVerbs(replies[0].card)).toContain(VERBS.reportStart);
    },
  );

  it('answers help in a channel only when @mentioned', async () => {
    const channel = harness.channel();
    expect(await channel.say('help')).toHaveLength(0);
    const replies = await channel.say('help', { mention: true });
    expect(replies).toHaveLength(1);
    expect(cardText(replies[0].card)).toMatch(/setup/);
  });

  it('ignores unknown channel chatter without an @mention', async () => {
    expect(await harness.channel().say('see everyone at the staff briefing')).toHaveLength(0);
  });

  it('returns the welcome card from the help button', async () => {
    const result = await harness.personal().execute(VERBS.help);
    expect(result.status).toBe(200);
    expect(cardVerbs(result.card)).toContain(VERBS.reportStart);
  });

  it('answers an unknown or tampered verb politely instead of failing the invoke', async () => {
    const result = await harness.personal().execute('drop.tables', { x: 1 });
    expect(result.status).toBe(200);
    expect(result.message).toBe(UNKNOWN_ACTION_MESSAGE);
  });

  it('refuses activities from a tenant that is not allowed, silently', async () => {
    const { testConfig } = await import('../../support/bot-harness');
    const guarded = new Harness(undefined, testConfig({ ALLOWED_TENANTS: 'some-other-tenant' }));
    expect(await guarded.personal().say('help')).toHaveLength(0);
    expect(guarded.logLines.join('')).toContain('tenant_refused');
  });
});

describe('per-user rate limit', () => {
  it('answers politely once, then drops further turns until the minute passes', async () => {
    const { testConfig, STAFF } = await import('../../support/bot-harness');
    const { RATE_LIMIT_MESSAGE } = await import('../../../src/teams/bot');
    const harness = new Harness(undefined, testConfig({ RATE_LIMIT_PER_MINUTE: '2' }));
    const chat = harness.personal(STAFF);
    expect(await chat.say('help')).toHaveLength(1);
    expect(await chat.say('help')).toHaveLength(1);
    const limited = await chat.say('help');
    expect(limited.map((r) => r.text)).toEqual([RATE_LIMIT_MESSAGE]);
    expect(await chat.say('help')).toHaveLength(0);
    const invoke = await chat.execute(VERBS.help);
    expect(invoke.status).toBe(200);
    expect(invoke.message).toBe(RATE_LIMIT_MESSAGE);
    // Another member of staff is not affected.
    expect(await harness.personal(OTHER_STAFF).say('help')).toHaveLength(1);
    harness.clock.advance(61_000);
    expect(await chat.say('help')).toHaveLength(1);
  });
});
