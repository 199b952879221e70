import type { Clock } from '../../core/clock';
import type { Store } from '../../core/store';

export interface CreateStoreOptions {
  /** PostgreSQL connection string; when set, the shared Postgres store is used. */
  databaseUrl?: string;
  /** Where the SQLite file lives when no databaseUrl is given. */
  dataDir: string;
  clock?: Clock;
}

/**
 * Opens the configured store and brings its schema up to date. The drivers are loaded lazily so a
 * Postgres deployment never needs the SQLite native module to load, and vice versa.
 */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  if (options.databaseUrl && options.databaseUrl.trim() !== '') {
    const { PostgresStore } = await import('./postgres-store');
    return PostgresStore.open({ connectionString: options.databaseUrl, clock: options.clock });
  }
  const { SqliteStore } = await import('./sqlite-store');
  return SqliteStore.open({ dataDir: options.dataDir, clock: options.clock });
}
