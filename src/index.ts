import type { Request, Response } from 'restify';
import { loadConfig, ConfigError, type Config } from './config';
import { systemClock, type Clock } from './core/clock';
import { isSchoolWordsFile } from './core/policy';
import { RoleDirectory } from './core/role-directory';
import type { Store } from './core/store';
import { createServer, listen, type HealthReport, type RunningServer } from './http/server';
import { createStore } from './infra/store/create-store';
import { createLogger, type Logger } from './logger';
import { APP_VERSION as version } from './project-root';
import { createAdapter } from './teams/adapter';
import { createBot, type BotDeps } from './teams/bot';
import { createDeliveryWorker, type DeliveryOptions } from './teams/delivery';
import { createReminderScheduler } from './teams/features/slt-commands';
import { sltHealth } from './teams/features/slt-setup';
import {
  startPolicySource,
  type PolicySource,
  type WatchedPolicySource,
} from './teams/policy-source';
import { BotStateStorage } from './teams/bot-state-storage';
import { turnHandler } from './teams/run-turn';

export interface RunningApp {
  url: string;
  config: Config;
  store: Store;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Use an already-open store (tests); otherwise one is created from config. */
  store?: Store;
  typingIndicator?: boolean;
  /** A ready policy source (tests); otherwise the policy folder is loaded and watched. */
  policies?: PolicySource;
  watchPolicies?: boolean;
  /** Outbox worker timings (tests make polling and back-off short). */
  deliveryWorker?: DeliveryOptions['worker'];
}

function closePolicies(policies: PolicySource): void {
  (policies as Partial<WatchedPolicySource>).close?.();
}

/** The composition root: builds every dependency once, wires them and starts listening. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    (await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock }));
  const roles = new RoleDirectory({
    adminIds: config.people.adminIds,
    sltIds: config.people.sltIds,
    dslId: config.people.dsl.id,
    headteacherId: config.people.headteacher.id,
  });

  const policies =
    options.policies ??
    (await startPolicySource(config.policyDir, {
      watch: options.watchPolicies ?? true,
      warn: (w) =>
        isSchoolWordsFile(w.fileName)
          ? log.warn({ event: 'school_word_line_unused', file: w.fileName }, 'a school-words line was not used')
          : log.warn({ event: 'policy_file_skipped', file: w.fileName }, 'policy file skipped'),
      onReload: (info) => log.info({ event: 'policies_indexed', ...info }, 'policies indexed'),
    }));

  const adapter = createAdapter(config, log);
  const deps: BotDeps = { config, log, clock, store, roles, policies };
  const app = createBot(deps, {
    storage: new BotStateStorage(store.state),
    typingIndicator: options.typingIndicator,
  });
  // Proactive delivery (SLT channel, reporter notices) runs from the transactional outbox.
  const deliveries = createDeliveryWorker(deps, adapter, {
    worker: { leaseMs: config.outbox.leaseSeconds * 1000, ...options.deliveryWorker },
  });
  deps.deliveries = deliveries;
  const reminders = createReminderScheduler(deps);

  const health = async (): Promise<HealthReport> => {
    const storeHealth = await store.health().catch(() => ({ ok: false, detail: 'unreachable' }));
    const slt = await sltHealth(store).catch(() => undefined);
    const library = policies.current();
    const failures = policies.lastFailures();
    return {
      status: storeHealth.ok ? 'ok' : 'degraded',
      version,
      mode: config.localMode ? 'local' : 'authenticated',
      store: { kind: store.kind, ...storeHealth },
      sltChannel: slt ?? { configured: false, error: 'store unavailable' },
      policies: {
        documents: library.documents.length,
        passages: library.passageCount,
        skippedFiles: failures.filter((f) => !isSchoolWordsFile(f.fileName)).length,
        schoolWords: library.schoolWordCount,
        schoolWordProblems: failures.filter((f) => isSchoolWordsFile(f.fileName)).length,
      },
    };
  };

  const server = createServer({
    log,
    maxBodyBytes: config.limits.maxBodyBytes,
    handleMessages: (req: Request, res: Response) =>
      adapter.process(req, res, turnHandler(app, log)),
    health,
  });
  let running: RunningServer;
  try {
    running = await listen(server, config.port, config.host);
  } catch (err) {
    closePolicies(policies);
    await store.close();
    throw err;
  }
  deliveries.start();
  reminders.start();

  if (config.localMode) {
    log.warn(
      { event: 'local_mode', host: config.host },
      'No BOT_ID/BOT_PASSWORD set: running in local mode without Bot Framework authentication, listening on loopback only. Use the playground to chat.',
    );
  }
  log.info({ event: 'started', url: running.url, store: store.kind, version }, 'bot started');

  let stopping: Promise<void> | undefined;
  return {
    url: running.url,
    config,
    store,
    stop: () =>
      (stopping ??= (async () => {
        await running.close();
        reminders.stop();
        await deliveries.stop();
        closePolicies(policies);
        await store.close();
        log.info({ event: 'stopped' }, 'bot stopped');
      })()),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const app = await startApp(config, { log });

  const shutdown = (signal: string) => {
    log.info({ event: 'shutdown', signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    log.error(
      { event: 'unhandled_rejection', errorType: (reason as Error)?.name },
      'unhandled rejection',
    );
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error('The bot could not start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
