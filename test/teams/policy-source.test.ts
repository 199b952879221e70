import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPolicySource, type WatchedPolicySource } from '../../src/teams/policy-source';
import { SOCIAL_MEDIA_POLICY } from '../support/policy-fixture';

describe('startPolicySource (the watched policy folder behind the bot)', () => {
  let dir: string;
  let source: WatchedPolicySource | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'policy-source-'));
  });
  afterEach(() => {
    source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the folder, reports unreadable files, and picks up changes on reload', async () => {
    writeFileSync(path.join(dir, 'social-media.md'), SOCIAL_MEDIA_POLICY);
    writeFileSync(path.join(dir, 'scanned.pdf'), 'not really a pdf');
    source = await startPolicySource(dir, { watch: false });
    expect(source.current().documents.map((d) => d.fileName)).toEqual(['social-media.md']);
    expect(source.lastFailures().map((f) => f.fileName)).toEqual(['scanned.pdf']);

    writeFileSync(
      path.join(dir, 'messaging.md'),
      'Messaging Apps Guidance\n\n1.0 Staff WhatsApp groups\n\n1.1 Staff must not discuss pupils by name in staff WhatsApp groups.\n',
    );
    const result = await source.reload();
    expect(result.documents).toBe(2);
    expect(result.passages).toBe(source.current().passageCount);
    expect(result.failed.map((f) => f.fileName)).toEqual(['scanned.pdf']);
    const answer = source.current().answer('Can I discuss pupils in staff WhatsApp groups?');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].fileName).toBe('messaging.md');
  });

  it('forgets a failure once the file is fixed', async () => {
    writeFileSync(path.join(dir, 'broken.docx'), 'not a zip');
    source = await startPolicySource(dir, { watch: false });
    expect(source.lastFailures()).toHaveLength(1);
    rmSync(path.join(dir, 'broken.docx'));
    writeFileSync(path.join(dir, 'social-media.md'), SOCIAL_MEDIA_POLICY);
    expect((await source.reload()).failed).toEqual([]);
  });

  it('rebuilds by itself when a file in the watched folder changes', async () => {
    writeFileSync(path.join(dir, 'social-media.md'), SOCIAL_MEDIA_POLICY);
    let reloaded!: () => void;
    const done = new Promise<void>((resolve) => (reloaded = resolve));
    source = await startPolicySource(dir, { debounceMs: 20, onReload: () => reloaded() });
    writeFileSync(
      path.join(dir, 'extra.md'),
      'Extra Guidance\n\n1.0 Printing\n\n1.1 Staff should print double sided.\n',
    );
    await done;
    expect(source.current().documents).toHaveLength(2);
  });
});
