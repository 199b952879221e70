import fc from 'fast-check';
import { fixedClock } from '../../../src/core/clock';
import {
  OutboxWorker,
  PermanentDeliveryError,
  retryDelayMs,
  type WorkerLog,
} from '../../../src/core/delivery/outbox-worker';
import type { OutboxMessage } from '../../../src/core/store';
import { MemoryStore } from '../../../src/infra/store/memory-store';

const secret = 'Pupil X said something private';
const message = (key: string, topic = 'reporter.notify') => ({
  key,
  topic,
  payload: { text: secret },
});

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log: WorkerLog = {
    info: (o) => lines.push({ level: 'info', ...o }),
    warn: (o) => lines.push({ level: 'warn', ...o }),
    error: (o) => lines.push({ level: 'error', ...o }),
  };
  return { log, lines };
}

describe('OutboxWorker', () => {
  it('delivers due messages in order and marks them delivered', async () => {
    const clock = fixedClock('2026-10-01T10:00:00Z');
    const store = new MemoryStore(clock);
    await store.outbox.enqueue([message('a'), message('b')]);
    const seen: string[] = [];
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      handlers: { 'reporter.notify': async (m) => void seen.push(m.key) },
    });
    expect(await worker.runOnce()).toBe(2);
    expect(seen).toEqual(['a', 'b']);
    expect(await store.outbox.undelivered()).toEqual([]);
    expect(await worker.runOnce()).toBe(0);
  });

  it('keeps order within one incident but does not make other incidents wait behind a slow one', async () => {
    const clock = fixedClock('2026-10-01T10:00:00Z');
    const store = new MemoryStore(clock);
    const post = (key: string, incidentId: string) => ({
      key,
      topic: 'slt.post_incident',
      payload: { incidentId },
    });
    await store.outbox.enqueue([post('a-post', 'A'), post('a-update', 'A'), post('b-post', 'B')]);
    const events: string[] = [];
    let releaseA!: () => void;
    const aBlocked = new Promise<void>((resolve) => (releaseA = resolve));
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      handlers: {
        'slt.post_incident': async (m) => {
          events.push(`start ${m.key}`);
          if (m.key === 'a-post') await aBlocked;
          events.push(`done ${m.key}`);
        },
      },
    });
    const round = worker.runOnce();
    // B is delivered while A's first post is still in flight; A's update waits for A's post.
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['start a-post', 'start b-post', 'done b-post']);
    releaseA();
    await round;
    expect(events).toEqual([
      'start a-post',
      'start b-post',
      'done b-post',
      'done a-post',
      'start a-update',
      'done a-update',
    ]);
  });

  it('retries failures with exponential back-off, capped, and logs no message content', async () => {
    const clock = fixedClock('2026-10-01T10:00:00Z');
    const store = new MemoryStore(clock);
    await store.outbox.enqueue([message('a')]);
    const { log, lines } = recordingLog();
    let calls = 0;
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      log,
      random: () => 0.5, // no jitter
      backoff: { initialMs: 5_000, maxMs: 30_000 },
      handlers: {
        'reporter.notify': async () => {
          calls++;
          throw new Error(`HTTP 503 while sending "${secret}"`);
        },
      },
    });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await worker.runOnce()).toBe(1);
      const [pending] = await store.outbox.undelivered();
      delays.push(Date.parse(pending.nextAttemptAt) - clock.now().getTime());
      expect(await worker.runOnce()).toBe(0); // not due yet
      clock.set(pending.nextAttemptAt);
    }
    expect(delays).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
    expect(calls).toBe(5);
    const [pending] = await store.outbox.undelivered();
    expect(pending).toMatchObject({ attempts: 5, lastError: expect.stringContaining('HTTP 503') });
    expect(pending.failedPermanently).toBeUndefined();
    expect(lines.filter((l) => l.outcome === 'retry_scheduled')).toHaveLength(5);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('stops retrying on PermanentDeliveryError and on unknown topics, keeping them visible', async () => {
    const clock = fixedClock('2026-10-01T10:00:00Z');
    const store = new MemoryStore(clock);
    await store.outbox.enqueue([message('gone'), message('odd', 'no.such.topic')]);
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      handlers: {
        'reporter.notify': async () => {
          throw new PermanentDeliveryError('bot removed from the team');
        },
      },
    });
    expect(await worker.runOnce()).toBe(2);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await worker.runOnce()).toBe(0);
    const byKey = Object.fromEntries((await store.outbox.undelivered()).map((m) => [m.key, m]));
    expect(byKey.gone).toMatchObject({
      failedPermanently: true,
      lastError: expect.stringContaining('bot removed'),
    });
    expect(byKey.odd).toMatchObject({
      failedPermanently: true,
      lastError: expect.stringContaining('No handler for topic "no.such.topic"'),
    });
  });

  it('does not treat inherited object properties as handlers', async () => {
    const store = new MemoryStore();
    await store.outbox.enqueue([message('x', 'toString')]);
    const worker = new OutboxWorker({ outbox: store.outbox, handlers: {} });
    await worker.runOnce();
    expect((await store.outbox.undelivered())[0].failedPermanently).toBe(true);
  });

  it('delivers within a second of a poke, not a poll later, and stops cleanly', async () => {
    const store = new MemoryStore();
    const delivered: OutboxMessage[] = [];
    let resolveDelivered: () => void = () => {};
    const gotOne = new Promise<void>((r) => (resolveDelivered = r));
    const worker = new OutboxWorker({
      outbox: store.outbox,
      pollMs: 60_000,
      handlers: {
        'reporter.notify': async (m) => {
          delivered.push(m);
          resolveDelivered();
        },
      },
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 50)); // first (empty) round done, now sleeping
    const started = Date.now();
    await store.outbox.enqueue([message('now')]);
    worker.poke();
    await gotOne;
    expect(Date.now() - started).toBeLessThan(1_000);
    await worker.stop();
    expect(delivered.map((m) => m.key)).toEqual(['now']);
  });

  it('keeps running through a store outage and delivers once the store is back', async () => {
    const store = new MemoryStore();
    await store.outbox.enqueue([message('late')]);
    store.setUnavailable(true);
    const { log, lines } = recordingLog();
    const seen: string[] = [];
    const worker = new OutboxWorker({
      outbox: store.outbox,
      log,
      pollMs: 20,
      handlers: { 'reporter.notify': async (m) => void seen.push(m.key) },
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 80));
    expect(lines.some((l) => l.event === 'outbox.round_failed')).toBe(true);
    store.setUnavailable(false);
    for (let i = 0; i < 250 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(seen).toEqual(['late']);
  });
});

describe('retryDelayMs', () => {
  const options = { initialMs: 5_000, maxMs: 600_000, jitter: 0.2 };
  it('stays within the cap and within the jitter band around the exponential delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempts, r) => {
          const delay = retryDelayMs(attempts, options, () => r);
          const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempts - 1, 30));
          expect(delay).toBeGreaterThanOrEqual(options.initialMs);
          expect(delay).toBeLessThanOrEqual(options.maxMs);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(Math.min(base * 0.8, options.maxMs)));
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
        },
      ),
    );
  });
});
