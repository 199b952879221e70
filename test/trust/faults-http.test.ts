import { StoreUnavailableError } from '../../src/core/errors';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { VERBS } from '../../src/teams/verbs';
import { ADMIN, cardText, SLT_LEAD, STAFF, testConfig } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { cardActions } from '../support/report-flow-support';
import { callCard } from '../support/slt-harness';
import {
  capturingLogger,
  eventually,
  HttpBot,
  SLT_CHANNEL,
  stepOf,
  submitReview,
  walkToReview,
  type Card,
} from './support/http-bot';

/**
 * Faults over HTTP with the real server and delivery worker: a connector that fails on purpose,
 * Teams answering 403 because the bot was removed, and the database going away at submit.
 */

jest.setTimeout(60_000);

const ANSWERS = {
  account: 'A parent posted about me on Facebook and named my class.',
  where: 'Facebook',
  involvedDescription: 'A parent of a pupil in 4B',
  evidenceDescription: 'Screenshots',
  otherActions: '',
};

let app: RunningApp;
let store: MemoryStore;
let connector: ConnectorStub;
let bot: HttpBot;
let lines: string[];

beforeEach(async () => {
  connector = await new ConnectorStub().start();
  store = new MemoryStore();
  const captured = capturingLogger();
  lines = captured.lines;
  app = await startApp(testConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '10000' }), {
    log: captured.log,
    store,
    typingIndicator: false,
    watchPolicies: false,
    deliveryWorker: { pollMs: 100, backoff: { initialMs: 150, maxMs: 300, jitter: 0 } },
  });
  bot = new HttpBot(
    () => app.url,
    () => connector.url,
  );
  expect((await bot.mention(ADMIN, 'setup')).status).toBe(200);
  await connector.waitFor((c) => /new reports will be posted/.test(c.body.text ?? ''));
  expect((await bot.say(ADMIN, 'hello')).status).toBe(200);
  expect((await bot.say(STAFF, 'hello')).status).toBe(200);
});

afterEach(async () => {
  await app.stop();
  await connector.stop();
});

const channelCardPosts = (reference: string) =>
  connector.calls.filter(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === SLT_CHANNEL &&
      cardText(callCard(c)).includes(reference),
  );

async function report(): Promise<{ id: string; reference: string }> {
  const receipt = await submitReview(bot, STAFF, await walkToReview(bot, STAFF, ANSWERS));
  expect(stepOf(receipt.card)).toBe('receipt');
  const reference = /INC-\d{4}-\d+/.exec(cardText(receipt.card))![0];
  const incident = (await store.incidents.list()).find((i) => i.reference === reference)!;
  return { id: incident.id, reference };
}

describe('connector down or failing while posting to SLT', () => {
  it('retries, delivers the card once the connector recovers, and never posts it twice', async () => {
    connector.failNext(10_000, 503);
    const { id, reference } = await report();
    // Several attempts fail while the connector is down; the report waits in the outbox.
    const pending = await eventually(
      async () =>
        (await store.outbox.undelivered()).find(
          (m) => m.topic === 'slt.post_incident' && m.payload.incidentId === id && m.attempts >= 2,
        ),
      15_000,
      'two failed attempts',
    );
    expect(pending.failedPermanently).toBeFalsy();
    expect(pending.lastError).toBeTruthy();
    expect(channelCardPosts(reference)).toHaveLength(0);

    connector.failNext(0);
    await eventually(() => channelCardPosts(reference).length > 0, 15_000, 'the card');
    await eventually(
      async () => (await store.outbox.undelivered()).length === 0,
      10_000,
      'the outbox to drain',
    );
    // More polls pass: still exactly one card, and it is the one the store remembers.
    await new Promise((r) => setTimeout(r, 600));
    expect(channelCardPosts(reference)).toHaveLength(1);
    expect(await store.incidents.getCardLocation(id)).toMatchObject({
      activityId: expect.any(String),
    });
  });

  it('a connector that drops the connection (not even an HTTP answer) is retried the same way', async () => {
    // Stop the stub altogether: connection refused.
    const port = new URL(connector.url).port;
    await connector.stop();
    const { id, reference } = await report();
    await eventually(
      async () =>
        (await store.outbox.undelivered()).find(
          (m) => m.payload.incidentId === id && m.attempts >= 1 && !m.failedPermanently,
        ),
      15_000,
      'a failed attempt',
    );
    // The connector comes back on the same address.
    const revived = new ConnectorStub();
    (revived as unknown as { start(): Promise<void> }).start = async function (this: any) {
      const http = await import('node:http');
      this.server = http.createServer((req, res) => this.handle(req, res));
      await new Promise<void>((resolve) => this.server.listen(Number(port), '127.0.0.1', resolve));
      this.url = `http://127.0.0.1:${port}/`;
    };
    await revived.start();
    connector = revived;
    await eventually(() => channelCardPosts(reference).length > 0, 15_000, 'the card');
    await new Promise((r) => setTimeout(r, 600));
    expect(channelCardPosts(reference)).toHaveLength(1);
  });
});

