import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/logger';
import { VERBS } from '../../../src/teams/verbs';
import { cardText, TENANT, type TestUser } from '../../support/bot-harness';
import { cardActions } from '../../support/report-flow-support';

export const SLT_CHANNEL = '19:slt-channel@thread.tacv2';
const SLT_TEAM = '19:slt-team@thread.tacv2';
const BOT = { id: '28:bot-id', name: 'Safeguard' };

export type Card = Record<string, any>;

/** A pino logger at trace level whose every line is kept, to prove what never reaches the logs. */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _enc, cb) => {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('trace', sink), lines };
}

export interface HttpAnswer {
  status: number;
  body: any;
}

/**
 * Talks to a running bot over HTTP as Teams does: activities POSTed to /api/messages, with the
 * connector stub as serviceUrl so whatever the bot sends proactively lands there.
 */
export class HttpBot {
  private n = 0;

  constructor(
    readonly url: () => string,
    readonly serviceUrl: () => string,
  ) {}

  activity(user: TestUser, where: 'personal' | 'channel', extra: Record<string, unknown>) {
    const id = `trust-${++this.n}`;
    const channel = where === 'channel';
    return {
      id,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl(),
      timestamp: new Date().toISOString(),
      from: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { ...BOT },
      conversation: channel
        ? {
            id: `${SLT_CHANNEL};messageid=${id}`,
            conversationType: 'channel',
            isGroup: true,
            tenantId: TENANT,
          }
        : { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
      channelData: channel
        ? { tenant: { id: TENANT }, team: { id: SLT_TEAM }, channel: { id: SLT_CHANNEL } }
        : { tenant: { id: TENANT } },
      locale: 'en-GB',
      ...extra,
    };
  }

  async post(body: unknown): Promise<HttpAnswer> {
    const res = await fetch(`${this.url()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  say(user: TestUser, text: string): Promise<HttpAnswer> {
    return this.post(this.activity(user, 'personal', { type: 'message', text }));
  }

  /** An @mention of the bot in the SLT channel. */
  mention(user: TestUser, text: string): Promise<HttpAnswer> {
    return this.post(
      this.activity(user, 'channel', {
        type: 'message',
        text: `<at>${BOT.name}</at> ${text}`,
        entities: [
          {
            type: 'mention',
            text: `<at>${BOT.name}</at>`,
            mentioned: { id: BOT.id, name: BOT.name },
          },
        ],
      }),
    );
  }

  /** An Action.Execute press; answers the card (or message) the invoke returned. */
  async execute(
    user: TestUser,
    where: 'personal' | 'channel',
    verb: string,
    data: Record<string, unknown>,
  ): Promise<{ status: number; card?: Card; message?: string }> {
    const res = await this.post(
      this.activity(user, where, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    const body = res.body as { type?: string; value?: unknown } | undefined;
    return {
      status: res.status,
      card:
        body?.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Card) : undefined,
      message:
        body?.type === 'application/vnd.microsoft.activity.message'
          ? String(body.value)
          : undefined,
    };
  }
}

export interface ReportAnswers {
  account: string;
  where: string;
  involvedDescription: string;
  evidenceDescription: string;
  otherActions: string;
}

/** Which step a report card is for, from the inputs and buttons it has. */
export function stepOf(card: Card | undefined): string {
  const json = JSON.stringify(card ?? {});
  if (json.includes('"id":"type"')) return 'type';
  if (json.includes('"id":"account"')) return 'what';
  if (json.includes('"id":"involvedRole"')) return 'who';
  if (json.includes('"id":"evidenceKept"')) return 'evidence';
  if (json.includes('"id":"actionsTaken"')) return 'actions';
  if (json.includes('"id":"toldDsl"')) return 'told_dsl';
  if (cardActions(card).some((a) => a.verb === VERBS.reportSubmit)) return 'review';
  if (/Report sent/.test(cardText(card))) return 'receipt';
  return 'other';
}

/** The draft id the report cards carry in their buttons. */
export function draftIdOf(card: Card | undefined): string {
  const found = cardActions(card).find((a) => typeof a.data.draftId === 'string');
  if (!found) throw new Error(`no draft id on card: ${cardText(card)}`);
  return found.data.draftId as string;
}

export const yesterday = (): string =>
  new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * Walks an online-abuse report over HTTP from "start" to the review card with the given answers.
 * Returns the review card.
 */
export async function walkToReview(
  bot: HttpBot,
  user: TestUser,
  answers: ReportAnswers,
): Promise<Card> {
  let card = (await bot.execute(user, 'personal', VERBS.reportStart, {})).card;
  const draftId = draftIdOf(card);
  const values: Record<string, Record<string, unknown>> = {
    type: { type: 'online_abuse' },
    what: {
      account: answers.account,
      occurredDate: yesterday(),
      occurredTime: '09:30',
      where: answers.where,
      threatsOrHate: 'false',
    },
    who: { involvedRole: 'parent', involvedDescription: answers.involvedDescription },
    evidence: { evidenceKept: 'yes', evidenceDescription: answers.evidenceDescription },
    actions: { actionsTaken: 'blocked', otherActions: answers.otherActions },
    told_dsl: { toldDsl: 'no' },
  };
  for (let i = 0; i < 10 && stepOf(card) !== 'review'; i++) {
    const step = stepOf(card);
    if (!(step in values)) throw new Error(`unexpected card at ${step}: ${cardText(card)}`);
    const res = await bot.execute(user, 'personal', VERBS.reportStep, {
      draftId,
      step,
      ...values[step],
    });
    if (res.status !== 200 || !res.card) throw new Error(`step ${step} failed: ${res.message}`);
    if (stepOf(res.card) === step) throw new Error(`step ${step} refused: ${cardText(res.card)}`);
    card = res.card;
  }
  if (stepOf(card) !== 'review') throw new Error(`did not reach review: ${cardText(card)}`);
  return card!;
}

/** Presses Send on the review card. */
export function submitReview(bot: HttpBot, user: TestUser, review: Card) {
  return bot.execute(user, 'personal', VERBS.reportSubmit, {
    draftId: draftIdOf(review),
    step: 'review',
  });
}

/** Resolves when `check` passes (polls; bounded). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 8000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
