import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/index';
import { VERBS } from '../../src/teams/verbs';
import { ADMIN, cardText, testConfig, type TestUser } from '../support/bot-harness';
import { ConnectorStub, type RecordedCall } from '../support/connector-stub';
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
 * A full report end to end over HTTP, as in production: the real server, adapter, SQLite store and
 * delivery worker, with a connector stub standing in for Teams. One walk proves that nothing a
 * person typed (or their name) reaches the logs; another that hostile text stays inert on every
 * card SLT and the reporter see.
 */

jest.setTimeout(60_000);

const LEADER: TestUser = {
  id: '29:trust-lead',
  aadObjectId: 'aad-trust-lead',
  name: 'Ottoline Leadmarker',
};

let app: RunningApp;
let connector: ConnectorStub;
let dataDir: string;
let lines: string[];
let bot: HttpBot;

beforeAll(async () => {
  connector = await new ConnectorStub().start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-full-'));
  const captured = capturingLogger();
  lines = captured.lines;
  app = await startApp(
    testConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_PER_MINUTE: '10000',
      SLT_IDS: LEADER.aadObjectId,
    }),
    {
      log: captured.log,
      typingIndicator: false,
      watchPolicies: false,
      deliveryWorker: { pollMs: 100, backoff: { initialMs: 200, maxMs: 200, jitter: 0 } },
    },
  );
  bot = new HttpBot(
    () => app.url,
    () => connector.url,
  );
  expect((await bot.mention(ADMIN, 'setup')).status).toBe(200);
  await connector.waitFor((c) => /new reports will be posted/.test(c.body.text ?? ''));
});

