import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { canSeeAnswerFeedback } from '../../core/policy/answer-feedback';
import type { BotDeps } from '../bot';
import { renderCard, type AdaptiveCardJson } from '../cards/render-card';
import { ensureRosterLoaded } from '../slt-state';
import { commandText, isPersonal, personOf, sendCard } from '../turn';
import { VERBS } from '../verbs';

export interface WelcomePersonalData {
  title: string;
  schoolName: string;
  urgentNote: string;
  /** Commands for senior leaders and admins; empty for everyone else. */
  leaderNote: string;
}

export interface WelcomeTeamData {
  title: string;
  botName: string;
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'welcome-personal': WelcomePersonalData;
    'welcome-team': WelcomeTeamData;
  }
}

export const LEADER_NOTE =
  'For senior leaders and admins: type **feedback** to see how helpful staff find these answers, by policy section.';

/** Help must work while the database is down: then only configured roles count. */
async function isLeader(deps: BotDeps, context: TurnContext): Promise<boolean> {
  await ensureRosterLoaded(deps).catch(() => undefined);
  return canSeeAnswerFeedback(deps.roles.actor(personOf(context)));
}

export async function welcomeCard(deps: BotDeps, context: TurnContext): Promise<AdaptiveCardJson> {
  if (isPersonal(context)) {
    const leader = await isLeader(deps, context);
    return renderCard('welcome-personal', {
      title: 'Hello! I am the staff safeguarding assistant.',
      schoolName: deps.config.schoolName,
      urgentNote: `If a child is at risk right now, speak to ${deps.config.people.dsl.name} in person first. Call 999 if anyone is in immediate danger.`,
      leaderNote: leader ? LEADER_NOTE : '',
    });
  }
  return renderCard('welcome-team', {
    title: 'Safeguarding reports for senior leaders',
    botName: context.activity.recipient?.name || 'Safeguard',
  });
}

export function registerWelcome(app: Application<TurnState>, deps: BotDeps): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (botAdded) await sendCard(context, await welcomeCard(deps, context));
  });

  app.message(
    async (context) => /^(help|hi|hello|start|menu|\?)$/.test(commandText(context)),
    async (context) => {
      await sendCard(context, await welcomeCard(deps, context));
    },
  );

  app.adaptiveCards.actionExecute(VERBS.help, async (context) => welcomeCard(deps, context));
}
