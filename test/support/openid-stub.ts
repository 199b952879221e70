import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bot Framework token service: serves OpenID metadata and signing keys, and mints tokens the
 * way the Bot Connector does, so authentication is tested offline with real signature checks.
 */
export class OpenIdStub {
  readonly kid = 'test-key-1';
  private readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly otherKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  url = '';

  async start(endorsements: string[] = ['msteams']): Promise<this> {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    this.server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/keys')) {
        res.end(
          JSON.stringify({
            keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements }],
          }),
        );
      } else {
        res.end(
          JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys` }),
        );
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** A channel token; override claims or sign with a key the service does not publish. */
  token(
    claims: Record<string, unknown>,
    options: { foreignKey?: boolean; alg?: string } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid: this.kid };
    const payload = {
      iss: 'https://api.botframework.com',
      nbf: now - 60,
      exp: now + 3600,
      ...claims,
    };
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${enc(header)}.${enc(payload)}`;
    const key = options.foreignKey ? this.otherKeys.privateKey : this.keys.privateKey;
    const signature = crypto.sign('sha256', Buffer.from(data), key).toString('base64url');
    return `${data}.${signature}`;
  }
}
