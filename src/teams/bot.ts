import { Application, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, MemoryStorage, TurnContext, type Storage } from 'botbuilder';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import { RateLimiter } from '../core/rate-limiter';
import type { RoleDirectory } from '../core/role-directory';
import type { Store } from '../core/store';
import type { Logger } from '../logger';
import { errorFields } from './errors';
import { registerAdminRecords } from './features/admin-records';
import { registerAnswerFeedback } from './features/answer-feedback';
import { registerPolicyAnswers, registerQuestionFallback } from './features/policy-answers';
import { registerReportFlow } from './features/report-flow';
import { registerReportMessageAction } from './features/report-message-action';
import { registerSltCommands } from './features/slt-commands';
import { registerSltQuestions } from './features/slt-questions';
import { registerSltSetup } from './features/slt-setup';
import { registerTriage } from './features/triage';
import { registerWelcome } from './features/welcome';
import type { AnswerWriter } from './generative/answer-writer';
import type { PolicySource } from './policy-source';
import { conversationType, isPersonal, mentionsBot, personOf, tenantOf } from './turn';

/** Everything the Teams layer needs, built once in the composition root. */
export interface BotDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  store: Store;
  roles: RoleDirectory;
  /** The policy library (watched folder); without it questions get a polite "not available". */
  policies?: PolicySource;
  /** Overrides the generative writer built from config.generative (tests). */
  answerWriter?: AnswerWriter;
  /** The outbox delivery worker (src/teams/delivery.ts): poke it after enqueuing to deliver at once. */
  deliveries?: { poke(): void };
}

export type AppState = TurnState;

export interface BotOptions {
  /** Conversation state storage (wizard drafts); defaults to memory for tests. */
  storage?: Storage;
  /** Typing indicator on long turns; off in tests so transcripts stay exact. */
  typingIndicator?: boolean;
}

export const UNKNOWN_ACTION_MESSAGE =
  'Sorry, that button is no longer available. Type **help** to see what I can do.';

/**
 * Builds the teams-ai Application and registers every feature. Handlers only translate turns into
 * domain calls and cards; the rules live in src/core.
 */
export function createBot(deps: BotDeps, options: BotOptions = {}): Application<AppState> {
  const app = new Application<AppState>({
    storage: options.storage ?? new MemoryStorage(),
    removeRecipientMention: true,
    startTypingTimer: options.typingIndicator ?? true,
    adaptiveCards: { actionSubmitFilter: 'verb' },
  });

  const limiter = new RateLimiter(deps.config.limits.ratePerMinute, deps.clock);
  app.turn('beforeTurn', async (context) => admitTurn(deps, context, limiter));

  registerWelcome(app, deps);
  registerReportFlow(app, deps);
  registerReportMessageAction(app, deps);
  registerPolicyAnswers(app, deps);
  registerSltSetup(app, deps);
  registerTriage(app, deps);
  registerSltCommands(app, deps);
  registerSltQuestions(app, deps);
  registerAdminRecords(app, deps);
  registerAnswerFeedback(app, deps);

  // Anything no feature claimed. Invokes must always get an answer, or Teams shows a generic failure.
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    deps.log.warn(
      { event: 'unknown_verb', conversationType: conversationType(context) },
      'unknown card action',
    );
    return UNKNOWN_ACTION_MESSAGE;
  });
  // Last message route: free text in a personal chat is a policy question.
  registerQuestionFallback(app, deps);

  return app;
}

/** Gatekeeping before any handler: tenant allow-list and channel etiquette. Returns false to drop the turn. */
async function admitTurn(
  deps: BotDeps,
  context: TurnContext,
  limiter: RateLimiter,
): Promise<boolean> {
  const { allowedTenants } = deps.config;
  if (allowedTenants.length > 0) {
    const tenant = tenantOf(context);
    if (!tenant || !allowedTenants.includes(tenant)) {
      deps.log.warn(
        { event: 'tenant_refused', activityType: context.activity.type },
        'activity from a tenant not on the allow-list',
      );
      return false;
    }
  }
  const activity = context.activity;
  if (
    activity.type === ActivityTypes.Message &&
    conversationType(context) !== 'personal' &&
    !mentionsBot(context)
  ) {
    return false;
  }
  if (activity.type === ActivityTypes.Message || activity.type === ActivityTypes.Invoke) {
    const verdict = limiter.hit(personOf(context).id);
    if (verdict !== 'ok') {
      deps.log.warn({ event: 'rate_limited', activityType: activity.type }, 'rate limited');
      await answerRateLimited(context, verdict === 'limited');
      return false;
    }
  }
  if (
    (activity.type === ActivityTypes.Message ||
      activity.type === ActivityTypes.ConversationUpdate) &&
    isPersonal(context)
  ) {
    // Remember how to reach this person for proactive notifications about their reports.
    const person = personOf(context);
    await deps.store.addresses
      .save(person.id, TurnContext.getConversationReference(activity) as Record<string, unknown>)
      .catch((err) =>
        deps.log.warn(
          { event: 'address_save_failed', ...errorFields(err) },
          'could not save address',
        ),
      );
  }
  return true;
}

export const RATE_LIMIT_MESSAGE =
  "You're sending messages faster than I can keep up with. Please wait a minute and try again: nothing you've already sent is lost.";

async function answerRateLimited(context: TurnContext, tellUser: boolean): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    // An invoke must always be answered, or Teams shows a generic failure.
    await context.sendActivity({
      type: 'invokeResponse',
      value: {
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: RATE_LIMIT_MESSAGE,
        },
      },
    });
  } else if (tellUser && isPersonal(context)) {
    await context.sendActivity(RATE_LIMIT_MESSAGE);
  }
}
