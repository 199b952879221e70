import { VERBS } from '../../../src/teams/verbs';
import {
  ADMIN,
  cardText,
  DSL,
  OTHER_STAFF,
  SLT_LEAD,
  STAFF,
  testConfig,
} from '../../support/bot-harness';
import { SLT_CHANNEL, SltHarness } from '../../support/slt-harness';
import { Harness } from '../../support/bot-harness';

describe('setting up the SLT channel', () => {
  let slt: SltHarness;
  afterEach(async () => {
    await slt?.stop();
  });

  it('lets an admin choose any channel (not only General) and remembers it for proactive posts', async () => {
    slt = await new SltHarness().start();
    const otherChannel = '19:safeguarding-leads@thread.tacv2';
    const [reply] = await slt.harness.channel(ADMIN, otherChannel).say('setup', { mention: true });
    expect(reply.text).toMatch(/new reports will be posted in this channel/);
    const stored = (await slt.store.settings.get('slt.channel')) as any;
    expect(stored.channelId).toBe(otherChannel);
    expect(stored.reference.conversation.id).toBe(otherChannel); // not the ";messageid=" thread of the setup message
    expect(stored.reference.activityId).toBeUndefined();
    expect(stored.setBy).toBe(ADMIN.aadObjectId);

    const incident = await slt.submit();
    await slt.deliver();
    const post = slt.connector.calls.find(
      (c) => c.method === 'POST' && c.conversationId === otherChannel,
    );
    expect(JSON.stringify(post?.body)).toContain(incident.reference);
  });

  it('refuses setup by anyone who is not a configured admin, and changes nothing', async () => {
    slt = await new SltHarness().start();
    for (const user of [SLT_LEAD, STAFF]) {
      const [reply] = await slt.harness.channel(user, SLT_CHANNEL).say('setup', { mention: true });
      expect(reply.text).toMatch(/only an administrator/);
    }
    expect(await slt.store.settings.get('slt.channel')).toBeUndefined();
    expect(slt.harness.logLines.filter((l) => l.includes('"slt.setup_refused"'))).toHaveLength(2);
  });

  it('asks an admin to run setup in the channel itself when they try it in a personal chat', async () => {
    slt = await new SltHarness().start();
    const [reply] = await slt.harness.personal(ADMIN).say('setup');
    expect(reply.text).toMatch(/run \*\*setup\*\* in the Teams channel/);
    expect(await slt.store.settings.get('slt.channel')).toBeUndefined();
  });

  it('status says whether the channel is configured and that nothing is waiting', async () => {
    slt = await new SltHarness().start();
    const [before] = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .say('status', { mention: true });
    expect(before.text).toMatch(/SLT channel:\*\* not set up yet/);
    await slt.setup();
    const [after] = await slt.harness
      .channel(SLT_LEAD, SLT_CHANNEL)
      .say('status', { mention: true });
    expect(after.text).toMatch(/SLT channel:\*\* set up on/);
    expect(after.text).toMatch(/3 configured by id/);
    expect(after.text).toMatch(/everything has been delivered/);
  });

  describe('without SLT_IDS: membership from the team roster', () => {
    const rosterConfig = () => testConfig({ SLT_IDS: '' });
    const setupActivity = (serviceUrl = '') => ({
      type: 'message',
      id: 'setup-1',
      channelId: 'msteams',
      serviceUrl,
      from: { id: ADMIN.id, aadObjectId: ADMIN.aadObjectId, name: ADMIN.name },
      recipient: { id: '28:bot-id', name: 'Safeguard' },
      conversation: {
        name: '',
        id: `${SLT_CHANNEL};messageid=setup-1`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'tenant-school-1',
      },
      channelData: {
        tenant: { id: 'tenant-school-1' },
        team: { id: '19:slt-team@thread.tacv2' },
        channel: { id: SLT_CHANNEL },
      },
      text: '<at>Safeguard</at> setup',
      entities: [
        {
          type: 'mention',
          text: '<at>Safeguard</at>',
          mentioned: { id: '28:bot-id', name: 'Safeguard' },
        },
      ],
    });

    it('reads the roster at setup, so team members can triage and others cannot; a restart keeps it', async () => {
      slt = await new SltHarness(rosterConfig()).start();
      slt.rosterMembers = [
        { id: SLT_LEAD.id, aadObjectId: SLT_LEAD.aadObjectId, name: SLT_LEAD.name },
        { id: ADMIN.id, aadObjectId: ADMIN.aadObjectId, name: ADMIN.name },
      ];
      await slt.viaConnector(setupActivity());
      const confirmation = slt.connector.calls.find(
        (c) => c.method === 'POST' && /read from this team's roster/.test(c.body.text ?? ''),
      );
      expect(confirmation?.body.text).toMatch(/SLT members: 2/);
      expect(
        slt.connector.calls.some(
          (c) =>
            c.method === 'GET' &&
            c.path.includes('/v3/conversations/19:slt-team@thread.tacv2/pagedmembers'),
        ),
      ).toBe(true);

      const incident = await slt.submit();
      const ok = await slt.harness
        .channel(SLT_LEAD, SLT_CHANNEL)
        .execute(VERBS.triageAcknowledge, { incidentId: incident.id, version: 1 });
      expect(cardText(ok.card)).toContain('You acknowledged this report.');

      // A restart: a fresh role directory over the same store still knows the roster.
      const restarted = new Harness(slt.store, rosterConfig(), slt.clock);
      const [queue] = await restarted.channel(SLT_LEAD, SLT_CHANNEL).say('open', { mention: true });
      expect(cardText(queue.card)).toContain(incident.reference);
      const [refused] = await restarted.channel(STAFF, SLT_CHANNEL).say('open', { mention: true });
      expect(refused.text).toMatch(/only members of the senior leadership team/);
      // The DSL is SLT by configuration even when not on the roster.
      const [dsl] = await restarted.channel(DSL, SLT_CHANNEL).say('open', { mention: true });
      expect(dsl.card).toBeDefined();
    });

    it('recognises someone added to the SLT team later, re-reading the roster when they first act', async () => {
      slt = await new SltHarness(rosterConfig()).start();
      slt.rosterMembers = [
        { id: SLT_LEAD.id, aadObjectId: SLT_LEAD.aadObjectId, name: SLT_LEAD.name },
      ];
      await slt.viaConnector(setupActivity());
      const incident = await slt.submit();
      slt.rosterMembers.push({
        id: OTHER_STAFF.id,
        aadObjectId: OTHER_STAFF.aadObjectId,
        name: OTHER_STAFF.name,
      });
      const press = () =>
        slt.viaConnector({
          ...setupActivity(),
          id: `press-${Math.random()}`,
          type: 'invoke',
          name: 'adaptiveCard/action',
          from: {
            id: OTHER_STAFF.id,
            aadObjectId: OTHER_STAFF.aadObjectId,
            name: OTHER_STAFF.name,
          },
          text: undefined,
          entities: undefined,
          value: {
            action: {
              type: 'Action.Execute',
              verb: VERBS.triageAcknowledge,
              data: { incidentId: incident.id, version: 1 },
            },
            trigger: 'manual',
          },
        } as never);
      await press(); // the roster was read a moment ago: not re-read, refused
      expect((await slt.store.incidents.get(incident.id))?.status).toBe('new');
      slt.clock.advance(11 * 60_000);
      await press();
      expect((await slt.store.incidents.get(incident.id))?.status).toBe('acknowledged');
    });

    it('says so when the roster cannot be read, and still stores the channel', async () => {
      slt = await new SltHarness(rosterConfig()).start();
      // The test adapter cannot call Teams: reading the roster fails.
      const [reply] = await slt.harness.channel(ADMIN, SLT_CHANNEL).say('setup', { mention: true });
      expect(reply.text).toMatch(/could not read this team's members/);
      expect(await slt.store.settings.get('slt.channel')).toBeDefined();
    });
  });
});
