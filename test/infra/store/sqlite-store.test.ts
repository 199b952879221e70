import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/infra/store/sqlite-store';
import type { Store } from '../../../src/core/store';
import { runStoreContract } from './store-contract';

runStoreContract('sqlite', async (clock) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-sqlite-'));
  const opened: Store[] = [];
  const open = async () => {
    const s = await SqliteStore.open({ dataDir, clock });
    opened.push(s);
    return s;
  };
  const store = await open();
  return {
    store,
    openAnother: open,
    cleanup: async () => {
      for (const s of opened) await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
