import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { INCIDENT_TYPE_IDS, INCIDENT_TYPES } from '../../../src/core/incidents/incident-types';
import { startApp, type RunningApp } from '../../../src/index';
import { silentLogger } from '../../../src/logger';
import { VERBS } from '../../../src/teams/verbs';
import { cardText } from '../../support/bot-harness';
import { ConnectorStub } from '../../support/connector-stub';

/**
 * The report flow through the real server, adapter and SQLite store, as the playground drives it:
 * Action.Execute invokes over HTTP, drafts in the database-backed conversation state.
 */

jest.setTimeout(60_000);

let connector: ConnectorStub;
let dataDir: string;
let seq = 0;

beforeAll(async () => {
  connector = await new ConnectorStub().start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-http-'));
});
afterAll(async () => {
  await connector.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<RunningApp> {
  return startApp(
    loadConfig(
      {
        PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DSL_NAME: 'Jo Safeguarding',
        RATE_LIMIT_PER_MINUTE: '10000',
      },
      { envFile: false },
    ),
    { log: silentLogger, typingIndicator: false },
  );
}

function activity(user: string) {
  return {
    id: `a-${seq++}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user}`, aadObjectId: `aad-${user}`, name: 'Sam Teacher' },
    recipient: { id: '28:bot', name: 'Safeguard' },
    conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
    locale: 'en-GB',
  };
}

async function execute(
  app: RunningApp,
  user: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<Record<string, any>> {
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...activity(user),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type: string; value: Record<string, any> };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

function draftIdOf(card: Record<string, any>): string {
  return (card.actions as { data?: { draftId?: string } }[]).find((a) => a.data?.draftId)!.data!
    .draftId!;
}

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);

describe('report flow over HTTP on SQLite', () => {
  it('reports every type end to end, each with its guidance on the receipt', async () => {
    const app = await start();
    try {
      for (const type of INCIDENT_TYPE_IDS) {
        const info = INCIDENT_TYPES[type];
        const user = `http-${type}`;
        let card = await execute(app, user, VERBS.reportStart, {});
        const draftId = draftIdOf(card);
        card = await execute(app, user, VERBS.reportStep, { draftId, step: 'type', type });
        if (info.speakToDslFirst) {
          expect(cardText(card)).toContain('Speak to Jo Safeguarding now');
          card = await execute(app, user, VERBS.reportStep, { draftId, step: 'speak_to_dsl' });
        }
        const answers: [string, Record<string, unknown>][] = [
          [
            'what',
            {
              account: 'Something happened that I need to report.',
              occurredDate: yesterday(),
              where: 'Online',
            },
          ],
          ['who', { involvedRole: 'unknown' }],
          ...(info.collectsEvidence
            ? [['evidence', { evidenceKept: 'no' }] as [string, Record<string, unknown>]]
            : []),
          ['actions', { actionsTaken: '' }],
          ['told_dsl', { toldDsl: 'no' }],
        ];
        for (const [step, values] of answers) {
          card = await execute(app, user, VERBS.reportStep, { draftId, step, ...values });
        }
        expect(cardText(card)).toContain('Check your report');
        const receipt = await execute(app, user, VERBS.reportSubmit, { draftId, step: 'review' });
        const text = cardText(receipt);
        expect(text).toContain('Report sent');
        for (const line of info.guidance) expect(text).toContain(line);
      }
      const stored = await app.store.incidents.list();
      expect(stored).toHaveLength(INCIDENT_TYPE_IDS.length);
      expect(new Set(stored.map((i) => i.reference)).size).toBe(INCIDENT_TYPE_IDS.length);
    } finally {
      await app.stop();
    }
  });

  it('keeps a draft across a real restart of the bot', async () => {
    const first = await start();
    let draftId: string;
    try {
      const card = await execute(first, 'restart-user', VERBS.reportStart, { type: 'data_breach' });
      draftId = draftIdOf(card);
      await execute(first, 'restart-user', VERBS.reportStep, {
        draftId,
        step: 'what',
        account: 'An email with pupil data went to the wrong parent.',
        occurredDate: yesterday(),
        where: 'School email',
      });
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const resumed = await execute(second, 'restart-user', VERBS.reportResume, { draftId });
      expect(cardText(resumed)).toContain('Who is involved');
      const back = await execute(second, 'restart-user', VERBS.reportBack, {
        draftId,
        step: 'who',
      });
      expect(JSON.stringify(back)).toContain('An email with pupil data went to the wrong parent.');
    } finally {
      await second.stop();
    }
  });
});
