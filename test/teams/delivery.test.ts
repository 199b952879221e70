import { ADMIN, cardText, DSL, HEAD, SLT_LEAD, STAFF, testConfig } from '../support/bot-harness';
import { callCard, SLT_CHANNEL, SltHarness } from '../support/slt-harness';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { sltHealth } from '../../src/teams/features/slt-setup';

describe('delivery to Teams through the outbox', () => {
  let slt: SltHarness;
  beforeEach(async () => {
    slt = await new SltHarness().start();
  });
  afterEach(async () => {
    await slt.stop();
  });

  it('posts a new report to the SLT channel once, with its reference and details', async () => {
    await slt.setup();
    const incident = await slt.submit();
    await slt.deliver();
    const posts = slt.cardPosts();
    expect(posts).toHaveLength(1);
    const text = cardText(callCard(posts[0]));
    expect(text).toContain(incident.reference);
    expect(text).toContain('Sam Teacher');
    expect(text).toContain('Facebook');
    expect(posts[0].activityId).toBeUndefined(); // a new top-level post, not a reply in a thread
    expect(await slt.store.incidents.getCardLocation(incident.id)).toMatchObject({
      activityId: expect.any(String),
    });

    // Delivered again (a worker died before marking it): the card is updated, not posted twice.
    await slt.delivery.handlers['slt.post_incident']({
      id: 'again',
      key: 'again',
      topic: 'slt.post_incident',
      payload: { incidentId: incident.id },
      attempts: 1,
      createdAt: '',
      nextAttemptAt: '',
    });
    expect(slt.cardPosts()).toHaveLength(1);
    expect(slt.connector.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('posts the card again if it was deleted in Teams (404 on update), and remembers the new one', async () => {
    await slt.setup();
    const incident = await slt.submit();
    await slt.deliver();
    const first = (await slt.store.incidents.getCardLocation(incident.id)) as {
      activityId: string;
    };
    await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .execute('triage.acknowledge', { incidentId: incident.id, version: 1 });
    slt.connector.failNext(1, 404);
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(2);
    const second = (await slt.store.incidents.getCardLocation(incident.id)) as {
      activityId: string;
    };
    expect(second.activityId).not.toBe(first.activityId);
    expect(cardText(callCard(slt.cardPosts()[1]))).toContain('Status: Open');
    const pending = await slt.store.outbox.undelivered();
    expect(pending.filter((m) => m.topic === 'slt.update_card')).toHaveLength(0);
  });

  it('retries after the connector fails and still posts exactly one card', async () => {
    await slt.setup();
    await slt.submit();
    // The connector client retries 5xx itself a few times; fail long enough to beat that.
    slt.connector.failNext(50, 500);
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(0);
    let [pending] = await slt.store.outbox.undelivered();
    expect(pending.topic).toBe('slt.post_incident');
    expect(pending.failedPermanently).toBeFalsy();
    expect(pending.lastError).toMatch(/500|Stub|fail/i);

    slt.connector.failNext(0);
    for (let i = 0; i < 3; i++) {
      slt.clock.advance(1500);
      await slt.deliver();
    }
    expect(slt.cardPosts()).toHaveLength(1);
    [pending] = await slt.store.outbox.undelivered();
    expect(pending).toBeUndefined();
  });

  it('waits for setup: a report submitted before the channel exists is posted once it is set up', async () => {
    const incident = await slt.submit();
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(0);
    await slt.setup();
    // No waiting out the retry back-off: set-up makes waiting channel posts due at once.
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(1);
    expect(cardText(callCard(slt.cardPosts()[0]))).toContain(incident.reference);
  });

  it('marks a 403 (bot removed from the team) as failed, shows it in status and health, and does not retry', async () => {
    await slt.setup();
    await slt.harness.personal(ADMIN).say('hello');
    await slt.submit();
    slt.connector.failNext(1, 403);
    await slt.deliver();
    slt.clock.advance(60_000);
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(0);
    const undelivered = await slt.store.outbox.undelivered();
    const failed = undelivered.find((m) => m.topic === 'slt.post_incident');
    expect(failed).toMatchObject({ failedPermanently: true });
    expect(failed?.lastError).toMatch(/403/);

    const [status] = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .say('status', { mention: true });
    expect(status.text).toMatch(/1 failed and not retried/);
    expect(status.text).toMatch(/report card for the SLT channel: FAILED/);
    expect(await sltHealth(slt.store)).toMatchObject({ configured: true, failedPermanently: 1 });
    // The admin is told in their personal chat.
    const alert = slt.connector.calls.find(
      (c) => c.conversationId === `a:personal-${ADMIN.aadObjectId}`,
    );
    expect(alert?.body.text).toMatch(/could not be delivered to Teams and will not be retried/);

    // Once the bot is back in the team, running setup again delivers what failed, exactly once.
    await slt.setup();
    await slt.deliver();
    await slt.deliver();
    expect(slt.cardPosts()).toHaveLength(1);
    expect(await sltHealth(slt.store)).toMatchObject({ failedPermanently: 0, undelivered: 0 });
  });

  it('posts only a placeholder for a confidential report and sends the details to the headteacher', async () => {
    await slt.setup();
    await slt.harness.personal(HEAD).say('hello');
    const incident = await slt.submit({
      type: 'staff_conduct',
      account: 'A colleague shared pupil photos privately.',
    });
    await slt.deliver();
    const channelPosts = slt.cardPosts();
    expect(channelPosts).toHaveLength(1);
    const channelText = cardText(callCard(channelPosts[0]));
    expect(channelText).toMatch(/confidential report was sent to Chris Head/i);
    expect(JSON.stringify(channelPosts[0].body)).not.toContain('pupil photos');
    expect(JSON.stringify(channelPosts[0].body)).not.toContain('Sam Teacher');

    const toHead = slt.connector.calls.find(
      (c) => c.conversationId === `a:personal-${HEAD.aadObjectId}`,
    );
    expect(cardText(callCard(toHead))).toContain('A colleague shared pupil photos privately.');
    expect(cardText(callCard(toHead))).toContain(incident.reference);
  });

  it('flags an urgent report and @mentions the DSL on the card', async () => {
    await slt.setup();
    await slt.submit({ type: 'radicalisation' }, 'urgent');
    await slt.deliver();
    const card = callCard(slt.cardPosts()[0]) as any;
    expect(cardText(card)).toContain('URGENT report');
    expect(cardText(card)).toContain(`<at>${DSL.name}</at>`);
    expect(card.msteams.entities).toEqual([
      {
        type: 'mention',
        text: `<at>${DSL.name}</at>`,
        mentioned: { id: DSL.aadObjectId, name: DSL.name },
      },
    ]);
  });

  it('escapes report text so it cannot add mentions or links to the SLT card', async () => {
    await slt.setup();
    await slt.submit({ where: '<at>Everyone</at> [click](http://evil.example)' });
    await slt.deliver();
    const text = cardText(callCard(slt.cardPosts()[0]));
    expect(text).not.toContain('<at>Everyone</at>');
    expect(text).not.toContain('[click](http');
    expect(text).toContain('\\<at\\>Everyone\\</at\\>');
  });

  it('fails a reporter notification permanently with a clear reason when their chat is unknown (local mode)', async () => {
    await slt.setup();
    const incident = await slt.submit();
    await slt.store.outbox.enqueue([
      {
        key: 'n1',
        topic: 'reporter.notify',
        payload: { incidentId: incident.id, statusLine: 'Hello' },
      },
    ]);
    await slt.deliver();
    const failed = (await slt.store.outbox.undelivered()).find((m) => m.key === 'n1');
    expect(failed).toMatchObject({ failedPermanently: true });
    expect(failed?.lastError).toMatch(/No personal chat/);
  });

  it('reports an unconfigured channel in health', async () => {
    expect(await sltHealth(new MemoryStore())).toEqual({
      configured: false,
      undelivered: 0,
      failedPermanently: 0,
    });
    void testConfig;
    void STAFF;
  });
});
