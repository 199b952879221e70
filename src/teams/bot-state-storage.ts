import type { Storage, StoreItems } from 'botbuilder';
import { ValidationError } from '../core/errors';
import type { StateStorage } from '../core/store';

/**
 * botbuilder `Storage` over the store's state documents, so conversation state (wizard drafts)
 * lives in the same database as the records and survives restarts and a second instance.
 *
 * eTags follow botbuilder's own storages: an item written with eTag '*' or without one, or whose
 * key does not exist yet, is saved (last write wins); any other eTag must match the stored one or
 * the write fails with ConflictError and nothing in that batch is saved.
 */
export class BotStateStorage implements Storage {
  constructor(private readonly state: StateStorage) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw misuse('BotStateStorage.read: keys must be an array');
    const docs = await this.state.read(keys);
    const items: StoreItems = {};
    for (const [key, doc] of Object.entries(docs)) items[key] = { ...doc.value, eTag: doc.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') {
      throw misuse('BotStateStorage.write: changes must be an object');
    }
    const writes: Parameters<StateStorage['write']>[0] = {};
    for (const [key, item] of Object.entries(changes)) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        throw misuse('BotStateStorage.write: each item must be an object');
      }
      const { eTag, ...value } = item as Record<string, unknown>;
      writes[key] = {
        value,
        ...(typeof eTag === 'string' ? { expectedETag: eTag } : {}),
      };
    }
    if (Object.keys(writes).length > 0) await this.state.write(writes);
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw misuse('BotStateStorage.delete: keys must be an array');
    if (keys.length > 0) await this.state.delete(keys);
  }
}

/** Programming errors from the caller, reported as a typed error with a safe message. */
function misuse(detail: string): ValidationError {
  const error = new ValidationError(
    'Sorry, the conversation could not be saved. Please try again.',
  );
  error.message = detail;
  return error;
}
