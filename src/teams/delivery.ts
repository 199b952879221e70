import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type BotAdapter,
  type ConversationReference,
} from 'botbuilder';
import {
  OutboxWorker,
  PermanentDeliveryError,
  type DeliveryHandler,
  type OutboxWorkerOptions,
} from '../core/delivery/outbox-worker';
import type { Incident } from '../core/incidents/incident';
import type { OutboxMessage } from '../core/store';
import type { BotDeps } from './bot';
import { escapeMarkdown, type AdaptiveCardJson } from './cards/render-card';
import {
  eventLine,
  isConfidential,
  placeholderCard,
  reporterQuestionCard,
  reporterUpdateCard,
  triageCard,
} from './slt-cards';
import { sltQuestionCard } from './features/slt-questions';
import { cardActivity } from './turn';
import { getSltChannel, sltMembers, sltRefreshIds, type SltChannel } from './slt-state';
import { errorFields } from './errors';

/**
 * Outbox topics the Teams layer delivers. The domain (report service, triage) enqueues them in the
 * same transaction as the change they announce; this module turns them into proactive Teams calls.
 */
export const TOPICS = {
  postIncident: 'slt.post_incident',
  postPlaceholder: 'slt.post_placeholder',
  headteacherNotify: 'headteacher.notify',
  updateCard: 'slt.update_card',
  reporterNotify: 'reporter.notify',
  questionPost: 'slt.question_post',
  questionAnswered: 'slt.question_answered',
  /** Refreshes the question's card in the channel once answered. */
  questionCard: 'slt.question_card',
  reminder: 'slt.reminder',
  adminAlert: 'admin.alert',
} as const;

/** Where a triage card lives, stored with `incidents.setCardLocation` (opaque to the core). */
export interface CardLocation {
  kind: 'channel' | 'personal';
  activityId: string;
  /** The conversation the card was posted to (channel id without `;messageid=`, or the 1:1 id). */
  reference: Partial<ConversationReference>;
}

/** Any adapter that can continue and create conversations (CloudAdapter / TeamsAdapter). */
export type ProactiveAdapter = Pick<
  BotAdapter,
  'continueConversationAsync' | 'createConversationAsync'
>;

/** Teams said the bot is not (or no longer) in that conversation, or the request can never succeed. */
const PERMANENT_STATUSES = new Set([400, 403, 404]);

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const s = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

