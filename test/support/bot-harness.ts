import { Writable } from 'node:stream';
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TestAdapter, type Activity, type Attachment } from 'botbuilder';
import { loadConfig, type Config } from '../../src/config';
import { fixedClock } from '../../src/core/clock';
import { RoleDirectory } from '../../src/core/role-directory';
import type { Store } from '../../src/core/store';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { createLogger } from '../../src/logger';
import { createBot, type AppState, type BotDeps } from '../../src/teams/bot';
import { turnHandler } from '../../src/teams/run-turn';
import { expectValidCard } from './card-validator';

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const STAFF: TestUser = {
  id: '29:staff-1',
  aadObjectId: 'aad-staff-1',
  name: 'Sam Teacher',
};
export const OTHER_STAFF: TestUser = {
  id: '29:staff-2',
  aadObjectId: 'aad-staff-2',
  name: 'Alex Support',
};
export const SLT_LEAD: TestUser = { id: '29:slt-1', aadObjectId: 'aad-slt-1', name: 'Pat Deputy' };
export const DSL: TestUser = { id: '29:dsl-1', aadObjectId: 'aad-dsl-1', name: 'Jo Safeguarding' };
export const HEAD: TestUser = { id: '29:head-1', aadObjectId: 'aad-head-1', name: 'Chris Head' };
export const ADMIN: TestUser = { id: '29:admin-1', aadObjectId: 'aad-admin-1', name: 'Ira Admin' };
export const TENANT = 'tenant-school-1';
export const BOT = { id: '28:bot-id', name: 'Safeguard' };

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      SCHOOL_NAME: 'Test Academy',
      ADMIN_IDS: ADMIN.aadObjectId,
      SLT_IDS: [SLT_LEAD, DSL, HEAD].map((u) => u.aadObjectId).join(','),
      DSL_ID: DSL.aadObjectId,
      DSL_NAME: 'Jo Safeguarding',
      HEADTEACHER_ID: HEAD.aadObjectId,
      HEADTEACHER_NAME: 'Chris Head',
      DATA_DIR: '/tmp/safeguard-test-unused',
      LOG_LEVEL: 'info',
      ...env,
    },
    { envFile: false },
  );
}

export interface Reply extends Partial<Activity> {
  /** The first adaptive card attachment's content, if any. */
  card?: Record<string, unknown>;
}

export interface InvokeResult {
  status: number;
  body: Record<string, unknown> | undefined;
  /** The card the invoke returned (Universal Actions refresh), if any. */
  card?: Record<string, unknown>;
  /** Plain message returned by the invoke, if any. */
  message?: string;
  replies: Reply[];
}

