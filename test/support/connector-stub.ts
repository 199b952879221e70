import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardProblems } from './card-validator';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, any>;
  authorization?: string;
}

/**
 * A local stand-in for the Bot Framework connector (the `serviceUrl` Teams gives the bot). It records
 * what the bot sends, and can be told to fail for a while to test retries. Every Adaptive Card the
 * bot posts or updates is checked as Teams would parse it (see card-validator.ts); `stop()` fails
 * if any was invalid. Benchmarks turn the check off so it does not count towards their timings.
 */
export class ConnectorStub {
  readonly calls: RecordedCall[] = [];
  /** What was wrong with cards the bot sent, if anything. */
  readonly invalidCards: string[] = [];
  private server?: http.Server;
  private failures: { status: number; remaining: number } | undefined;
  private nextId = 1;
  private waiters: {
    predicate: (c: RecordedCall) => boolean;
    resolve: (c: RecordedCall) => void;
  }[] = [];

  url = '';

  constructor(private readonly options: { checkCards?: boolean } = {}) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
    if (this.invalidCards.length) {
      throw new Error(
        `The bot sent invalid Adaptive Cards to the connector:\n- ${this.invalidCards.join('\n- ')}`,
      );
    }
  }

  /** The next `count` calls fail with `status` (e.g. 500 for an outage, 403 for "bot removed"). */
  failNext(count: number, status = 500): void {
    this.failures = { status, remaining: count };
  }

  /** Activities the bot sent (POSTs), oldest first. */
  get sent(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }

  waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('connector stub: expected call did not arrive')),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  private checkCards(call: RecordedCall): void {
    const activity = (call.body.activity ?? call.body) as {
      attachments?: { contentType?: string; content?: unknown }[];
    };
    for (const a of activity.attachments ?? []) {
      if (a.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
      for (const p of cardProblems(a.content))
        this.invalidCards.push(`${call.method} ${call.path}: ${p}`);
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = decodeURIComponent(req.url ?? '');
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(path);
      if (this.failures && this.failures.remaining > 0) {
        this.failures.remaining--;
        res.writeHead(this.failures.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'StubFailure', message: 'failing on purpose' } }));
        return;
      }
      let body: Record<string, any> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        body = {};
      }
      if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(path)) {
        const id = `a:created-${this.nextId++}`;
        this.record({
          method: 'POST',
          path,
          conversationId: id,
          body,
          authorization: req.headers.authorization,
        });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, activityId: `act-${this.nextId++}` }));
        return;
      }
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path,
        conversationId: match?.[1] ?? '',
        activityId: match?.[2],
        body,
        authorization: req.headers.authorization,
      };
      this.record(call);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: call.activityId && req.method === 'PUT' ? call.activityId : `stub-${this.nextId++}`,
        }),
      );
    });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.options.checkCards !== false) this.checkCards(call);
    for (const w of [...this.waiters]) {
      if (w.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  }
}