/** A permanent failure with the HTTP status Teams answered. */
export class TeamsDeliveryError extends PermanentDeliveryError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** 403/404/400 from Teams will not improve by retrying; 429, 5xx and network errors will. */
export function classifyTeamsError(err: unknown): Error {
  if (err instanceof PermanentDeliveryError) return err;
  const status = statusOf(err);
  if (status !== undefined && PERMANENT_STATUSES.has(status)) {
    const why =
      status === 400
        ? 'Teams rejected the message as invalid'
        : 'the bot is not in that conversation any more (removed from the team or chat?)';
    return new TeamsDeliveryError(`Teams answered ${status}: ${why}`, status);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export interface DeliveryOptions {
  /** Overrides for the worker (poll interval, back-off) - tests make these short. */
  worker?: Partial<Omit<OutboxWorkerOptions, 'outbox' | 'handlers'>>;
}

export interface DeliveryWorker {
  readonly worker: OutboxWorker;
  readonly handlers: Record<string, DeliveryHandler>;
  start(): void;
  stop(): Promise<void>;
  /** Deliver now instead of at the next poll (after a submit or a triage action). */
  poke(): void;
  /** One round, for tests: claims and handles due messages. */
  runOnce(): Promise<number>;
}

function stripThread(ref: Partial<ConversationReference>): Partial<ConversationReference> {
  // Without activityId the connector posts a new message instead of replying to the one stored.
  const { activityId: _a, ...rest } = ref;
  return rest;
}

export function threadReference(location: CardLocation): Partial<ConversationReference> {
  const ref = stripThread(location.reference);
  return {
    ...ref,
    conversation: {
      ...ref.conversation!,
      id: `${ref.conversation!.id};messageid=${location.activityId}`,
    },
  };
}

function asLocation(raw: Record<string, unknown> | undefined): CardLocation | undefined {
  if (
    !raw ||
    typeof raw.activityId !== 'string' ||
    typeof raw.reference !== 'object' ||
    !raw.reference
  )
    return undefined;
  return raw as unknown as CardLocation;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Builds the delivery handlers and the worker; the composition root starts and stops it. */
export function createDeliveryWorker(
  deps: BotDeps,
  adapter: ProactiveAdapter,
  options: DeliveryOptions = {},
): DeliveryWorker {
  const appId = deps.config.bot.appId ?? '';
  const { store, config, log } = deps;

  async function withConversation<T>(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<T>,
  ): Promise<T> {
    let result: T | undefined;
    try {
      await adapter.continueConversationAsync(appId, stripThread(reference), async (context) => {
        result = await logic(context);
      });
    } catch (err) {
      throw classifyTeamsError(err);
    }
    return result as T;
  }

  async function send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
  ): Promise<string> {
    return withConversation(reference, async (context) => {
      // Proactive turns reply to a made-up continuation id; post to the conversation itself instead
      // (the channel, the card's thread via `;messageid=`, or the 1:1 chat).
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) delete a.replyToId;
        return next();
      });
      const res = await context.sendActivity(activity);
      return res?.id ?? '';
    });
  }

  async function update(location: CardLocation, card: AdaptiveCardJson): Promise<void> {
    await withConversation(location.reference, async (context) => {
      await context.updateActivity({
        ...cardActivity(card),
        type: ActivityTypes.Message,
        id: location.activityId,
      });
    });
  }

  async function requireIncident(msg: OutboxMessage): Promise<Incident> {
    const id = str(msg.payload.incidentId);
    const incident = id ? await store.incidents.get(id) : undefined;
    if (!incident)
      throw new PermanentDeliveryError('The incident no longer exists (purged or never stored).');
    return incident;
  }

  async function requireAnsweredQuestion(msg: OutboxMessage) {
    const id = str(msg.payload.questionId);
    const question = id ? await store.questions.get(id) : undefined;
    if (!question?.answer)
      throw new PermanentDeliveryError('The question or its answer no longer exists.');
    return { ...question, answer: question.answer };
  }

  async function requireChannel(): Promise<SltChannel> {
    const channel = await getSltChannel(store);
    // Retried, not failed: once an admin runs `setup`, waiting reports are posted.
    if (!channel)
      throw new Error('The SLT channel is not set up yet: an admin must run `setup` in it.');
    return channel;
  }

  async function channelCard(incident: Incident): Promise<AdaptiveCardJson> {
    const [events, members, refreshIds] = await Promise.all([
      store.incidents.events(incident.id),
      sltMembers(deps),
      sltRefreshIds(deps),
    ]);
    return triageCard(config, incident, {
      viewer: { id: '', name: '', roles: new Set(['staff', 'slt']) },
      events,
      members,
      refreshUserIds: refreshIds,
    });
  }

  async function headteacherCard(incident: Incident): Promise<AdaptiveCardJson> {
    const head = config.people.headteacher;
    const events = await store.incidents.events(incident.id);
    return triageCard(config, incident, {
      viewer: {
        id: head.id ?? '',
        name: head.name,
        roles: new Set(['staff', 'slt', 'headteacher']),
      },
      events,
      members: head.id ? [{ id: head.id, name: head.name }] : [],
    });
  }

  /** The personal chat of a user: stored address, or (in a tenant) a new 1:1 conversation. */
  async function personalReference(userId: string): Promise<Partial<ConversationReference>> {
    const known = await store.addresses.get(userId);
    if (known) return known as Partial<ConversationReference>;
    const channel = await getSltChannel(store);
    if (!appId || !channel?.reference.serviceUrl || !channel.tenantId) {
      throw new PermanentDeliveryError(
        'No personal chat with this person is known yet, and one cannot be created here (local mode or no SLT channel set up). They need to open a chat with the bot.',
      );
    }
    let created: Partial<ConversationReference> | undefined;
    try {
      await adapter.createConversationAsync(
        appId,
        'msteams',
        channel.reference.serviceUrl,
        // No audience: the connector factory then uses the bot's default OAuth scope ('' would not).
        undefined as unknown as string,
        {
          isGroup: false,
          bot: channel.reference.bot as never,
          members: [{ id: userId, name: '' }],
          tenantId: channel.tenantId,
          channelData: { tenant: { id: channel.tenantId } },
        } as never,
        async (context) => {
          created = TurnContext.getConversationReference(context.activity);
        },
      );
    } catch (err) {
      throw classifyTeamsError(err);
    }
    if (!created) throw new Error('Teams did not return the new conversation.');
    await store.addresses.save(userId, created as Record<string, unknown>);
    return created;
  }

  async function postOrUpdateChannelCard(incident: Incident): Promise<CardLocation> {
    const card = await channelCard(incident);
    const existing = asLocation(await store.incidents.getCardLocation(incident.id));
    if (existing) {
      try {
        await update(existing, card);
        return existing;
      } catch (err) {
        // Someone deleted the card in Teams: post it again rather than lose the report's card.
        if (!(err instanceof TeamsDeliveryError && err.status === 404)) throw err;
        log.warn(
          { event: 'delivery.card_missing', incidentId: incident.id },
          'card gone: reposting',
        );
      }
    }
    const channel = await requireChannel();
    const activityId = await send(channel.reference, cardActivity(card));
    const location: CardLocation = {
      kind: 'channel',
      activityId,
      reference: stripThread(channel.reference),
    };
    await store.incidents.setCardLocation(
      incident.id,
      location as unknown as Record<string, unknown>,
    );
    return location;
  }

  async function postOrUpdateHeadteacherCard(
    incident: Incident,
  ): Promise<CardLocation | undefined> {
    const card = await headteacherCard(incident);
    const existing = asLocation(await store.incidents.getCardLocation(incident.id));
    if (existing) {
      await update(existing, card);
      return existing;
    }
    const headId = config.people.headteacher.id;
    if (!headId) throw new PermanentDeliveryError('No headteacher is configured (HEADTEACHER_ID).');
    const reference = await personalReference(headId);
    const activityId = await send(reference, cardActivity(card));
    const location: CardLocation = {
      kind: 'personal',
      activityId,
      reference: stripThread(reference),
    };
    await store.incidents.setCardLocation(
      incident.id,
      location as unknown as Record<string, unknown>,
    );
    return location;
  }

  /** Posts once per key: remembers the posted activity in settings so a retry updates instead. */
  async function postOnce(
    settingKey: string,
    reference: Partial<ConversationReference>,
    card: AdaptiveCardJson,
  ): Promise<CardLocation> {
    const existing = asLocation(await store.settings.get<Record<string, unknown>>(settingKey));
    if (existing) {
      await update(existing, card);
      return existing;
    }
    const activityId = await send(reference, cardActivity(card));
    const location: CardLocation = {
      kind: 'channel',
      activityId,
      reference: stripThread(reference),
    };
    await store.settings.set(settingKey, location);
    return location;
  }

  const handlers: Record<string, DeliveryHandler> = {
    [TOPICS.postIncident]: async (msg) => {
      const incident = await requireIncident(msg);
      if (isConfidential(incident)) {
        // Defensive: a confidential report never reaches the channel with details.
        const channel = await requireChannel();
        await postOnce(
          `slt.placeholder.${incident.id}`,
          channel.reference,
          placeholderCard(config, incident),
        );
        return;
      }
      await postOrUpdateChannelCard(incident);
    },

    [TOPICS.postPlaceholder]: async (msg) => {
      const incident = await requireIncident(msg);
      const channel = await requireChannel();
      await postOnce(
        `slt.placeholder.${incident.id}`,
        channel.reference,
        placeholderCard(config, incident),
      );
    },

    [TOPICS.headteacherNotify]: async (msg) => {
      const incident = await requireIncident(msg);
      const location = await postOrUpdateHeadteacherCard(incident);
      // Later changes (the reporter added information) also get a line in the headteacher's chat.
      const text = str(msg.payload.text);
      if (location && typeof msg.payload.seq === 'number' && text) {
        await send(location.reference, { type: ActivityTypes.Message, text: escapeMarkdown(text) });
      }
    },

    [TOPICS.updateCard]: async (msg) => {
      const incident = await requireIncident(msg);
      if (isConfidential(incident)) {
        // The details live in the headteacher's chat; the channel placeholder never changes.
        await postOrUpdateHeadteacherCard(incident);
        return;
      }
      const location = await postOrUpdateChannelCard(incident);
      const events = await store.incidents.events(incident.id);
      const seq = typeof msg.payload.seq === 'number' ? msg.payload.seq : undefined;
      const event =
        seq !== undefined ? events.find((e) => e.seq === seq) : events[events.length - 1];
      if (!event || event.kind === 'created') return;
      // The domain words the line ("Assigned to X by Y"); names are escaped so they cannot add mentions or links.
      const line = str(msg.payload.threadText) ?? eventLine(event);
      await send(threadReference(location), {
        type: ActivityTypes.Message,
        text: escapeMarkdown(line),
      });
    },

    [TOPICS.reporterNotify]: async (msg) => {
      const incident = await requireIncident(msg);
      const recipient = str(msg.payload.recipientId) ?? incident.reporter.id;
      const reference = await personalReference(recipient);
      await send(reference, cardActivity(reporterCard(incident, msg.payload)));
    },

    [TOPICS.questionPost]: async (msg) => {
      const id = str(msg.payload.questionId);
      const question = id ? await store.questions.get(id) : undefined;
      if (!question) throw new PermanentDeliveryError('The question no longer exists.');
      const channel = await requireChannel();
      await postOnce(`slt.question.${question.id}`, channel.reference, sltQuestionCard(question));
    },

    [TOPICS.questionAnswered]: async (msg) => {
      const question = await requireAnsweredQuestion(msg);
      const reference = await personalReference(question.asker.id);
      await send(
        reference,
        cardActivity(
          reporterUpdateCard({
            title: 'The senior leadership team answered your question',
            text: `${escapeMarkdown(question.answer.by.name)} answered:`,
            detailLabel: '',
            detail: question.answer.text,
          }),
        ),
      );
    },

    [TOPICS.questionCard]: async (msg) => {
      const id = str(msg.payload.questionId);
      const question = id ? await store.questions.get(id) : undefined;
      if (!question) throw new PermanentDeliveryError('The question no longer exists.');
      const channel = await requireChannel();
      await postOnce(`slt.question.${question.id}`, channel.reference, sltQuestionCard(question));
    },

    [TOPICS.reminder]: async (msg) => {
      const incident = await requireIncident(msg);
      const threshold = msg.payload.threshold === 'urgent' ? 'urgent' : 'open';
      // Acknowledged (or closed) since the reminder was queued: nothing to re-raise.
      if (incident.status !== 'new') return;
      const channel = await requireChannel();
      const text = reminderText(incident, threshold, deps);
      const activity: Partial<Activity> = { type: ActivityTypes.Message, text };
      const dsl = config.people.dsl;
      if (threshold === 'urgent' && dsl.id) {
        activity.text = `<at>${escapeMarkdown(dsl.name)}</at> ${text}`;
        activity.entities = [
          {
            type: 'mention',
            text: `<at>${escapeMarkdown(dsl.name)}</at>`,
            mentioned: { id: dsl.id, name: dsl.name },
          } as never,
        ];
      }
      // A new top-level post, so it shows at the bottom of the channel; the card stays where it was.
      await send(channel.reference, activity);
    },

    [TOPICS.adminAlert]: async (msg) => {
      const adminId = str(msg.payload.adminId);
      if (!adminId) throw new PermanentDeliveryError('No admin named.');
      const known = await store.addresses.get(adminId);
      if (!known)
        throw new PermanentDeliveryError('The admin has no personal chat with the bot yet.');
      await send(known as Partial<ConversationReference>, {
        type: ActivityTypes.Message,
        text: String(
          msg.payload.text ??
            'A delivery to Teams failed permanently. Type **status** in the SLT channel for details.',
        ),
      });
    },
  };

  // Alert admins (in their personal chat) when a delivery cannot succeed; never for the alert itself.
  const wrapped: Record<string, DeliveryHandler> = {};
  for (const [topic, handler] of Object.entries(handlers)) {
    wrapped[topic] = async (msg) => {
      try {
        await handler(msg);
      } catch (err) {
        if (err instanceof PermanentDeliveryError && topic !== TOPICS.adminAlert) {
          log.error(
            { event: 'delivery.failed_permanently', topic, id: msg.id, ...errorFields(err) },
            'delivery failed permanently',
          );
          await store.outbox
            .enqueue(
              config.people.adminIds.map((adminId) => ({
                key: `alert:${msg.id}:${adminId}`,
                topic: TOPICS.adminAlert,
                payload: {
                  adminId,
                  text: `A ${describeTopic(topic)} could not be delivered to Teams and will not be retried: ${err.message} Type **status** in the SLT channel for details.`,
                },
              })),
            )
            .catch(() => undefined);
        }
        throw err;
      }
    };
  }

  const worker = new OutboxWorker({
    outbox: store.outbox,
    handlers: wrapped,
    clock: deps.clock,
    log,
    ...options.worker,
  });
  return {
    worker,
    handlers: wrapped,
    start: () => worker.start(),
    stop: () => worker.stop(),
    poke: () => worker.poke(),
    runOnce: () => worker.runOnce(),
  };
}

