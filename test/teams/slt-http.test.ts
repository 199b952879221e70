import { submissionOutbox } from '../../src/core/incidents/report-service';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { silentLogger } from '../../src/logger';
import { VERBS } from '../../src/teams/verbs';
import {
  ADMIN,
  cardText,
  DSL,
  SLT_LEAD,
  STAFF,
  TENANT,
  testConfig,
  type TestUser,
} from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { aReport } from '../support/incident-mother';
import { callCard } from '../support/slt-harness';

const CHANNEL = '19:slt-channel@thread.tacv2';

/**
 * The whole path over HTTP, as the composition root wires it: setup posted to /api/messages, a
 * report stored with its outbox messages, the worker posting the card to the connector stub, a
 * leader acknowledging with an Action.Execute invoke, and the reporter being told.
 */
describe('SLT channel over HTTP with the delivery worker running', () => {
  let app: RunningApp;
  let connector: ConnectorStub;
  let n = 0;

  const activity = (user: TestUser, channel: boolean, extra: Record<string, unknown>) => ({
    id: `http-${++n}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
    recipient: { id: '28:bot-id', name: 'Safeguard' },
    conversation: channel
      ? {
          id: `${CHANNEL};messageid=${n}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        }
      : { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: channel
      ? {
          tenant: { id: TENANT },
          team: { id: '19:slt-team@thread.tacv2' },
          channel: { id: CHANNEL },
        }
      : { tenant: { id: TENANT } },
    locale: 'en-GB',
    ...extra,
  });
  const post = async (body: unknown) => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const mention = (text: string) => ({
    type: 'message',
    text: `<at>Safeguard</at> ${text}`,
    entities: [
      {
        type: 'mention',
        text: '<at>Safeguard</at>',
        mentioned: { id: '28:bot-id', name: 'Safeguard' },
      },
    ],
  });

  beforeAll(async () => {
    connector = await new ConnectorStub().start();
    app = await startApp(testConfig({ PORT: '0' }), {
      log: silentLogger,
      store: new MemoryStore(),
      typingIndicator: false,
      watchPolicies: false,
      deliveryWorker: { pollMs: 100, backoff: { initialMs: 200, maxMs: 200, jitter: 0 } },
    });
  });
  afterAll(async () => {
    await app.stop();
    await connector.stop();
  });

  it('a report appears in the channel within seconds, can be acknowledged on the card, and the reporter is told', async () => {
    expect((await post(activity(ADMIN, true, mention('setup')))).status).toBe(200);
    await connector.waitFor((c) =>
      /new reports will be posted in this channel/.test(c.body.text ?? ''),
    );
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health.sltChannel).toMatchObject({ configured: true });
    await post(activity(STAFF, false, { type: 'message', text: 'hello' }));

    const report = aReport();
    const started = Date.now();
    const { incident } = await app.store.incidents.submit({
      idempotencyKey: 'http-1',
      reporter: { id: STAFF.aadObjectId, name: STAFF.name },
      report,
      urgency: 'normal',
      at: new Date(),
      outbox: submissionOutbox(report.type),
    });
    const card = await connector.waitFor(
      (c) => c.conversationId === CHANNEL && cardText(callCard(c)).includes(incident.reference),
    );
    const latencyMs = Date.now() - started;
    expect(latencyMs).toBeLessThan(3000);

    const pressed = await post(
      activity(SLT_LEAD, true, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'card-activity',
        value: {
          action: {
            type: 'Action.Execute',
            verb: VERBS.triageAcknowledge,
            data: { incidentId: incident.id, version: 1 },
          },
          trigger: 'manual',
        },
      }),
    );
    expect(pressed.status).toBe(200);
    expect(pressed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(pressed.body.value)).toContain('You acknowledged this report.');

    const location = (await app.store.incidents.getCardLocation(incident.id)) as {
      activityId: string;
    };
    const update = await connector.waitFor(
      (c) => c.method === 'PUT' && c.activityId === location.activityId,
    );
    expect(cardText(callCard(update))).toContain('Status: Open');
    await connector.waitFor(
      (c) =>
        c.conversationId === `${CHANNEL};messageid=${location.activityId}` &&
        c.body.text === 'Acknowledged by Pat Deputy',
    );
    const told = await connector.waitFor(
      (c) =>
        c.conversationId === `a:personal-${STAFF.aadObjectId}` &&
        cardText(callCard(c)).includes('has been acknowledged'),
    );
    expect(told.method).toBe('POST');
    expect(
      connector.calls.filter(
        (c) => c.conversationId === CHANNEL && c.method === 'POST' && callCard(c),
      ),
    ).toHaveLength(1);
    void card;
  });
  it('two leaders pressing at the same moment: exactly one change is applied, the other is told who acted', async () => {
    const report = aReport();
    const { incident } = await app.store.incidents.submit({
      idempotencyKey: 'http-race',
      reporter: { id: STAFF.aadObjectId, name: STAFF.name },
      report,
      urgency: 'normal',
      at: new Date(),
      outbox: submissionOutbox(report.type),
    });
    const press = (user: TestUser, verb: string) =>
      post(
        activity(user, true, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb, data: { incidentId: incident.id, version: 1 } },
            trigger: 'manual',
          },
        }),
      );
    const results = await Promise.all([
      press(SLT_LEAD, VERBS.triageAcknowledge),
      press(DSL, VERBS.triageAssignMe),
    ]);
    const texts = results.map((r) => cardText(r.body.value));
    const won = texts.filter((t) => /You acknowledged this report|now assigned to you/.test(t));
    const lost = texts.filter((t) => /a moment ago/.test(t));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(await app.store.incidents.events(incident.id)).toHaveLength(2);
  });
});
