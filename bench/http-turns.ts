import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import {
  ActivityTypes,
  ConfigurationServiceClientCredentialFactory,
  MemoryStorage,
} from 'botbuilder';
import { loadConfig } from '../src/config';
import { startApp } from '../src/index';
import { createServer, listen } from '../src/http/server';
import { MemoryStore } from '../src/infra/store/memory-store';
import { silentLogger } from '../src/logger';
import { ConnectorStub } from '../test/support/connector-stub';
import type { BenchRow } from './bench-row';
import { ms, percentile, timed } from './stats';

export function teamsMessage(serviceUrl: string, text: string, i: number) {
  return {
    type: 'message',
    id: `m-${i}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:user-${i % 50}`, aadObjectId: `aad-user-${i % 50}`, name: 'Bench User' },
    recipient: { id: '28:bot', name: 'Safeguard' },
    conversation: { id: `a:conv-${i % 50}`, conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
    text,
    locale: 'en-GB',
  };
}

/** Drives `turns` HTTP turns at `concurrency`, returning per-turn latencies (ms) and wall time. */
export async function drive(
  url: string,
  make: (i: number) => unknown,
  turns: number,
  concurrency: number,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = Date.now();
  const worker = async () => {
    while (next < turns) {
      const i = next++;
      latencies.push(
        await timed(async () => {
          const res = await fetch(`${url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(make(i)),
          });
          await res.arrayBuffer();
          if (res.status >= 300) throw new Error(`turn ${i} failed with HTTP ${res.status}`);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, wallMs: Date.now() - start };
}

/** The floor: an echo bot on the same stack (restify server module, TeamsAdapter, teams-ai Application). */
async function startEchoBot() {
  const auth = {
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  };
  const adapter = new TeamsAdapter(auth, new ConfigurationServiceClientCredentialFactory(auth));
  const app = new Application({ storage: new MemoryStorage(), startTypingTimer: false });
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
  const server = createServer({
    log: silentLogger,
    maxBodyBytes: 256 * 1024,
    handleMessages: (req, res) => adapter.process(req, res, async (c) => void (await app.run(c))),
    health: async () => ({ status: 'ok', version: 'echo' }),
  });
  return listen(server, 0, '127.0.0.1');
}

export async function httpTurnBench(options: {
  turns: number;
  concurrency: number;
  memoryTurns: number;
}): Promise<BenchRow[]> {
  const connector = await new ConnectorStub({ checkCards: false }).start();
  // The stub keeps every call for tests; the bench only needs the replies to land.
  const calls = connector.calls;
  const trim = setInterval(() => calls.splice(0), 200);
  const echo = await startEchoBot();
  const bot = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000' }, { envFile: false }), {
    log: silentLogger,
    store: new MemoryStore(),
    typingIndicator: false,
  });
  try {
    const warm = 300;
    await drive(
      echo.url,
      (i) => teamsMessage(connector.url, 'hello', i),
      warm,
      options.concurrency,
    );
    await drive(bot.url, (i) => teamsMessage(connector.url, 'help', i), warm, options.concurrency);

    // Interleave rounds so background noise hits both sides alike.
    const echoLat: number[] = [];
    const botLat: number[] = [];
    let echoWall = 0;
    let botWall = 0;
    const rounds = 4;
    for (let r = 0; r < rounds; r++) {
      const e = await drive(
        echo.url,
        (i) => teamsMessage(connector.url, 'hello', i),
        options.turns / rounds,
        options.concurrency,
      );
      const b = await drive(
        bot.url,
        (i) => teamsMessage(connector.url, 'help', i),
        options.turns / rounds,
        options.concurrency,
      );
      echoLat.push(...e.latencies);
      botLat.push(...b.latencies);
      echoWall += e.wallMs;
      botWall += b.wallMs;
    }
    const p50e = percentile(echoLat, 50);
    const p99e = percentile(echoLat, 99);
    const p50b = percentile(botLat, 50);
    const p99b = percentile(botLat, 99);
    const ratio50 = p50b / p50e;
    const ratio99 = p99b / p99e;

    // Memory after many turns: the process's resident set, after a GC if exposed.
    const memTurns = options.memoryTurns;
    await drive(
      bot.url,
      (i) => teamsMessage(connector.url, 'help', i),
      memTurns,
      options.concurrency,
    );
    (global as { gc?: () => void }).gc?.();
    const rssMb = process.memoryUsage().rss / 1024 / 1024;

    return [
      {
        name: `echo bot (floor): help turn p50 / p99 over HTTP, ${options.concurrency} concurrent`,
        value: `${ms(p50e)} / ${ms(p99e)}`,
      },
      {
        name: 'echo bot (floor): throughput',
        value: `${Math.round((echoLat.length / echoWall) * 1000)} turns/s`,
      },
      { name: 'safeguard bot: help turn p50 / p99 over HTTP', value: `${ms(p50b)} / ${ms(p99b)}` },
      {
        name: 'safeguard bot: throughput',
        value: `${Math.round((botLat.length / botWall) * 1000)} turns/s`,
      },
      {
        name: 'help turn ratio to floor, p50',
        value: ratio50.toFixed(2),
        target: '< 1.5',
        ok: ratio50 < 1.5,
      },
      {
        name: 'help turn ratio to floor, p99',
        value: ratio99.toFixed(2),
        target: '< 1.5',
        ok: ratio99 < 1.5,
      },
      {
        name: `resident memory after ${memTurns.toLocaleString('en-GB')} more turns (bench process, both bots)`,
        value: `${rssMb.toFixed(0)} MB`,
      },
    ];
  } finally {
    clearInterval(trim);
    await bot.stop();
    await echo.close();
    await connector.stop();
  }
}
