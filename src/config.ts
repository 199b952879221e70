import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';

/**
 * The one place that reads the environment. Every variable is described here; start-up fails fast with
 * one message listing every invalid variable. Values come from the process environment, then `.env`.
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const idList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[,;\s]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.string().min(1)),
);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `expected a whole number between ${min} and ${max}` })
      .int({ error: `expected a whole number between ${min} and ${max}` })
      .min(min, { error: `expected a whole number between ${min} and ${max}` })
      .max(max, { error: `expected a whole number between ${min} and ${max}` })
      .default(fallback),
  );

export const configSchema = z
  .object({
    PORT: int(0, 65535, 3978).describe(
      'HTTP port for /api/messages and /healthz (0 picks a free port)',
    ),
    HOST: optionalString.describe(
      'Interface to listen on. Default: 127.0.0.1 in local mode (no credentials), 0.0.0.0 otherwise',
    ),
    PUBLIC_HOSTNAME: optionalString.describe(
      'Public host name of the bot (e.g. safeguard.example.org), used in the app package',
    ),
    DATA_DIR: z
      .preprocess(emptyToUndefined, z.string().default('./data'))
      .describe('Folder for the embedded SQLite database'),
    POLICY_DIR: z
      .preprocess(emptyToUndefined, z.string().default('./policies'))
      .describe("Folder holding the school's policy documents (.md, .txt, .docx, .pdf)"),
    DATABASE_URL: z
      .preprocess(
        emptyToUndefined,
        z
          .string()
          .regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// or postgresql:// URL' })
          .optional(),
      )
      .describe('PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite'),
    LOG_LEVEL: z
      .preprocess(
        emptyToUndefined,
        z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      )
      .describe('Log level'),
    BOT_ID: optionalString.describe('Microsoft Entra app (client) id of the bot registration'),
    BOT_PASSWORD: optionalString.describe('Client secret of the bot registration'),
    BOT_TYPE: z
      .preprocess(
        emptyToUndefined,
        z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
      )
      .describe('Bot registration type'),
    BOT_TENANT_ID: optionalString.describe('Tenant id (required for SingleTenant)'),
    BOT_OPENID_METADATA_URL: optionalString.describe(
      'OpenID metadata used to validate Bot Framework tokens; default: the public Azure cloud (set for sovereign clouds)',
    ),
    TEAMS_APP_ID: z
      .preprocess(
        emptyToUndefined,
        z.uuid({ error: 'expected a GUID' }).default('6f1c2d8e-4b7a-4c1e-9a53-2f0d8b6e7c41'),
      )
      .describe('Teams app id in the manifest (a GUID; keep it stable across versions)'),
    ALLOWED_TENANTS: idList.describe(
      'Microsoft 365 tenant ids allowed to use the bot (comma separated); empty = BOT_TENANT_ID only, or any in local mode',
    ),
    SCHOOL_NAME: z
      .preprocess(emptyToUndefined, z.string().default('our school'))
      .describe('School name shown on cards'),
    ADMIN_IDS: idList.describe('Entra object ids of admins (set-up, reload, export, purge)'),
    SLT_IDS: idList.describe(
      'Entra object ids of SLT members; empty = read from the SLT team roster',
    ),
    DSL_ID: optionalString.describe('Entra object id of the designated safeguarding lead'),
    DSL_NAME: z
      .preprocess(emptyToUndefined, z.string().default('the DSL'))
      .describe('Name of the designated safeguarding lead, shown to staff'),
    HEADTEACHER_ID: optionalString.describe('Entra object id of the headteacher'),
    HEADTEACHER_NAME: z
      .preprocess(emptyToUndefined, z.string().default('the headteacher'))
      .describe('Name of the headteacher, shown to staff'),
    RETENTION_DAYS: int(365, 36500, 2555).describe(
      'How long records are kept before an admin purge removes them (days)',
    ),
    REMINDER_URGENT_MINUTES: int(1, 1440, 15).describe(
      'Re-raise an urgent report not acknowledged within this many minutes',
    ),
    REMINDER_OPEN_HOURS: int(1, 720, 24).describe(
      'Re-raise any report not acknowledged within this many hours',
    ),
    OUTBOX_LEASE_SECONDS: int(5, 3600, 60).describe(
      'How long a delivery claimed by a worker that died waits before another worker retries it (seconds); must be longer than a slow Teams post',
    ),
    MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024, 256 * 1024).describe(
      'Largest request body accepted on /api/messages',
    ),
    RATE_LIMIT_PER_MINUTE: int(1, 10000, 30).describe(
      'Turns per user per minute before a polite refusal',
    ),
    OPENAI_API_KEY: optionalString.describe(
      'Turns on generative answers with OpenAI (off by default)',
    ),
    OPENAI_MODEL: z
      .preprocess(emptyToUndefined, z.string().default('gpt-4o-mini'))
      .describe('OpenAI model for generative answers'),
    OPENAI_ENDPOINT: optionalString.describe(
      'Override the OpenAI endpoint (e.g. a local test server)',
    ),
    AZURE_OPENAI_API_KEY: optionalString.describe('Turns on generative answers with Azure OpenAI'),
    AZURE_OPENAI_ENDPOINT: optionalString.describe('Azure OpenAI endpoint'),
    AZURE_OPENAI_DEPLOYMENT: optionalString.describe('Azure OpenAI deployment name'),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.BOT_ID) !== Boolean(c.BOT_PASSWORD) && c.BOT_TYPE !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: [c.BOT_ID ? 'BOT_PASSWORD' : 'BOT_ID'],
        message: 'BOT_ID and BOT_PASSWORD must be set together (or neither, for local mode)',
      });
    }
    if (c.BOT_TYPE === 'SingleTenant' && c.BOT_ID && !c.BOT_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_TENANT_ID'],
        message: 'required when BOT_TYPE is SingleTenant',
      });
    }
    if (!c.BOT_ID && c.HOST && !['127.0.0.1', 'localhost', '::1'].includes(c.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message:
          'must be a loopback address (127.0.0.1, ::1 or localhost) in local mode: without BOT_ID/BOT_PASSWORD requests are not authenticated',
      });
    }
    if (c.AZURE_OPENAI_API_KEY && (!c.AZURE_OPENAI_ENDPOINT || !c.AZURE_OPENAI_DEPLOYMENT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AZURE_OPENAI_ENDPOINT'],
        message:
          'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT are required with AZURE_OPENAI_API_KEY',
      });
    }
  });

type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  publicHostname?: string;
  dataDir: string;
  policyDir: string;
  databaseUrl?: string;
  logLevel: RawConfig['LOG_LEVEL'];
  /** No credentials: no JWT validation, loopback only, no Azure account needed. */
  localMode: boolean;
  bot: {
    appId?: string;
    password?: string;
    type: RawConfig['BOT_TYPE'];
    tenantId?: string;
    openIdMetadataUrl?: string;
  };
  teamsAppId: string;
  allowedTenants: string[];
  schoolName: string;
  people: {
    adminIds: string[];
    sltIds: string[];
    dsl: { id?: string; name: string };
    headteacher: { id?: string; name: string };
  };
  retentionDays: number;
  reminders: { urgentMinutes: number; openHours: number };
  /** Outbox delivery: how long a worker's claim on a message lasts before another may retry it. */
  outbox: { leaseSeconds: number };
  limits: { maxBodyBytes: number; ratePerMinute: number };
  generative?:
    | { provider: 'openai'; apiKey: string; model: string; endpoint?: string }
    | { provider: 'azure'; apiKey: string; endpoint: string; deployment: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readEnvFile(file: string): Record<string, string> {
  try {
    return dotenv.parse(fs.readFileSync(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/**
 * Parses the environment. `env` defaults to the process environment merged over `.env` in the
 * working directory (real environment wins). Throws ConfigError listing every invalid variable.
 */
export function loadConfig(
  env?: Record<string, string | undefined>,
  options: { envFile?: string | false } = {},
): Config {
  const fromFile =
    options.envFile === false ? {} : readEnvFile(options.envFile ?? path.resolve('.env'));
  const source = { ...fromFile, ...(env ?? process.env) };
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'config');
      const raw = source[name];
      const shown = raw === undefined || /PASSWORD|KEY/.test(name) ? '' : ` (got "${raw}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const localMode = !c.BOT_ID;
  return {
    port: c.PORT,
    host: c.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    publicHostname: c.PUBLIC_HOSTNAME,
    dataDir: path.resolve(c.DATA_DIR),
    policyDir: path.resolve(c.POLICY_DIR),
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    localMode,
    bot: {
      appId: c.BOT_ID,
      password: c.BOT_PASSWORD,
      type: c.BOT_TYPE,
      tenantId: c.BOT_TENANT_ID,
      openIdMetadataUrl: c.BOT_OPENID_METADATA_URL,
    },
    teamsAppId: c.TEAMS_APP_ID,
    allowedTenants:
      c.ALLOWED_TENANTS.length > 0 ? c.ALLOWED_TENANTS : c.BOT_TENANT_ID ? [c.BOT_TENANT_ID] : [],
    schoolName: c.SCHOOL_NAME,
    people: {
      adminIds: c.ADMIN_IDS,
      sltIds: c.SLT_IDS,
      dsl: { id: c.DSL_ID, name: c.DSL_NAME },
      headteacher: { id: c.HEADTEACHER_ID, name: c.HEADTEACHER_NAME },
    },
    retentionDays: c.RETENTION_DAYS,
    reminders: { urgentMinutes: c.REMINDER_URGENT_MINUTES, openHours: c.REMINDER_OPEN_HOURS },
    outbox: { leaseSeconds: c.OUTBOX_LEASE_SECONDS },
    limits: { maxBodyBytes: c.MAX_BODY_BYTES, ratePerMinute: c.RATE_LIMIT_PER_MINUTE },
    generative: c.AZURE_OPENAI_API_KEY
      ? {
          provider: 'azure',
          apiKey: c.AZURE_OPENAI_API_KEY,
          endpoint: c.AZURE_OPENAI_ENDPOINT!,
          deployment: c.AZURE_OPENAI_DEPLOYMENT!,
        }
      : c.OPENAI_API_KEY
        ? {
            provider: 'openai',
            apiKey: c.OPENAI_API_KEY,
            model: c.OPENAI_MODEL,
            endpoint: c.OPENAI_ENDPOINT,
          }
        : undefined,
  };
}

/** For `.env.example` and the README: every variable with its description and default. */
export function describeConfig(): { name: string; description: string; defaultValue?: string }[] {
  const defaults = configSchema.safeParse({}).data as Record<string, unknown> | undefined;
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const d = defaults?.[name];
    return {
      name,
      description: (schema as z.ZodType).description ?? '',
      defaultValue: d === undefined || (Array.isArray(d) && d.length === 0) ? undefined : String(d),
    };
  });
}
