import { PostgresStore } from '../../../src/infra/store/postgres-store';
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