afterAll(async () => {
  await app?.stop();
  await connector.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The SLT channel's top-level card post for this reference. */
function channelCard(reference: string): Promise<RecordedCall> {
  return connector.waitFor(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === SLT_CHANNEL &&
      cardText(callCard(c)).includes(reference),
    8000,
  );
}

async function referenceOf(receipt: Card | undefined): Promise<{ id: string; reference: string }> {
  const match = /INC-\d{4}-\d+/.exec(cardText(receipt));
  if (!match) throw new Error(`no reference on receipt: ${cardText(receipt)}`);
  const incident = (await app.store.incidents.list()).find((i) => i.reference === match[0]);
  return { id: incident!.id, reference: match[0] };
}

async function pressTriage(verb: string, incidentId: string, fields: Record<string, unknown> = {}) {
  const incident = await app.store.incidents.get(incidentId);
  const res = await bot.execute(LEADER, 'channel', verb, {
    incidentId,
    version: incident!.version,
    ...fields,
  });
  expect(res.status).toBe(200);
  expect(res.card).toBeDefined();
  return res.card!;
}

const allDelivered = () =>
  eventually(
    async () => (await app.store.outbox.undelivered()).length === 0,
    10_000,
    'the outbox to drain',
  );

describe('no personal data or message text in the logs, on a full report', () => {
  it('walks question, report, SLT triage, question to the reporter, answer and close: no marker in any log line', async () => {
    const M = {
      reporterName: 'Quillanne Namemarker',
      question: 'Q7mk question about a parent on Facebook',
      account: 'A7mk a parent posted about me on Facebook and named my class.',
      where: 'W7mk Facebook group',
      involved: 'I7mk the parent of a pupil in 4B',
      evidence: 'E7mk screenshots saved on the school drive',
      other: 'O7mk told my line manager',
      note: 'N7mk spoke to the parent by phone',
      ask: 'K7mk do you still have the screenshots?',
      answer: 'R7mk yes they are on the drive',
      outcome: 'U7mk parent agreed to remove the post',
      shared: 'S7mk the post has been removed',
    };
    const reporter: TestUser = {
      id: '29:trust-marker',
      aadObjectId: 'aad-trust-marker',
      name: M.reporterName,
    };

    // A policy question in the personal chat (also records how to reach the reporter).
    expect((await bot.say(reporter, M.question)).status).toBe(200);
    expect((await bot.say(LEADER, 'hello')).status).toBe(200);

    const review = await walkToReview(bot, reporter, {
      account: M.account,
      where: M.where,
      involvedDescription: M.involved,
      evidenceDescription: M.evidence,
      otherActions: M.other,
    });
    const receipt = await submitReview(bot, reporter, review);
    expect(stepOf(receipt.card)).toBe('receipt');
    const { id, reference } = await referenceOf(receipt.card);
    const posted = await channelCard(reference);
    expect(cardText(callCard(posted))).toContain(M.account);

    await pressTriage(VERBS.triageAcknowledge, id);
    await pressTriage(VERBS.triageNote, id, { note: M.note });
    await pressTriage(VERBS.triageAsk, id, { question: M.ask });
    const asked = await connector.waitFor(
      (c) =>
        c.conversationId === `a:personal-${reporter.aadObjectId}` &&
        cardText(callCard(c)).includes(M.ask),
    );
    const answerAction = cardActions(callCard(asked)).find((a) => a.verb === VERBS.reporterAnswer);
    const answered = await bot.execute(reporter, 'personal', VERBS.reporterAnswer, {
      ...answerAction!.data,
      answer: M.answer,
    });
    expect(cardText(answered.card)).toContain('your answer was added to your report');
    const closed = await pressTriage(VERBS.triageClose, id, {
      outcome: M.outcome,
      sharedWithReporter: M.shared,
    });
    expect(cardText(closed)).toContain('Status: Closed');
    await allDelivered();
    await connector.waitFor(
      (c) =>
        c.conversationId === `a:personal-${reporter.aadObjectId}` &&
        cardText(callCard(c)).includes(M.shared),
    );

    // Everything typed really went through the bot (so the check below is not vacuous) ...
    const events = (await app.store.incidents.events(id)).map((e) => e.kind);
    expect(events.length).toBeGreaterThanOrEqual(5);
    const logs = lines.join('');
    expect(logs).toContain('report.receipt');
    expect(lines.length).toBeGreaterThan(20);
    // ... and none of it, nor any name, is in a log line.
    for (const [field, marker] of Object.entries(M)) {
      const token = marker.split(' ')[0]!;
      const leaked = lines.filter((l) => l.includes(token));
      expect({ field, leaked }).toEqual({ field, leaked: [] });
    }
    for (const name of [M.reporterName, LEADER.name, 'Namemarker', 'Leadmarker']) {
      expect(logs).not.toContain(name);
    }
  });
});

/** Texts Teams renders as markdown: TextBlock text and FactSet titles/values (TextRun is plain). */
function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts)) {
      for (const f of n.facts as { title?: unknown; value?: unknown }[]) {
        if (typeof f.title === 'string') out.push(f.title);
        if (typeof f.value === 'string') out.push(f.value);
      }
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

const HOSTILE = {
  link: '[x](https://evil.example)',
  mention: '<at>Everyone</at>',
  bold: '**bold**',
  template: '${$root.secret}',
};
const HOSTILE_TEXT = `${HOSTILE.link} ${HOSTILE.mention} ${HOSTILE.bold} ${HOSTILE.template}`;

/** Markdown that would still work: an unescaped link, mention tag or bold marker. */
function activeMarkdown(text: string): string[] {
  const found: string[] = [];
  if (/(^|[^\\])\[x\]\(https:\/\/evil/.test(text)) found.push('link');
  if (/(^|[^\\])<at>/i.test(text)) found.push('mention');
  if (/(^|[^\\])\*\*bold/.test(text)) found.push('bold');
  return found;
}

function expectInert(card: Card | undefined, where: string): void {
  expect(card).toBeDefined();
  const active = markdownTexts(card).flatMap((t) => activeMarkdown(t).map((kind) => ({ kind, t })));
  expect({ where, active }).toEqual({ where, active: [] });
  // No mention entity for anyone a reporter named; only the DSL is ever mentioned (urgent reports).
  const entities =
    (card as { msteams?: { entities?: { text?: string }[] } }).msteams?.entities ?? [];
  expect(entities.map((e) => e.text)).not.toContain(HOSTILE.mention);
  // Template expressions in user text are data: wherever the hostile text is shown, its `${...}`
  // part is still there (escaped or not), never evaluated to '' or a value.
  const shown = allStrings(card).filter((s) => s.includes('bold'));
  expect(shown.length).toBeGreaterThan(0);
  const evaluated = shown.filter((s) => !/\$\\?\{\$root\.secret\\?\}/.test(s));
  expect({ where, evaluated }).toEqual({ where, evaluated: [] });
}

function allStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(allStrings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(allStrings);
  return [];
}

describe('user text is escaped wherever it is shown', () => {
  it('links, mentions, bold and template expressions stay literal on the SLT card, its updates, the thread and the receipt', async () => {
    const reporter: TestUser = {
      id: '29:trust-hostile',
      aadObjectId: 'aad-trust-hostile',
      name: `Eve ${HOSTILE.link} ${HOSTILE.mention}`,
    };
    expect((await bot.say(reporter, 'hello')).status).toBe(200);
    const review = await walkToReview(bot, reporter, {
      account: `Posted about me: ${HOSTILE_TEXT}`,
      where: HOSTILE_TEXT,
      involvedDescription: HOSTILE_TEXT,
      evidenceDescription: HOSTILE_TEXT,
      otherActions: HOSTILE_TEXT,
    });
    expectInert(review, 'review card');
    const receipt = await submitReview(bot, reporter, review);
    expect(stepOf(receipt.card)).toBe('receipt');
    expectInert(receipt.card, 'receipt');
    const { id, reference } = await referenceOf(receipt.card);

    const posted = callCard(await channelCard(reference));
    expectInert(posted, 'SLT channel card');
    expect(cardText(posted)).toContain('Posted about me');

    const card = await pressTriage(VERBS.triageNote, id, { note: HOSTILE_TEXT });
    expectInert(card, 'card returned to the leader');
    await allDelivered();
    const location = (await app.store.incidents.getCardLocation(id)) as { activityId: string };
    const updates = connector.calls.filter(
      (c) => c.method === 'PUT' && c.activityId === location.activityId,
    );
    expect(updates.length).toBeGreaterThan(0);
    expectInert(callCard(updates.at(-1)), 'updated SLT card');
    // Thread lines are plain messages rendered as markdown too.
    const thread = connector.calls.filter(
      (c) => c.conversationId === `${SLT_CHANNEL};messageid=${location.activityId}`,
    );
    expect(thread.length).toBeGreaterThan(0);
    for (const c of thread) {
      expect(activeMarkdown(String(c.body.text ?? ''))).toEqual([]);
      expect(c.body.entities ?? []).toEqual([]);
    }
  });
});
