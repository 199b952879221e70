import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { silentLogger } from '../../src/logger';
import { ConnectorStub } from '../support/connector-stub';
import { testConfig } from '../support/bot-harness';

function helpActivity(serviceUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: 'msg-1',
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:staff-1', aadObjectId: 'aad-staff-1', name: 'Sam Teacher' },
    recipient: { id: '28:bot-id', name: 'Safeguard' },
    conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: 'tenant-school-1' },
    channelData: { tenant: { id: 'tenant-school-1' } },
    text: 'help',
    locale: 'en-GB',
    ...overrides,
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP server in local mode', () => {
  let app: RunningApp;
  let connector: ConnectorStub;

  beforeAll(async () => {
    connector = await new ConnectorStub().start();
    app = await startApp(testConfig({ PORT: '0' }), {
      log: silentLogger,
      store: new MemoryStore(),
      typingIndicator: false,
    });
  });
  afterAll(async () => {
    await app.stop();
    await connector.stop();
  });

  it('answers a Teams message by posting the reply to the connector (serviceUrl)', async () => {
    const res = await post(app.url, helpActivity(connector.url));
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((c) => c.conversationId === 'a:personal-1');
    expect(reply.method).toBe('POST');
    expect(reply.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(reply.body.attachments[0].content)).toContain('Report an incident');
  });

  it('answers a policy question over HTTP with a cited card', async () => {
    const res = await post(
      app.url,
      helpActivity(connector.url, {
        id: 'msg-q',
        conversation: {
          id: 'a:personal-q',
          conversationType: 'personal',
          tenantId: 'tenant-school-1',
        },
        text: 'A pupil sent me a friend request on Instagram. Can I accept it?',
      }),
    );
    expect(res.status).toBe(200);
    const reply = await connector.waitFor(
      (c) => c.conversationId === 'a:personal-q' && Boolean(c.body.attachments),
    );
    const card = JSON.stringify(reply.body.attachments[0].content);
    expect(card).toMatch(/Report this/);
    expect(card.toLowerCase()).toMatch(/friend request|follow/);
  });

  it('reports health with version and store status', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({
      status: 'ok',
      mode: 'local',
      store: { kind: 'memory', ok: true },
    });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reports the policy library's size, skipped files and the school's own words separately", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'health-policies-'));
    cpSync('policies', dir, { recursive: true });
    writeFileSync(path.join(dir, 'school-words.txt'), 'Smoothwall = web filtering\nnot a line\n');
    writeFileSync(path.join(dir, 'scan.pdf'), 'not a pdf');
    const other = await startApp(testConfig({ PORT: '0', POLICY_DIR: dir }), {
      log: silentLogger,
      store: new MemoryStore(),
      typingIndicator: false,
    });
    try {
      const body = (await (await fetch(`${other.url}/healthz`)).json()) as Record<string, any>;
      expect(body.policies).toMatchObject({
        documents: 1,
        skippedFiles: 1,
        schoolWords: 1,
        schoolWordProblems: 1,
      });
      expect(body.policies.passages).toBeGreaterThan(10);
    } finally {
      await other.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('listens on loopback only in local mode', () => {
    expect(new URL(app.url).hostname).toBe('127.0.0.1');
  });

  it('rejects malformed JSON with 400 and keeps serving', async () => {
    const res = await post(app.url, '{"type": "message", ');
    expect(res.status).toBe(400);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('rejects a body that is not an activity with 400', async () => {
    expect((await post(app.url, [1, 2, 3])).status).toBe(400);
    expect((await post(app.url, { text: 'no type' })).status).toBe(400);
  });

  it('rejects an oversized body with 413', async () => {
    const huge = helpActivity(connector.url, { text: 'x'.repeat(300 * 1024) });
    const res = await post(app.url, huge);
    expect(res.status).toBe(413);
  });
});

describe('HTTP server with Bot Framework credentials', () => {
  let app: RunningApp;
  let connector: ConnectorStub;

  beforeAll(async () => {
    connector = await new ConnectorStub().start();
    app = await startApp(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        BOT_ID: '11111111-2222-3333-4444-555555555555',
        BOT_PASSWORD: 'not-a-real-secret',
      }),
      { log: silentLogger, store: new MemoryStore(), typingIndicator: false },
    );
  });
  afterAll(async () => {
    await app.stop();
    await connector.stop();
  });

  it('refuses an unauthenticated POST with 401 and runs no turn', async () => {
    const res = await post(app.url, helpActivity(connector.url));
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a forged bearer token with 401 and runs no turn', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'x' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        aud: '11111111-2222-3333-4444-555555555555',
        iss: 'https://api.botframework.com',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    const res = await post(app.url, helpActivity(connector.url), {
      authorization: `Bearer ${header}.${payload}.c2lnbmF0dXJl`,
    });
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });
});
