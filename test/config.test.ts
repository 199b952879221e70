import { ConfigError, describeConfig, loadConfig } from '../src/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: false });

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('runs in local mode with embedded defaults when nothing is set', () => {
    const c = load({});
    expect(c.port).toBe(3978);
    expect(c.localMode).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.policyDir).toBe(path.resolve('./policies'));
    expect(c.logLevel).toBe('info');
    expect(c.generative).toBeUndefined();
    expect(c.reminders).toEqual({ urgentMinutes: 15, openHours: 24 });
    expect(c.outbox).toEqual({ leaseSeconds: 60 });
  });

  it('treats empty values as unset', () => {
    expect(load({ PORT: '', BOT_ID: '', BOT_PASSWORD: '' }).port).toBe(3978);
  });

  it('switches to authenticated mode on all interfaces with credentials', () => {
    const c = load({ BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 's3cret' });
    expect(c.localMode).toBe(false);
    expect(c.host).toBe('0.0.0.0');
  });

  it('lists every invalid variable in one clear message', () => {
    const problems = problemsOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      BOT_TYPE: 'Weird',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: expected a whole number between 0 and 65535 \(got "abc"\)/),
        expect.stringMatching(/^LOG_LEVEL: .*\(got "loud"\)/),
        expect.stringMatching(/^DATABASE_URL: expected a postgres/),
        expect.stringMatching(/^BOT_TYPE: /),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('rejects a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT:/);
  });

  it('reads the outbox lease in seconds and rejects one out of range', () => {
    expect(load({ OUTBOX_LEASE_SECONDS: '5' }).outbox.leaseSeconds).toBe(5);
    expect(problemsOf({ OUTBOX_LEASE_SECONDS: '4' })).toEqual([
      'OUTBOX_LEASE_SECONDS: expected a whole number between 5 and 3600 (got "4")',
    ]);
    expect(problemsOf({ OUTBOX_LEASE_SECONDS: '3601' })[0]).toMatch(/^OUTBOX_LEASE_SECONDS:/);
    expect(problemsOf({ OUTBOX_LEASE_SECONDS: '1.5' })[0]).toMatch(/^OUTBOX_LEASE_SECONDS:/);
  });

  it('requires BOT_ID and BOT_PASSWORD together, without echoing the secret', () => {
    const problems = problemsOf({ BOT_PASSWORD: 'hunter2' });
    expect(problems[0]).toMatch(/^BOT_ID: .*together/);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('requires a tenant for single-tenant registrations', () => {
    const problems = problemsOf({
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'x',
      BOT_TYPE: 'SingleTenant',
    });
    expect(problems).toEqual([expect.stringMatching(/^BOT_TENANT_ID: required/)]);
  });

  it('parses id lists and falls back to the bot tenant for the allow-list', () => {
    const c = load({
      ADMIN_IDS: 'a, b;c',
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'x',
      BOT_TENANT_ID: 'tenant-1',
    });
    expect(c.people.adminIds).toEqual(['a', 'b', 'c']);
    expect(c.allowedTenants).toEqual(['tenant-1']);
  });

  it('turns on generative answers only when a key is configured', () => {
    expect(load({ OPENAI_API_KEY: 'k' }).generative).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(problemsOf({ AZURE_OPENAI_API_KEY: 'k' })[0]).toMatch(/^AZURE_OPENAI_ENDPOINT/);
  });

  it('reads a .env file, with the real environment taking precedence', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=4000\nSCHOOL_NAME=Hill Top Primary\n');
    const c = loadConfig({ PORT: '4100' }, { envFile: file });
    expect(c.port).toBe(4100);
    expect(c.schoolName).toBe('Hill Top Primary');
  });

  it('documents every variable in .env.example', () => {
    const example = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    for (const { name, description } of describeConfig()) {
      expect(description).not.toBe('');
      expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

describe('README configuration table', () => {
  it('lists every variable the config accepts', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    for (const { name } of describeConfig()) expect(readme).toContain(`| \`${name}\` |`);
  });
});

describe('local mode safety', () => {
  it('refuses to listen beyond loopback without credentials', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, { envFile: false })).toThrow(
      /HOST: must be a loopback address/,
    );
    expect(loadConfig({ HOST: '::1' }, { envFile: false }).host).toBe('::1');
  });
});
