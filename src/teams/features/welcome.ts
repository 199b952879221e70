import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { BotDeps } from '../bot';
import { renderCard, type AdaptiveCardJson } from '../cards/render-card';
import { commandText, isPersonal, sendCard } from '../turn';
import { VERBS } from '../verbs';

export interface WelcomePersonalData {
  title: string;
  schoolName: string;
  urgentNote: string;
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

export function welcomeCard(deps: BotDeps, context: TurnContext): AdaptiveCardJson {
  if (isPersonal(context)) {
    return renderCard('welcome-personal', {
      title: 'Hello! I am the staff safeguarding assistant.',
      schoolName: deps.config.schoolName,
      urgentNote: `If a child is at risk right now, speak to ${deps.config.people.dsl.name} in person first. Call 999 if anyone is in immediate danger.`,
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
    if (botAdded) await sendCard(context, welcomeCard(deps, context));
  });

  app.message(
    async (context) => /^(help|hi|hello|start|menu|\?)$/.test(commandText(context)),
    async (context) => {
      await sendCard(context, welcomeCard(deps, context));
    },
  );

  app.adaptiveCards.actionExecute(VERBS.help, async (context) => welcomeCard(deps, context));
}
