import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  method: string;
  /** Path with query, e.g. /v1/chat/completions or /openai/deployments/x/chat/completions?api-version=... */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages: { role: string; content: string }[]; [key: string]: unknown };
}

type Reply = { status?: number; content?: string; delayMs?: number; raw?: unknown };

/**
 * A local OpenAI-compatible chat completions server (OpenAI and Azure paths). Records every request
 * and answers with the queued replies, then with the default one.
 */
export class FakeOpenAI {
  readonly requests: ChatRequest[] = [];
  url = '';
  private server?: http.Server;
  private queue: Reply[] = [];
  private fallback: Reply = { content: 'The policy says so [1].' };

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next reply (then the default). */
  reply(reply: Reply): this {
    this.queue.push(reply);
    return this;
  }

  answerWith(content: string): this {
    this.fallback = { content };
    return this;
  }

  /** All text the model was given in the last request (every message, joined). */
  lastPrompt(): string {
    const last = this.requests.at(-1);
    return last ? last.body.messages.map((m) => m.content).join('\n') : '';
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method !== 'POST' || !/\/chat\/completions(\?|$)/.test(path)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not found"}}');
        return;
      }
      let body: ChatRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      this.requests.push({ method: req.method, path, headers: req.headers, body });
      const reply = this.queue.shift() ?? this.fallback;
      const send = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        const payload =
          reply.raw ??
          (status === 200
            ? {
                id: `chatcmpl-${this.requests.length}`,
                object: 'chat.completion',
                created: 1_700_000_000,
                model: body.model ?? 'fake',
                choices: [
                  {
                    index: 0,
                    message: { role: 'assistant', content: reply.content ?? '' },
                    finish_reason: 'stop',
                  },
                ],
                usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
              }
            : { error: { message: 'fake failure', type: 'server_error' } });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  }
}
