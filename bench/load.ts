/**
 * `npm run load`: 200 concurrent simulated users for 60 seconds over HTTP against the real server
 * (startApp, SQLite in a temporary folder, a local connector stub as Teams). Staff ask policy
 * questions and walk full reports by card invokes; SLT leaders acknowledge and add notes on the
 * reports as they arrive in the SLT channel. Reports zero errors, p50/p99 turn time, memory after
 * warm-up against the end, and that every submitted report's SLT card was posted exactly once.
 *
 *   npm run load -- --seconds 60 --users 200 --leaders 20 --think-ms 200
 *
 * Exit code 1 on any error (non-2xx, an apology or error card, an error log line), a duplicate or
 * missing SLT card, or heap growth over 10 % after warm-up. Only 127.0.0.1 is used.
 */
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { startApp, type RunningApp } from '../src/index';
import { createLogger } from '../src/logger';
import { VERBS } from '../src/teams/verbs';
import { GENERIC_APOLOGY, STORE_UNAVAILABLE_MESSAGE } from '../src/teams/errors';
import { cardText, type TestUser } from '../test/support/bot-harness';
import { ConnectorStub } from '../test/support/connector-stub';
import {
  HttpBot,
  SLT_CHANNEL,
  stepOf,
  submitReview,
  walkToReview,
  type HttpAnswer,
} from '../test/trust/support/http-bot';
import { percentile } from './stats';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number`);
  return v;
}

const SECONDS = flag('seconds', 60);
const USERS = Math.max(2, Math.floor(flag('users', 200)));
const LEADERS = Math.min(
  USERS - 1,
  Math.max(1, Math.floor(flag('leaders', Math.ceil(USERS / 10)))),
);
const THINK_MS = flag('think-ms', 200);
const WARMUP_MS = Math.min(10_000, (SECONDS * 1000) / 6);
const DRAIN_MS = 60_000;
const MAX_NOTES = 3;

const ADMIN: TestUser = { id: '29:load-admin', aadObjectId: 'aad-load-admin', name: 'Load Admin' };
const staff: TestUser[] = Array.from({ length: USERS - LEADERS }, (_, i) => ({
  id: `29:load-staff-${i}`,
  aadObjectId: `aad-load-staff-${i}`,
  name: `Staff ${i}`,
}));
const leaders: TestUser[] = Array.from({ length: LEADERS }, (_, i) => ({
  id: `29:load-slt-${i}`,
  aadObjectId: `aad-load-slt-${i}`,
  name: `Leader ${i}`,
}));

const QUESTIONS = [
  'Can I accept a friend request from a parent on Facebook?',
  'Am I allowed to use my personal phone to take photos of pupils on a trip?',
  'Can I message a former pupil on Instagram?',
  'What should I do if a pupil sends me a message on social media?',
  'Can I post about my school on my own LinkedIn?',
];

interface Stats {
  latencies: number[];
  warmLatencies: number[];
  turns: number;
  errors: Map<string, number>;
  questions: number;
  reports: number;
  triage: number;
}

const stats: Stats = {
  latencies: [],
  warmLatencies: [],
  turns: 0,
  errors: new Map(),
  questions: 0,
  reports: 0,
  triage: 0,
};
let measuring = false;
/** Turn times after warm-up by what the turn was (a message, or the card verb pressed). */
const byKind = new Map<string, number[]>();

function error(kind: string): void {
  stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);
}

/** Times every HTTP turn and counts anything but a 2xx as an error. */
class TimedBot extends HttpBot {
  override async post(body: unknown): Promise<HttpAnswer> {
    const start = process.hrtime.bigint();
    // A turn counts after warm-up only if it also started after warm-up.
    const measured = measuring;
    let res: HttpAnswer;
    try {
      res = await super.post(body);
    } catch {
      error('request failed (no HTTP answer)');
      return { status: 0, body: undefined };
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    stats.turns++;
    (measured ? stats.latencies : stats.warmLatencies).push(ms);
    if (measured) {
      const b = body as { type?: string; value?: { action?: { verb?: string } } };
      const kind = b.value?.action?.verb ?? b.type ?? 'other';
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
    if (res.status < 200 || res.status >= 300) error(`HTTP ${res.status}`);
    return res;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const think = () => sleep(THINK_MS > 0 ? Math.random() * THINK_MS : 0);

/** Submitted reports by incident id, for the leaders and the exactly-once check. */
const submitted = new Map<string, { reference: string; acknowledged: boolean; notes: number }>();
/** SLT channel card posts per reference, counted as they arrive at the stub. */
const cardPosts = new Map<string, number>();
/** When each report's receipt was shown, and how long its SLT card took to arrive after that. */
const submittedAt = new Map<string, number>();
const deliveryLag: number[] = [];
let apologies = 0;

async function ask(bot: TimedBot, user: TestUser): Promise<void> {
  const q = QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)]!;
  const res = await bot.say(user, q);
  if (res.status === 200) stats.questions++;
}

async function report(bot: TimedBot, app: RunningApp, user: TestUser): Promise<void> {
  try {
    const review = await walkToReview(bot, user, {
      account: 'A parent posted about me on Facebook and named my class.',
      where: 'Facebook',
      involvedDescription: 'A parent of a pupil',
      evidenceDescription: 'Screenshots',
      otherActions: '',
    });
    const receipt = await submitReview(bot, user, review);
    if (stepOf(receipt.card) !== 'receipt') return error('report: no receipt');
    const reference = /INC-\d{4}-\d+/.exec(cardText(receipt.card))?.[0];
    const incident = reference ? await app.store.incidents.getByReference(reference) : undefined;
    if (!incident) return error('report: receipt without a stored incident');
    submitted.set(incident.id, { reference: reference!, acknowledged: false, notes: 0 });
    submittedAt.set(reference!, Date.now());
    stats.reports++;
  } catch {
    error('report: flow refused a valid answer');
  }
}

async function triage(bot: TimedBot, app: RunningApp, leader: number): Promise<boolean> {
  // Each leader works on its own share of the reports, so leaders never race each other.
  const mine = [...submitted.entries()].filter(
    ([id, s]) => cardPosts.has(s.reference) && hash(id) % LEADERS === leader && s.notes < MAX_NOTES,
  );
  if (mine.length === 0) return false;
  const [id, state] = mine[Math.floor(Math.random() * mine.length)]!;
  const incident = await app.store.incidents.get(id);
  if (!incident) {
    error('triage: incident missing');
    return true;
  }
  const verb = state.acknowledged ? VERBS.triageNote : VERBS.triageAcknowledge;
  const res = await bot.execute(leaders[leader]!, 'channel', verb, {
    incidentId: id,
    version: incident.version,
    ...(verb === VERBS.triageNote ? { note: 'Spoke to the member of staff.' } : {}),
  });
  const text = cardText(res.card);
  if (!res.card || /Sorry|went wrong/i.test(text)) error(`triage: ${res.message ?? 'error card'}`);
  else {
    if (verb === VERBS.triageNote) state.notes++;
    state.acknowledged = true;
    stats.triage++;
  }
  return true;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc)
    console.warn('Run with --expose-gc (npm run load) for steady memory readings.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-load-'));
  const connector = await new ConnectorStub({ checkCards: false }).start();
  // The stub closes idle keep-alive sockets after 1 s (right for tests); under load the bot's
  // connector client then meets closed sockets and backs off for seconds, which measures the stub,
  // not the bot. Teams keeps connections open far longer.
  (connector as unknown as { server: http.Server }).server.keepAliveTimeout = 65_000;
  // Count SLT card posts per reference and forget the calls, so the stub does not grow.
  const drainCalls = () => {
    for (const c of connector.calls.splice(0)) {
      const json = JSON.stringify(c.body);
      if (json.includes(GENERIC_APOLOGY) || json.includes(STORE_UNAVAILABLE_MESSAGE)) apologies++;
      if (c.method !== 'POST' || c.conversationId !== SLT_CHANNEL || !c.body.attachments) continue;
      const ref = /INC-\d{4}-\d+/.exec(json)?.[0];
      if (!ref) continue;
      cardPosts.set(ref, (cardPosts.get(ref) ?? 0) + 1);
      const at = submittedAt.get(ref);
      if (at !== undefined && cardPosts.get(ref) === 1) deliveryLag.push(Date.now() - at);
    }
  };
  const drainTimer = setInterval(drainCalls, 100);

  let errorLines = 0;
  const errorEvents = new Map<string, number>();
  const sink = new Writable({
    write: (chunk, _enc, cb) => {
      const line = String(chunk);
      if (/"level":(50|60)/.test(line)) {
        errorLines++;
        const event = /"event":"([^"]+)"/.exec(line)?.[1] ?? 'unknown';
        errorEvents.set(event, (errorEvents.get(event) ?? 0) + 1);
      }
      cb();
    },
  });
  const log = createLogger('warn', sink);

  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SCHOOL_NAME: 'Load Academy',
      ADMIN_IDS: ADMIN.aadObjectId,
      SLT_IDS: leaders.map((l) => l.aadObjectId).join(','),
      DSL_ID: leaders[0]!.aadObjectId,
      HEADTEACHER_ID: leaders[0]!.aadObjectId,
      // Simulated users act far faster than people; the per-user limit is tested elsewhere.
      RATE_LIMIT_PER_MINUTE: '10000',
    },
    { envFile: false },
  );
  const app = await startApp(config, {
    log,
    typingIndicator: false,
    watchPolicies: false,
    deliveryWorker: { pollMs: 250 },
  });
  const bot = new TimedBot(
    () => app.url,
    () => connector.url,
  );

  try {
    const setup = await bot.mention(ADMIN, 'setup');
    if (setup.status !== 200) throw new Error(`setup failed: HTTP ${setup.status}`);
    await connector.waitFor((c) => /new reports will be posted/.test(c.body.text ?? ''), 10_000);

    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    let warm: { rss: number; heap: number } | undefined;
    const samples: { at: number; rss: number; heap: number }[] = [];
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      samples.push({ at: Date.now() - started, rss: m.rss, heap: m.heapUsed });
    }, 5000);
    const warmTimer = setTimeout(() => {
      warm = memory();
      measuring = true;
    }, WARMUP_MS);

    // Users arrive over the first half of the warm-up, not all in the same millisecond.
    const arrive = (i: number) => sleep((i / USERS) * (WARMUP_MS / 2));
    const staffLoop = async (user: TestUser, i: number) => {
      await arrive(i);
      await ask(bot, user); // a personal chat first, so the bot can tell them about their report
      while (Date.now() < deadline) {
        if (Math.random() < 0.5) await ask(bot, user);
        else await report(bot, app, user);
        await think();
      }
    };
    const leaderLoop = async (i: number) => {
      await arrive(staff.length + i);
      await bot.say(leaders[i]!, 'hello');
      while (Date.now() < deadline) {
        if (!(await triage(bot, app, i))) await sleep(200);
        await think();
      }
    };
    await Promise.all([
      ...staff.map((u, i) => staffLoop(u, i)),
      ...leaders.map((_, i) => leaderLoop(i)),
    ]);
    clearTimeout(warmTimer);
    clearInterval(sampler);
    const end = memory();
    const half = samples.find((m) => m.at >= (SECONDS * 1000) / 2);
    const runMs = Date.now() - started;

    // Let the outbox drain, then check every report's card arrived exactly once.
    const drainUntil = Date.now() + DRAIN_MS;
    let undelivered = await app.store.outbox.undelivered();
    while (undelivered.some((m) => !m.failedPermanently) && Date.now() < drainUntil) {
      await sleep(250);
      undelivered = await app.store.outbox.undelivered();
    }
    await sleep(1000);
    drainCalls();
    const refs = [...submitted.values()].map((s) => s.reference);
    const missing = refs.filter((r) => !cardPosts.has(r)).length;
    const duplicates = refs.filter((r) => (cardPosts.get(r) ?? 0) > 1).length;
    const stray = [...cardPosts.keys()].filter((r) => !refs.includes(r)).length;
    const failedPermanently = undelivered.filter((m) => m.failedPermanently).length;
    const stored = await app.store.incidents.count();

    const errorTotal =
      [...stats.errors.values()].reduce((a, b) => a + b, 0) + errorLines + apologies;
    const rssGrowth = warm ? (end.rss - warm.rss) / warm.rss : NaN;
    const heapGrowth = warm ? (end.heap - warm.heap) / warm.heap : NaN;

    const rows: [string, string, string][] = [
      ['Simulated users', `${USERS} (${staff.length} staff, ${LEADERS} SLT)`, ''],
      [
        'Duration',
        `${(runMs / 1000).toFixed(1)} s (warm-up ${(WARMUP_MS / 1000).toFixed(1)} s)`,
        '',
      ],
      ['Think time', `0-${THINK_MS} ms between actions`, ''],
      ['HTTP turns', `${stats.turns} (${(stats.turns / (runMs / 1000)).toFixed(0)}/s)`, ''],
      ['Policy questions', String(stats.questions), ''],
      [
        'Reports submitted',
        `${stats.reports} (${stored} stored)`,
        stats.reports === stored ? 'ok' : 'FAIL',
      ],
      ['Triage actions', String(stats.triage), ''],
      ['Errors', String(errorTotal), errorTotal === 0 ? 'ok' : 'FAIL'],
      ['Turn time p50 (after warm-up)', `${percentile(stats.latencies, 50).toFixed(1)} ms`, ''],
      ['Turn time p99 (after warm-up)', `${percentile(stats.latencies, 99).toFixed(1)} ms`, ''],
      ['Turn time max (after warm-up)', `${Math.max(...stats.latencies).toFixed(1)} ms`, ''],
      [
        'SLT cards posted exactly once',
        `${refs.length - missing - duplicates}/${refs.length}`,
        missing + duplicates + stray === 0 ? 'ok' : 'FAIL',
      ],
      [
        'Receipt -> SLT card at the stub',
        `p50 ${(percentile(deliveryLag, 50) / 1000).toFixed(1)} s, p99 ${(percentile(deliveryLag, 99) / 1000).toFixed(1)} s, max ${(Math.max(...deliveryLag) / 1000).toFixed(1)} s`,
        '',
      ],
      ['  missing / duplicate / unknown', `${missing} / ${duplicates} / ${stray}`, ''],
      [
        'Deliveries failed permanently',
        String(failedPermanently),
        failedPermanently === 0 ? 'ok' : 'FAIL',
      ],
      [
        'RSS after warm-up -> end',
        warm ? `${mb(warm.rss)} -> ${mb(end.rss)} (${pct(warm.rss, end.rss)})` : '-',
        rssGrowth < 0.1 ? 'flat' : 'GREW',
      ],
      [
        'RSS over the second half of the run',
        half ? `${mb(half.rss)} -> ${mb(end.rss)} (${pct(half.rss, end.rss)})` : '-',
        '',
      ],
      [
        'Heap after warm-up -> end (after GC)',
        warm ? `${mb(warm.heap)} -> ${mb(end.heap)} (${pct(warm.heap, end.heap)})` : '-',
        heapGrowth < 0.1 ? 'flat' : 'GREW',
      ],
    ];
    for (const [kind, samples] of [...byKind.entries()].sort()) {
      rows.push([
        `  ${kind}`,
        `${samples.length} turns, p50 ${percentile(samples, 50).toFixed(0)} ms, p99 ${percentile(samples, 99).toFixed(0)} ms`,
        '',
      ]);
    }
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nLoad test: ${USERS} concurrent conversations over HTTP for ${SECONDS} s\n`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    if (stats.errors.size || errorLines || apologies) {
      console.log('\nErrors by kind:');
      for (const [k, v] of stats.errors) console.log(`  ${k}: ${v}`);
      for (const [k, v] of errorEvents) console.log(`  error log ${k}: ${v}`);
      if (apologies) console.log(`  apologies sent to users: ${apologies}`);
    }
    console.log(
      `\nRSS every 5 s: ${samples.map((s) => `${Math.round(s.at / 1000)}s ${mb(s.rss)}`).join(', ')}`,
    );

    const failed =
      errorTotal > 0 ||
      missing + duplicates + stray > 0 ||
      failedPermanently > 0 ||
      stats.reports !== stored ||
      !(heapGrowth < 0.1);
    process.exitCode = failed ? 1 : 0;
  } finally {
    clearInterval(drainTimer);
    await app.stop();
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('Load test failed to run:', err);
  process.exit(1);
});
