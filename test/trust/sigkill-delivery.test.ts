import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/infra/store/sqlite-store';
import { ADMIN, cardText, DSL, HEAD, SLT_LEAD, STAFF } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { callCard } from '../support/slt-harness';
import { HttpBot, SLT_CHANNEL, stepOf, submitReview, walkToReview } from './support/http-bot';

/**
 * The real bot process (src/index.ts under tsx, SQLite in a data folder) is killed with SIGKILL after
 * it has acknowledged a report but before it could post it to the SLT channel (the connector is
 * failing, so the card cannot have gone). Restarted on the same data, it posts the card: once.
 */

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../..');

interface BotProcess {
  proc: ChildProcess;
  url: string;
  exited: Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `src/index.ts` as the bot runs in production and resolves once it logs `started`. */
function startBot(env: Record<string, string>): Promise<BotProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`bot did not start: ${err || out}`));
    }, 45_000);
    proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const line of out.split('\n')) {
        if (!line.includes('"event":"started"')) continue;
        clearTimeout(timer);
        resolve({ proc, url: JSON.parse(line).url as string, exited });
        return;
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`bot exited before starting: ${err || out}`));
    });
  });
}

describe('SIGKILL between storing a report and posting it', () => {
  let connector: ConnectorStub;
  let dataDir: string;
  let running: BotProcess | undefined;

  beforeAll(async () => {
    connector = await new ConnectorStub().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-sigkill-'));
  });
  afterAll(async () => {
    running?.proc.kill('SIGKILL');
    await running?.exited;
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('posts the acknowledged report after a restart, exactly once', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      POLICY_DIR: path.join(ROOT, 'policies'),
      LOG_LEVEL: 'info',
      SCHOOL_NAME: 'Test Academy',
      ADMIN_IDS: ADMIN.aadObjectId,
      SLT_IDS: [SLT_LEAD, DSL, HEAD].map((u) => u.aadObjectId).join(','),
      DSL_ID: DSL.aadObjectId,
      HEADTEACHER_ID: HEAD.aadObjectId,
      RATE_LIMIT_PER_MINUTE: '10000',
      BOT_ID: '',
      BOT_PASSWORD: '',
      DATABASE_URL: '',
      ALLOWED_TENANTS: '',
      // The killed worker's claim must run out before the restarted bot may retry: 5 s, not the
      // 60 s default, so the test does not sit out a production-sized lease.
      OUTBOX_LEASE_SECONDS: '5',
    };
    running = await startBot(env);
    const bot = new HttpBot(
      () => running!.url,
      () => connector.url,
    );
    expect((await bot.mention(ADMIN, 'setup')).status).toBe(200);
    await connector.waitFor((c) => /new reports will be posted/.test(c.body.text ?? ''), 10_000);

    // Teams is failing from now on: whatever the bot tries to post does not arrive.
    connector.failNext(1_000_000, 503);
    const receipt = await submitReview(
      bot,
      STAFF,
      await walkToReview(bot, STAFF, {
        account: 'A parent posted about me on Facebook and named my class.',
        where: 'Facebook',
        involvedDescription: 'A parent',
        evidenceDescription: 'Screenshots',
        otherActions: '',
      }),
    );
    expect(stepOf(receipt.card)).toBe('receipt');
    const reference = /INC-\d{4}-\d+/.exec(cardText(receipt.card))![0];

    running.proc.kill('SIGKILL');
    await running.exited;
    const posts = () =>
      connector.calls.filter(
        (c) =>
          c.method === 'POST' &&
          c.conversationId === SLT_CHANNEL &&
          cardText(callCard(c)).includes(reference),
      );
    expect(posts()).toHaveLength(0);

    // The report is on disk with its delivery still due.
    const store = await SqliteStore.open({ dataDir });
    try {
      const incident = await store.incidents.getByReference(reference);
      expect(incident).toBeDefined();
      const due = (await store.outbox.undelivered()).filter(
        (m) => m.payload.incidentId === incident!.id && m.topic === 'slt.post_incident',
      );
      expect(due).toHaveLength(1);
      expect(due[0]!.failedPermanently).toBeFalsy();
    } finally {
      await store.close();
    }

    // Teams is back and the bot restarts on the same data.
    connector.failNext(0);
    running = await startBot(env);
    // The killed worker's claim on the message runs out first (the outbox lease, OUTBOX_LEASE_SECONDS
    // = 5 s here, 60 s by default: another instance may share the database, so a claim is never
    // stolen early), then any retry back-off and the next poll; bounded at 30 s, well under the
    // default lease, so this also shows the setting reaches the worker.
    await connector.waitFor((c) => posts().includes(c), 30_000);
    // Give the worker more rounds: still one card.
    await new Promise((r) => setTimeout(r, 2500));
    expect(posts()).toHaveLength(1);

    running.proc.kill('SIGTERM');
    await running.exited;
    running = undefined;
    const after = await SqliteStore.open({ dataDir });
    try {
      const incident = await after.incidents.getByReference(reference);
      expect(await after.incidents.getCardLocation(incident!.id)).toMatchObject({
        activityId: expect.any(String),
      });
    } finally {
      await after.close();
    }
  });
});
