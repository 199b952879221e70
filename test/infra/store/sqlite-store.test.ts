import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../src/infra/store/sqlite-store';
import { aSubmission } from '../../support/incident-mother';
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

describe('SqliteStore backup', () => {
  it('copies the live database to a file that opens as a complete store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-backup-'));
    const restoreDir = join(dataDir, 'restore');
    try {
      const store = await SqliteStore.open({ dataDir });
      const { incident } = await store.incidents.submit(aSubmission());
      mkdirSync(restoreDir);
      await store.backupTo(join(restoreDir, SQLITE_FILE_NAME));
      await store.incidents.submit(aSubmission()); // after the backup: not in it
      await store.close();
      const restored = await SqliteStore.open({ dataDir: restoreDir });
      expect(await restored.incidents.list()).toEqual([incident]);
      expect(await restored.incidents.events(incident.id)).toHaveLength(1);
      await restored.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SqliteStore file', () => {
  it('is readable by its owner only, in WAL mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-perm-'));
    try {
      const store = await SqliteStore.open({ dataDir: join(dataDir, 'data') });
      await store.incidents.submit(aSubmission());
      const file = join(dataDir, 'data', SQLITE_FILE_NAME);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'data')).mode & 0o777).toBe(0o700);
      expect(statSync(`${file}-wal`).mode & 0o077).toBe(0);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
