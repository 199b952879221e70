import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../src/index';
import { createStore } from '../../src/infra/store/create-store';
import type { Store } from '../../src/core/store';
import { silentLogger } from '../../src/logger';
import { ALL_VERBS } from '../../src/teams/verbs';
import { ConnectorStub } from '../support/connector-stub';
import { testConfig, STAFF, SLT_LEAD, TENANT } from '../support/bot-harness';

/**
 * Hostile input through the real HTTP endpoint: at least 10,000 malformed or adversarial activities
 * and card payloads. The process must never crash, every request must get a 2xx/4xx answer, and the
 * store must never be left corrupted or half-written.
 */
const TOTAL = 10_000;

const hugeString = fc.constantFrom('x'.repeat(70_000), 'é'.repeat(20_000), '\u0000'.repeat(5000));
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    '${jndi:ldap://x}',
    '${$root.secret}',
    '<at>Everyone</at>',
    '[click](https://evil.example)',
    '\ud800',
    '\uffff',
    '%00',
    'INC-2026-0001',
    'report',
    'my reports',
    'setup',
    'export',
    'reload',
    'show INC-2026-0001',
  ),
  hugeString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const deep = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;
const pollutedObject = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": true}, "verb": "report.step"}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  { toString: 'x', valueOf: 1 },
);
function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function activityArb(serviceUrl: string) {
  const user = fc.constantFrom(
    { id: STAFF.id, aadObjectId: STAFF.aadObjectId, name: STAFF.name },
    { id: SLT_LEAD.id, aadObjectId: SLT_LEAD.aadObjectId, name: SLT_LEAD.name },
    { id: '29:stranger', aadObjectId: 'aad-stranger', name: '<at>x</at>' },
  );
  const conversation = fc.constantFrom(
    { id: 'a:fuzz-personal', conversationType: 'personal', tenantId: TENANT },
    { id: '19:slt@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: TENANT },
  );
  const base = fc.record({
    type: fc.constantFrom(
      'message',
      'invoke',
      'conversationUpdate',
      'messageReaction',
      'event',
      'typing',
      'bogus',
    ),
    id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    channelId: fc.constantFrom('msteams', 'msteams', 'webchat', ''),
    // Replies only ever go to the local stub or a closed loopback port: never off this machine.
    serviceUrl: fc.constantFrom(serviceUrl, serviceUrl, 'http://127.0.0.1:9/', 'not a url', ''),
    from: fc.oneof(user, deep),
    recipient: fc.constant({ id: '28:bot-id', name: 'Safeguard' }),
    conversation: fc.oneof(conversation, deep),
    channelData: fc.oneof(fc.constant({ tenant: { id: TENANT } }), deep),
    text: nasty,
    name: fc.constantFrom(
      'adaptiveCard/action',
      'composeExtension/fetchTask',
      'composeExtension/submitAction',
      'task/fetch',
      'bogus/invoke',
      '',
    ),
    value: fc.oneof(
      fc.record({
        action: fc.record({
          type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'),
          verb: fc.oneof(fc.constantFrom(...ALL_VERBS), nasty),
          data: fc.oneof(deep, pollutedObject),
        }),
        trigger: fc.constantFrom('manual', 'automatic', 'x'),
      }),
      deep,
      pollutedObject,
    ),
    entities: fc.oneof(fc.constant(undefined), deep),
    membersAdded: fc.oneof(fc.constant(undefined), fc.constant([{ id: '28:bot-id' }]), deep),
  });
  return fc.oneof(
    { weight: 8, arbitrary: base.map((a) => a as unknown) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.constantFrom(nested(5000), [1, 2], 'just a string', 42, null) },
  );
}

const rawBodies = [
  '{"type":"message","text":',
  '\u0000\u0001garbage',
  Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x7b]).toString('latin1'),
  '{"type": "message", "text": "\\ud800"}',
  '[]',
  '',
];

describe('hostile input over HTTP', () => {
  let app: RunningApp;
  let store: Store;
  let connector: ConnectorStub;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
    connector = await new ConnectorStub().start();
    store = await createStore({ dataDir });
    app = await startApp(
      testConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '10000', DATA_DIR: dataDir }),
      {
        log: silentLogger,
        store,
        typingIndicator: false,
      },
    );
  });
  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${TOTAL.toLocaleString('en-GB')} malformed and adversarial requests`, async () => {
    const samples = fc.sample(activityArb(connector.url), {
      numRuns: TOTAL - rawBodies.length,
      seed: 20261121,
    });
    const bodies: (string | Buffer)[] = [...rawBodies];
    for (const s of samples) {
      try {
        bodies.push(JSON.stringify(s) ?? 'null');
      } catch {
        bodies.push('{"type":"message"}');
      }
    }
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        connector.calls.splice(0);
        const res = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(TOTAL);
    const serverErrors = [...statuses.entries()].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Still serving, and the store is whole: every incident's trail matches its state.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    for (const incident of await store.incidents.list({ limit: 10_000 })) {
      const events = await store.incidents.events(incident.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.length).toBe(incident.version);
    }
  }, 240_000);
});
