import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { StoreUnavailableError } from '../../../src/core/errors';
import { PostgresStore } from '../../../src/infra/store/postgres-store';
import { aSubmission } from '../../support/incident-mother';
import type { Store } from '../../../src/core/store';
import { runStoreContract } from './store-contract';
import { describePostgres, dropSchema, PG_URL, randomSchema } from './postgres-env';

describePostgres('PostgresStore', () => {
  runStoreContract('postgres', async (clock) => {
    const schema = randomSchema();
    const opened: Store[] = [];
    const open = async () => {
      // Each instance gets its own small pool, like a separate bot instance.
      const s = await PostgresStore.open({ connectionString: PG_URL, schema, clock, poolSize: 4 });
      opened.push(s);
      return s;
    };
    const store = await open();
    return {
      store,
      openAnother: open,
      cleanup: async () => {
        for (const s of opened) await s.close();
        await dropSchema(schema);
      },
    };
  });
});

/** A TCP proxy to PostgreSQL that the test can cut and restore, like a network or server outage. */
async function outageProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  const listen = (port = 0) =>
    new Promise<number>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const port = await listen();
  return {
    port,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
    restore: () => listen(port),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describePostgres('PostgresStore during an outage', () => {
  it('throws StoreUnavailableError while the database is unreachable, then recovers', async () => {
    const schema = randomSchema();
    const proxy = await outageProxy(new URL(PG_URL));
    const viaProxy = new URL(PG_URL);
    viaProxy.port = String(proxy.port);
    const store = await PostgresStore.open({
      connectionString: viaProxy.toString(),
      schema,
      poolSize: 2,
      connectTimeoutMs: 1_000,
    });
    try {
      await store.incidents.submit(aSubmission());
      await proxy.cut();
      await expect(store.incidents.submit(aSubmission())).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.incidents.list()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await store.health()).ok).toBe(false);
      await proxy.restore();
      // Nothing half-written during the outage: the next reference follows the first.
      expect((await store.incidents.submit(aSubmission())).incident.reference).toBe(
        'INC-2026-0002',
      );
      expect(await store.incidents.count()).toBe(2);
    } finally {
      await store.close();
      await proxy.close().catch(() => {});
      await dropSchema(schema);
    }
  });
});
