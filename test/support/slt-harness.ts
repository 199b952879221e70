import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Config } from '../../src/config';
import { fixedClock } from '../../src/core/clock';
import type { IncidentReport } from '../../src/core/incidents/incident';
import type { Urgency } from '../../src/core/incidents/incident-types';
import { submissionOutbox } from '../../src/core/incidents/report-service';
import type { Incident } from '../../src/core/incidents/incident';
import type { Store } from '../../src/core/store';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { createAdapter } from '../../src/teams/adapter';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/teams/delivery';
import { ADMIN, Harness, STAFF, testConfig, type TestUser } from './bot-harness';
import { ConnectorStub, type RecordedCall } from './connector-stub';
import { aReport } from './incident-mother';

export const SLT_CHANNEL = '19:slt-channel@thread.tacv2';

/**
 * The bot (TestAdapter conversations) plus the real delivery worker on a local-mode CloudAdapter
 * that talks to a connector stub: what SLT and reporters receive proactively lands in `connector`.
 */
export class SltHarness {
  readonly harness: Harness;
  readonly connector = new ConnectorStub();
  delivery!: DeliveryWorker;
  pokes = 0;

  readonly store: Store;

  constructor(
    readonly config: Config = testConfig(),
    readonly clock = fixedClock('2026-11-20T10:00:00Z'),
    store?: Store,
  ) {
    // The store shares the clock so outbox due times follow the test's time.
    this.store = store ?? new MemoryStore(clock);
    this.harness = new Harness(this.store, config, clock, (deps) => ({
      ...deps,
      deliveries: { poke: () => void this.pokes++ },
    }));
  }

  /** Members the stub returns for the SLT team's roster (GET .../pagedmembers). */
  rosterMembers: { id: string; aadObjectId: string; name: string }[] = [];

  async start(): Promise<this> {
    // The shared stub does not know team rosters: answer those here, pass everything else on.
    const stub = this.connector as unknown as {
      handle(req: IncomingMessage, res: ServerResponse): void;
    };
    const handle = stub.handle.bind(stub);
    stub.handle = (req, res) => {
      if (req.method === 'GET' && /\/pagedmembers/.test(req.url ?? '')) {
        this.connector.calls.push({
          method: 'GET',
          path: decodeURIComponent(req.url ?? ''),
          conversationId: '',
          body: {},
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ members: this.rosterMembers }));
        return;
      }
      handle(req, res);
    };
    await this.connector.start();
    // Conversation references saved from turns point at the stub, as a real serviceUrl would.
    const url = () => this.connector.url;
    const save = this.store.addresses.save.bind(this.store.addresses);
    this.store.addresses.save = (id, address) => save(id, { ...address, serviceUrl: url() });
    const set = this.store.settings.set.bind(this.store.settings);
    this.store.settings.set = (key, value) => {
      const v = value as { reference?: Record<string, unknown> } | undefined;
      if (key === 'slt.channel' && v?.reference)
        return set(key, { ...v, reference: { ...v.reference, serviceUrl: url() } });
      return set(key, value);
    };
    this.delivery = createDeliveryWorker(this.harness.deps, createAdapter(this.config), {
      worker: { backoff: { initialMs: 1000, maxMs: 1000, jitter: 0 } },
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.delivery?.stop();
    await this.connector.stop();
  }

  /**
   * Runs one activity through a real local-mode CloudAdapter (not the TestAdapter), so Teams API
   * calls made during the turn (the team roster) reach the connector stub.
   */
  async viaConnector(activity: Partial<Activity>): Promise<void> {
    const adapter = createAdapter(this.config);
    await adapter.processActivityDirect(
      '',
      { ...activity, serviceUrl: this.connector.url } as Activity,
      async (context) => {
        await this.harness.app.run(context);
      },
    );
  }

  /** An admin runs `setup` in the SLT channel. */
  async setup(): Promise<void> {
    await this.harness.channel(ADMIN, SLT_CHANNEL).say('setup', { mention: true });
  }

  /** The reporter has chatted with the bot once, so their personal chat is known. */
  async reporterChats(user: TestUser = STAFF): Promise<void> {
    await this.harness.personal(user).say('hello');
  }

  async submit(
    report: Partial<IncidentReport> = {},
    urgency: Urgency = 'normal',
  ): Promise<Incident> {
    const full = aReport(report);
    const { incident } = await this.store.incidents.submit({
      idempotencyKey: `submit-${Math.random()}`,
      reporter: { id: STAFF.aadObjectId, name: STAFF.name },
      report: full,
      urgency,
      at: this.clock.now(),
      outbox: submissionOutbox(full.type),
    });
    return incident;
  }

  /** Runs delivery rounds until nothing due is left (bounded). */
  async deliver(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      if ((await this.delivery.runOnce()) === 0) return;
    }
  }

  /** Calls since `mark` (use `connector.calls.length` as a mark). */
  since(mark: number): RecordedCall[] {
    return this.connector.calls.slice(mark);
  }

  cardPosts(): RecordedCall[] {
    return this.connector.calls.filter(
      (c) => c.method === 'POST' && c.conversationId === SLT_CHANNEL && c.body.attachments?.length,
    );
  }
}

/** The adaptive card carried by a recorded connector call. */
export function callCard(call: RecordedCall | undefined): Record<string, unknown> | undefined {
  return call?.body?.attachments?.find(
    (a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
}