describe('Teams answers 403: the bot was removed from the SLT team', () => {
  it('marks the delivery failed without retrying, shows it in status and /healthz, alerts the admin, and keeps the report', async () => {
    connector.failNext(1, 403);
    const { id, reference } = await report();
    const failed = await eventually(
      async () =>
        (await store.outbox.undelivered()).find(
          (m) => m.topic === 'slt.post_incident' && m.failedPermanently,
        ),
      10_000,
      'the delivery to fail permanently',
    );
    expect(failed.lastError).toMatch(/403/);
    expect(failed.attempts).toBe(1);

    // The admin hears about it in their personal chat.
    const alert = await connector.waitFor(
      (c) =>
        c.conversationId === `a:personal-${ADMIN.aadObjectId}` &&
        /could not be delivered to Teams/.test(c.body.text ?? ''),
    );
    expect(alert.body.text).toMatch(/report card for the SLT channel/);

    // /healthz and status say so (status from the admin's personal chat: the channel is gone).
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as Record<string, any>;
    expect(health.sltChannel).toMatchObject({ configured: true, failedPermanently: 1 });
    const mark = connector.calls.length;
    expect((await bot.say(ADMIN, 'status')).status).toBe(200);
    const status = await connector.waitFor(
      (c) =>
        connector.calls.indexOf(c) >= mark &&
        c.conversationId === `a:personal-${ADMIN.aadObjectId}` &&
        /Deliveries/.test(c.body.text ?? ''),
    );
    expect(status.body.text).toMatch(/1 failed and not retried/);
    expect(status.body.text).toMatch(/report card for the SLT channel: FAILED/);

    // Not retried, and nothing lost: the report and its history are all still there.
    await new Promise((r) => setTimeout(r, 500));
    expect(channelCardPosts(reference)).toHaveLength(0);
    expect((await store.outbox.undelivered()).find((m) => m.id === failed.id)?.attempts).toBe(1);
    const incident = await store.incidents.get(id);
    expect(incident?.report.account).toBe(ANSWERS.account);
    // An SLT member can still find it with the channel commands once the bot is back.
    expect((await store.incidents.list({ status: ['new'] })).map((i) => i.id)).toContain(id);
    void SLT_LEAD;
  });
});

describe('the database is unavailable at submit', () => {
  const NOT_SENT = /NOT been sent|was not saved/;

  it('says plainly the report was not sent, keeps the draft, and the same Send button works once it is back', async () => {
    const review = await walkToReview(bot, STAFF, ANSWERS);
    const submit = jest
      .spyOn(store.incidents, 'submit')
      .mockRejectedValue(
        new StoreUnavailableError(
          'Sorry, records cannot be reached just now. Nothing was saved; please try again shortly.',
          'test: database down',
        ),
      );
    const failed = await submitReview(bot, STAFF, review);
    expect(failed.status).toBe(200);
    const told = cardText(failed.card);
    expect(told).toMatch(NOT_SENT);
    expect(told).toMatch(/Your answers are kept/);
    // Still the review card with its Send button, so nothing has to be typed again.
    expect(stepOf(failed.card)).toBe('review');
    expect(await store.incidents.count()).toBe(0);

    submit.mockRestore();
    const ok = await submitReview(bot, STAFF, review);
    expect(stepOf(ok.card)).toBe('receipt');
    const [incident] = await store.incidents.list();
    expect(incident?.report.account).toBe(ANSWERS.account);
    await eventually(() => channelCardPosts(incident!.reference).length === 1, 10_000, 'the card');
  });

  it('with the whole database down (even the draft cannot be read), answers 200 saying nothing was saved, then the draft is still there', async () => {
    const review: Card = await walkToReview(bot, STAFF, ANSWERS);
    store.setUnavailable(true);
    const failed = await submitReview(bot, STAFF, review);
    expect(failed.status).toBe(200);
    expect(failed.message).toMatch(NOT_SENT);
    expect(failed.message).toMatch(/your answers are kept/);
    expect(lines.join('')).toContain('StoreUnavailableError');

    store.setUnavailable(false);
    const ok = await submitReview(bot, STAFF, review);
    expect(stepOf(ok.card)).toBe('receipt');
    expect(await store.incidents.count()).toBe(1);
    expect(cardActions(ok.card).map((a) => a.verb)).not.toContain(VERBS.reportSubmit);
  });
});
