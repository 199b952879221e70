import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { silentLogger } from '../../src/logger';
import { testConfig } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { OpenIdStub } from '../support/openid-stub';

const BOT_ID = '11111111-2222-3333-4444-555555555555';

/**
 * With credentials configured every request to /api/messages must carry a valid Bot Framework token.
 * Tokens are minted by a local key service, so signatures, expiry, audience and issuer are checked for
 * real. "No turn ran" is observed through the store: every personal-chat turn records the sender's address.
 */
describe('Bot Framework authentication on /api/messages', () => {
  let app: RunningApp;
  let store: MemoryStore;
  let keys: OpenIdStub;
  let connector: ConnectorStub;

  beforeAll(async () => {
    keys = await new OpenIdStub().start();
    connector = await new ConnectorStub().start();
    store = new MemoryStore();
    app = await startApp(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        BOT_ID,
        BOT_PASSWORD: 'not-a-real-secret',
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
        ALLOWED_TENANTS: 'tenant-school-1',
      }),
      { log: silentLogger, store, typingIndicator: false },
    );
  });
  afterAll(async () => {
    await app.stop();
    await keys.stop();
    await connector.stop();
  });

  let n = 0;
  async function send(authorization?: string) {
    const user = `aad-auth-${++n}`;
    const activity = {
      type: 'message',
      id: `m-${n}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: `29:${user}`, aadObjectId: user, name: 'Sam Teacher' },
      recipient: { id: `28:${BOT_ID}`, name: 'Safeguard' },
      conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 'tenant-school-1' },
      channelData: { tenant: { id: 'tenant-school-1' } },
      text: 'help',
    };
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, turnRan: (await store.addresses.get(user)) !== undefined };
  }

  const valid = () => ({ aud: BOT_ID, serviceurl: connector.url });

  it('runs the turn for a valid token from the Bot Framework channel', async () => {
    const result = await send(`Bearer ${keys.token(valid())}`);
    expect(result).toEqual({ status: 200, turnRan: true });
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['a non-bearer scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage instead of a token', () => 'Bearer not.a.jwt'],
    [
      'an expired token',
      () => `Bearer ${keys.token({ ...valid(), nbf: 1_600_000_000, exp: 1_600_000_600 })}`,
    ],
    [
      'a token signed by an unknown key',
      () => `Bearer ${keys.token(valid(), { foreignKey: true })}`,
    ],
    [
      'a token for another bot (wrong audience)',
      () => `Bearer ${keys.token({ ...valid(), aud: 'someone-else' })}`,
    ],
    [
      'a token from another issuer',
      () => `Bearer ${keys.token({ ...valid(), iss: 'https://evil.example' })}`,
    ],
    [
      'a token for another service URL',
      () => `Bearer ${keys.token({ ...valid(), serviceurl: 'http://127.0.0.1:9/' })}`,
    ],
  ])('refuses %s with 401 and runs no turn', async (_name, header) => {
    expect(await send(header())).toEqual({ status: 401, turnRan: false });
  });

  it('listens where configured, not only on loopback, once authenticated', () => {
    expect(app.config.localMode).toBe(false);
  });
});

describe('a key service that does not endorse the Teams channel', () => {
  it('refuses tokens from keys not endorsed for msteams', async () => {
    const keys = await new OpenIdStub().start(['webchat']);
    const store = new MemoryStore();
    const app = await startApp(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        BOT_ID,
        BOT_PASSWORD: 'x',
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
      }),
      { log: silentLogger, store, typingIndicator: false },
    );
    try {
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${keys.token({ aud: BOT_ID })}`,
        },
        body: JSON.stringify({
          type: 'message',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          from: { id: 'u', aadObjectId: 'u' },
          conversation: { id: 'c', conversationType: 'personal' },
          recipient: { id: 'b' },
          text: 'help',
        }),
      });
      expect(res.status).toBe(401);
      expect(await store.addresses.get('u')).toBeUndefined();
    } finally {
      await app.stop();
      await keys.stop();
    }
  });
});
