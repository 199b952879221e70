import restify from 'restify';
import type { Logger } from '../logger';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  [key: string]: unknown;
}

export interface ServerDeps {
  log: Logger;
  maxBodyBytes: number;
  /** Handles one Bot Framework activity POSTed to /api/messages (authentication included). */
  handleMessages: (req: restify.Request, res: restify.Response) => Promise<void>;
  health: () => Promise<HealthReport>;
}

export interface RunningServer {
  server: restify.Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The HTTP edge: /api/messages for Teams and /healthz for monitoring. A failure inside one request is
 * answered with a status code and logged; it never takes the process down.
 */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'safeguard-bot', handleUncaughtExceptions: false });

  server.pre((req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > deps.maxBodyBytes) {
      res.send(413, { error: 'Request body too large' });
      return next(false);
    }
    return next();
  });
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: deps.maxBodyBytes,
      mapParams: false,
      rejectUnknown: true,
    }),
  );

  server.post('/api/messages', async (req, res) => {
    if (!isActivityShaped(req.body)) {
      res.send(400, { error: 'Expected a Bot Framework activity (JSON object with a type)' });
      return;
    }
    try {
      await deps.handleMessages(req, res);
    } catch (err) {
      deps.log.error(
        { event: 'request_failed', errorType: (err as Error)?.name },
        'request failed',
      );
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      const report = await deps.health();
      res.send(report.status === 'ok' ? 200 : 503, report);
    } catch {
      res.send(503, { status: 'degraded' });
    }
  });

  server.on('restifyError', (req, res, err, callback) => {
    // Parser errors (bad JSON, too large) carry their own status; keep the body short and generic.
    deps.log.warn(
      { event: 'http_error', status: err.statusCode, path: req.path?.() },
      'http error',
    );
    err.toJSON = () => ({
      error: err.statusCode === 413 ? 'Request body too large' : 'Bad request',
    });
    return callback();
  });

  return server;
}

function isActivityShaped(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { type?: unknown }).type === 'string'
  );
}

export async function listen(
  server: restify.Server,
  port: number,
  host: string,
): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; the connector and Teams retry on their side.
        (server.server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