function toReply(a: Partial<Activity>): Reply {
  const att = (a.attachments ?? []).find(
    (x: Attachment) => x.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return { ...a, card: att?.content as Record<string, unknown> | undefined };
}

export class Harness {
  readonly logLines: string[] = [];
  readonly adapter: TestAdapter;
  readonly app: Application<AppState>;
  readonly deps: BotDeps;
  private nextId = 1;

  constructor(
    readonly store: Store = new MemoryStore(),
    config: Config = testConfig(),
    readonly clock = fixedClock('2026-11-20T10:00:00Z'),
    extend?: (deps: BotDeps) => BotDeps,
  ) {
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        this.logLines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger(config.logLevel, sink);
    const roles = new RoleDirectory({
      adminIds: config.people.adminIds,
      sltIds: config.people.sltIds,
      dslId: config.people.dsl.id,
      headteacherId: config.people.headteacher.id,
    });
    const base: BotDeps = { config, log, clock: this.clock, store, roles };
    this.deps = extend ? extend(base) : base;
    this.app = createBot(this.deps, { typingIndicator: false });
    this.adapter = new TestAdapter(turnHandler(this.app, log));
  }

  personal(user: TestUser = STAFF): TestConversation {
    return new TestConversation(this, user, {
      id: `a:personal-${user.aadObjectId}`,
      conversationType: 'personal',
      tenantId: TENANT,
    });
  }

  channel(user: TestUser = SLT_LEAD, channelId = '19:slt-channel@thread.tacv2'): TestConversation {
    return new TestConversation(
      this,
      user,
      {
        id: `${channelId};messageid=1`,
        conversationType: 'channel',
        tenantId: TENANT,
        isGroup: true,
      },
      { team: { id: '19:slt-team@thread.tacv2' }, channel: { id: channelId } },
    );
  }

  id(): string {
    return `act-${this.nextId++}`;
  }

  /** Runs one activity through the bot and returns what it sent. */
  async process(activity: Partial<Activity>): Promise<Reply[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.processActivity(activity);
    const replies = this.adapter.activeQueue.splice(0).map(toReply);
    for (const r of replies) checkCards(r);
    return replies;
  }
}

export class TestConversation {
  constructor(
    private readonly harness: Harness,
    readonly user: TestUser,
    readonly conversation: {
      id: string;
      conversationType: string;
      tenantId: string;
      isGroup?: boolean;
    },
    private readonly extraChannelData: Record<string, unknown> = {},
  ) {}

  as(user: TestUser): TestConversation {
    return new TestConversation(this.harness, user, this.conversation, this.extraChannelData);
  }

  base(): Partial<Activity> {
    return {
      channelId: 'msteams',
      serviceUrl: 'https://smba.test.local/uk/',
      id: this.harness.id(),
      from: { id: this.user.id, aadObjectId: this.user.aadObjectId, name: this.user.name },
      recipient: { ...BOT },
      conversation: { ...this.conversation, isGroup: this.conversation.isGroup ?? false, name: '' },
      channelData: { tenant: { id: this.conversation.tenantId }, ...this.extraChannelData },
      locale: 'en-GB',
      timestamp: new Date(),
    };
  }

  /** A user message; in a channel pass `mention: true` to @mention the bot as Teams does. */
  say(text: string, options: { mention?: boolean } = {}): Promise<Reply[]> {
    const activity: Partial<Activity> = { ...this.base(), type: ActivityTypes.Message, text };
    if (options.mention) {
      activity.text = `<at>${BOT.name}</at> ${text}`;
      activity.entities = [
        {
          type: 'mention',
          text: `<at>${BOT.name}</at>`,
          mentioned: { id: BOT.id, name: BOT.name },
        },
      ];
    }
    return this.harness.process(activity);
  }

  /** An Action.Execute press (adaptiveCard/action invoke), as Teams sends it. */
  async execute(
    verb: string,
    data: Record<string, unknown> = {},
    options: { trigger?: 'manual' | 'automatic'; replyToId?: string } = {},
  ): Promise<InvokeResult> {
    const replies = await this.harness.process({
      ...this.base(),
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      replyToId: options.replyToId,
      value: {
        action: { type: 'Action.Execute', verb, data },
        trigger: options.trigger ?? 'manual',
      },
    });
    return readInvoke(replies);
  }

  /** Any other invoke (message extension fetchTask/submitAction...). */
  async invoke(name: string, value: unknown): Promise<InvokeResult> {
    const replies = await this.harness.process({
      ...this.base(),
      type: ActivityTypes.Invoke,
      name,
      value,
    });
    return readInvoke(replies);
  }

  /** The bot being added to this conversation. */
  installed(): Promise<Reply[]> {
    return this.harness.process({
      ...this.base(),
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: BOT.id, name: BOT.name }],
    });
  }
}

/** Every card the bot sends, in a message or as an invoke's answer, must be one Teams can show. */
function checkCards(reply: Reply): void {
  for (const a of reply.attachments ?? []) {
    if (a.contentType === 'application/vnd.microsoft.card.adaptive') expectValidCard(a.content, 'message');
  }
  const body = (reply.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
  if (reply.type === 'invokeResponse' && body?.type === 'application/vnd.microsoft.card.adaptive') {
    expectValidCard(body.value, 'invoke response');
  }
}

function readInvoke(replies: Reply[]): InvokeResult {
  const response = replies.find((r) => r.type === 'invokeResponse');
  const others = replies.filter((r) => r.type !== 'invokeResponse');
  const value = (response?.value ?? {}) as { status?: number; body?: Record<string, unknown> };
  const body = value.body;
  const isCard = body?.type === 'application/vnd.microsoft.card.adaptive';
  const isMessage = body?.type === 'application/vnd.microsoft.activity.message';
  return {
    status: value.status ?? 0,
    body,
    card: isCard ? (body?.value as Record<string, unknown>) : undefined,
    message: isMessage ? String(body?.value) : undefined,
    replies: others,
  };
}

/** All TextBlock/TextRun/Fact text in a card, joined: what a person would read. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string')
      out.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string')
      out.push(`${n.title}: ${n.value}`);
    if (typeof n.title === 'string' && String(n.type ?? '').startsWith('Action.'))
      out.push(`[${n.title}]`);
    if (typeof n.label === 'string') out.push(n.label);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** The verbs of every Action.Execute in a card. */
export function cardVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute' && typeof n.verb === 'string') verbs.push(n.verb);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return verbs;
}
