import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** Where the PostgreSQL tests run; CI and dev machines have it on loopback with trust auth. */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without any password, for messages. */
export function redactedUrl(url = PG_URL): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

let probed: { ok: boolean; reason?: string } | undefined;
let warned = false;

/**
 * Checks synchronously (jest must decide at collection time whether to skip) that the server
 * accepts a connection, by running a tiny node script with a short timeout.
 */
export function probePostgres(): { ok: boolean; reason?: string } {
  if (probed) return probed;
  const script = `
    const { Client } = require('pg');
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(
      () => process.exit(0),
      (e) => { process.stderr.write(String(e && (e.code || e.message))); process.exit(1); });`;
  const res = spawnSync(process.execPath, ['-e', script, PG_URL], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 8_000,
  });
  probed =
    res.status === 0
      ? { ok: true }
      : { ok: false, reason: (res.stderr || res.error?.message || 'no answer').trim() };
  return probed;
}

/**
 * `describe` for PostgreSQL suites: runs them when the server is reachable; otherwise skips them
 * with a clear message, except on CI (CI=true), where an unreachable server is a failure.
 */
export function describePostgres(name: string, body: () => void): void {
  const probe = probePostgres();
  if (probe.ok) {
    describe(name, body);
    return;
  }
  const message = `PostgreSQL not reachable at ${redactedUrl()} (${probe.reason}): skipped`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL, which CI must provide (.ci/pg-ensure.sh)', () => {
        throw new Error(message.replace(': skipped', ': CI=true, so this is a failure'));
      });
    });
    return;
  }
  if (!warned) console.warn(message);
  warned = true;
  describe.skip(name, body);
}

export function randomSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const pool = new Pool({ connectionString: PG_URL, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}