export function describeTopic(topic: string): string {
  switch (topic) {
    case TOPICS.postIncident:
      return 'report card for the SLT channel';
    case TOPICS.postPlaceholder:
      return 'confidential placeholder for the SLT channel';
    case TOPICS.headteacherNotify:
      return 'confidential report for the headteacher';
    case TOPICS.updateCard:
      return 'card update';
    case TOPICS.reporterNotify:
      return 'message to a reporter';
    case TOPICS.questionPost:
      return 'question to SLT';
    case TOPICS.questionCard:
      return 'question card update';
    case TOPICS.questionAnswered:
      return 'answer to a question';
    case TOPICS.reminder:
      return 'reminder';
    default:
      return 'message';
  }
}

function reminderText(incident: Incident, threshold: 'urgent' | 'open', deps: BotDeps): string {
  const { urgentMinutes, openHours } = deps.config.reminders;
  const what = isConfidential(incident)
    ? `Confidential report ${incident.reference} (with the headteacher)`
    : `${threshold === 'urgent' ? 'Urgent report' : 'Report'} ${incident.reference}`;
  const wait = threshold === 'urgent' ? `${urgentMinutes} minutes` : `${openHours} hours`;
  return `Reminder: ${what} has not been acknowledged after ${wait}. Please acknowledge it on its card.`;
}

/** The reporter's card for a notification: only what the payload carries (the domain chose it). */
function reporterCard(incident: Incident, payload: Record<string, unknown>): AdaptiveCardJson {
  const q = payload.question as { questionId?: unknown; text?: unknown } | undefined;
  const questionId = str(q?.questionId);
  const questionText = str(q?.text);
  if (questionId && questionText) {
    return reporterQuestionCard({
      reference: incident.reference,
      incidentId: incident.id,
      questionId,
      question: questionText,
      open: true,
    });
  }
  const shared = str(payload.sharedOutcome);
  const text =
    str(payload.statusLine) ??
    str(payload.text) ??
    `There is an update on your report ${incident.reference}.`;
  return reporterUpdateCard({
    title: `Update on your report ${incident.reference}`,
    text: escapeMarkdown(text),
    detailLabel: shared ? 'What the senior leadership team shared with you' : '',
    detail: shared ?? '',
  });
}
