import { StoreUnavailableError } from '../../../src/core/errors';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import { aSubmission } from '../../support/incident-mother';
import { runStoreContract } from './store-contract';

runStoreContract('memory', async (clock) => {
  const store = new MemoryStore(clock);
  return { store, openAnother: async () => store, cleanup: () => store.close() };
});

describe('MemoryStore outage switch', () => {
  it('throws StoreUnavailableError while unavailable and recovers after', async () => {
    const store = new MemoryStore();
    store.setUnavailable(true);
    await expect(store.incidents.submit(aSubmission())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect((await store.health()).ok).toBe(false);
    store.setUnavailable(false);
    expect((await store.incidents.submit(aSubmission())).created).toBe(true);
  });
});
