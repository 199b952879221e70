import { startApp } from '../../src/index';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { testConfig } from '../support/bot-harness';
import { capturingLogger } from './support/http-bot';

/**
 * Without credentials the bot does no Bot Framework authentication, so it must listen on loopback
 * only and say so plainly when it starts; with credentials it must not claim to be in local mode.
 */
describe('local mode announces itself at start-up', () => {
  const start = async (env: Record<string, string>) => {
    const { log, lines } = capturingLogger();
    const app = await startApp(testConfig({ PORT: '0', ...env }), {
      log,
      store: new MemoryStore(),
      typingIndicator: false,
      watchPolicies: false,
    });
    await app.stop();
    return { url: app.url, entries: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('without credentials: a warning that requests are not authenticated and it listens on loopback only', async () => {
    const { url, entries } = await start({});
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const warning = entries.find((e) => e.event === 'local_mode');
    expect(warning).toMatchObject({ level: 40, host: '127.0.0.1' });
    expect(String(warning?.msg)).toMatch(/without Bot Framework authentication/);
    expect(String(warning?.msg)).toMatch(/loopback only/);
  });

  it('with credentials: no local-mode warning', async () => {
    const { entries } = await start({
      HOST: '127.0.0.1',
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_PASSWORD: 'not-a-real-secret',
    });
    expect(entries.some((e) => e.event === 'started')).toBe(true);
    expect(entries.some((e) => e.event === 'local_mode')).toBe(false);
  });
});
