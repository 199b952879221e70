import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  type StatePropertyAccessor,
} from 'botbuilder';
import { ConflictError, ValidationError } from '../../src/core/errors';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { SqliteStore } from '../../src/infra/store/sqlite-store';
import { BotStateStorage } from '../../src/teams/bot-state-storage';

interface Draft {
  step: string;
  account?: string;
}

/** A bot that remembers a wizard draft in conversation state. */
function draftBot(storage: BotStateStorage) {
  const convo = new ConversationState(storage);
  const draft: StatePropertyAccessor<Draft> = convo.createProperty('draft');
  const adapter = new TestAdapter(async (context) => {
    const current = await draft.get(context, { step: 'type' });
    if (context.activity.text === 'where?') {
      await context.sendActivity(`step=${current.step} account=${current.account ?? '-'}`);
    } else {
      await draft.set(context, { step: 'where', account: context.activity.text });
      await context.sendActivity('saved');
    }
    await convo.saveChanges(context);
  });
  return adapter;
}

describe('BotStateStorage', () => {
  it('keeps a wizard draft across a restart of the bot and its store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'safeguard-state-'));
    try {
      const first = await SqliteStore.open({ dataDir });
      await draftBot(new BotStateStorage(first.state))
        .send('A parent posted comments')
        .assertReply('saved')
        .startTest();
      await first.close();

      const second = await SqliteStore.open({ dataDir });
      await draftBot(new BotStateStorage(second.state))
        .send('where?')
        .assertReply('step=where account=A parent posted comments')
        .startTest();
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('follows botbuilder eTag rules like its MemoryStorage', async () => {
    const ours = new BotStateStorage(new MemoryStore().state);
    const reference = new MemoryStorage();
    for (const storage of [ours, reference]) {
      await storage.write({ k: { n: 1 } });
      const read1 = (await storage.read(['k', 'missing'])) as Record<
        string,
        { n: number; eTag: string }
      >;
      expect(Object.keys(read1)).toEqual(['k']);
      expect(read1.k.n).toBe(1);
      expect(typeof read1.k.eTag).toBe('string');
      await storage.write({ k: { ...read1.k, n: 2 } }); // matching eTag: accepted
      await expect(storage.write({ k: { ...read1.k, n: 3 } })).rejects.toThrow(); // stale: refused
      await storage.write({ k: { n: 4, eTag: '*' } }); // '*': last write wins
      await storage.write({ k: { n: 5 } }); // no eTag: last write wins
      await storage.write({ fresh: { n: 1, eTag: 'anything' } }); // new key: saved
      const read2 = (await storage.read(['k', 'fresh'])) as Record<string, { n: number }>;
      expect([read2.k.n, read2.fresh.n]).toEqual([5, 1]);
      await storage.delete(['k']);
      expect(await storage.read(['k'])).toEqual({});
    }
  });

  it('refuses a stale write with ConflictError and does not store the eTag inside the value', async () => {
    const store = new MemoryStore();
    const storage = new BotStateStorage(store.state);
    await storage.write({ k: { n: 1 } });
    const { k } = await storage.read(['k']);
    await storage.write({ k: { ...k, n: 2 } });
    await expect(storage.write({ k: { ...k, n: 3 } })).rejects.toBeInstanceOf(ConflictError);
    const raw = await store.state.read(['k']);
    expect(raw.k.value).toEqual({ n: 2 });
  });

  it('rejects malformed calls with a ValidationError rather than storing junk', async () => {
    const storage = new BotStateStorage(new MemoryStore().state);
    await expect(storage.write({ k: 'text' })).rejects.toBeInstanceOf(ValidationError);
    await expect(storage.read('k' as never)).rejects.toBeInstanceOf(ValidationError);
  });
});
