import { systemClock, type Clock } from '../clock';
import type { OutboxMessage, OutboxRepository } from '../store';

/**
 * Delivers outbox messages (posts to the SLT channel, notifications to reporters) with retry.
 *
 * Delivery is at-least-once: a message can be handed to its handler again if the process dies
 * after the handler succeeded but before it was marked delivered, or if a handler outlives its
 * lease. Handlers MUST therefore be idempotent by `msg.key` (e.g. look up whether the card for
 * `slt-post:<incidentId>` was already posted before posting it).
 */
export type DeliveryHandler = (msg: OutboxMessage) => Promise<void>;

/** Thrown by a handler when retrying cannot help (e.g. the bot was removed from the team). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The subset of a pino logger the worker uses; it logs ids and topics, never payloads. */
export interface WorkerLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface BackoffOptions {
  /** First retry delay. */
  initialMs: number;
  /** Cap on any delay. */
  maxMs: number;
  /** Fraction of the delay randomised either way, 0..1. */
  jitter: number;
}

export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  handlers: Record<string, DeliveryHandler>;
  clock?: Clock;
  /** How often to look for due messages when not poked. */
  pollMs?: number;
  /** Messages claimed per round. */
  batch?: number;
  /** How long a claimed message stays invisible to other workers. Longer than the slowest handler. */
  leaseMs?: number;
  backoff?: Partial<BackoffOptions>;
  log?: WorkerLog;
  /** For tests: the jitter source. */
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 5_000, maxMs: 10 * 60_000, jitter: 0.2 };

const silentLog: WorkerLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Exponential back-off with jitter: attempt 1 waits ~initialMs, doubling, capped at maxMs. */
export function retryDelayMs(
  attempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jittered = base * (1 - options.jitter + 2 * options.jitter * random());
  return Math.round(Math.min(options.maxMs, Math.max(options.initialMs, jittered)));
}

export class OutboxWorker {
  private readonly outbox: OutboxRepository;
  private readonly handlers: Record<string, DeliveryHandler>;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffOptions;
  private readonly log: WorkerLog;
  private readonly random: () => number;

  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private poked = false;

  constructor(opts: OutboxWorkerOptions) {
    this.outbox = opts.outbox;
    this.handlers = opts.handlers;
    this.clock = opts.clock ?? systemClock;
    this.pollMs = opts.pollMs ?? 2_000;
    this.batch = opts.batch ?? 20;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.log = opts.log ?? silentLog;
    this.random = opts.random ?? Math.random;
  }

  /** Starts polling in the background; call `poke()` after an enqueue to deliver at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling and waits for the round in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Wakes the worker now instead of at the next poll (no-op when stopped). */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** Claims and handles one batch of due messages; returns how many were handled. */
  async runOnce(): Promise<number> {
    const claimed = await this.outbox.claimDue(this.clock.now(), this.batch, this.leaseMs);
    // In order within one incident (its card is posted before its updates), incidents side by side so
    // a burst of reports does not queue behind one another.
    const lanes = new Map<string, OutboxMessage[]>();
    for (const msg of claimed) {
      const incidentId = msg.payload.incidentId;
      const lane = typeof incidentId === 'string' ? `incident:${incidentId}` : `message:${msg.id}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), msg]);
    }
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const msg of lane) await this.deliver(msg);
      }),
    );
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.poked = false;
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (err) {
        this.log.error(
          { event: 'outbox.round_failed', error: errorName(err) },
          'outbox round failed',
        );
      }
      if (!this.running) break;
      // A full batch means more may be waiting: go again without sleeping.
      if (handled >= this.batch || this.poked) continue;
      await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private async deliver(msg: OutboxMessage): Promise<void> {
    const context = {
      event: 'outbox.delivery',
      id: msg.id,
      topic: msg.topic,
      attempts: msg.attempts,
    };
    const handler = Object.hasOwn(this.handlers, msg.topic) ? this.handlers[msg.topic] : undefined;
    if (!handler) {
      await this.outbox.markFailed(
        msg.id,
        `No handler for topic "${msg.topic}"; this message will not be retried.`,
        this.clock.now(),
        true,
      );
      this.log.error({ ...context, outcome: 'unknown_topic' }, 'outbox message has no handler');
      return;
    }
    try {
      await handler(msg);
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError;
      const delay = permanent ? 0 : retryDelayMs(msg.attempts, this.backoff, this.random);
      const next = new Date(this.clock.now().getTime() + delay);
      await this.outbox.markFailed(msg.id, describe(err), next, permanent);
      const outcome = permanent ? 'failed_permanently' : 'retry_scheduled';
      this.log.warn(
        { ...context, outcome, retryInMs: delay, error: errorName(err) },
        'outbox delivery failed',
      );
      return;
    }
    await this.outbox.markDelivered(msg.id, this.clock.now());
    this.log.info({ ...context, outcome: 'delivered' }, 'outbox message delivered');
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

/** Kept in the database for operators, not logged: handler errors may echo request details. */
function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
