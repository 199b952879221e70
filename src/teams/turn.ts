import { CardFactory, type TurnContext } from 'botbuilder';
import type { Person } from '../core/people';
import type { AdaptiveCardJson } from './cards/render-card';

/** The acting person: Entra object id when Teams provides it (it always does in a tenant). */
export function personOf(context: TurnContext): Person {
  const from = context.activity.from ?? { id: 'unknown', name: '' };
  return { id: from.aadObjectId || from.id || 'unknown', name: from.name || 'A member of staff' };
}

export function conversationType(context: TurnContext): 'personal' | 'channel' | 'groupChat' {
  const t = context.activity.conversation?.conversationType;
  if (t === 'channel' || context.activity.channelData?.team) return 'channel';
  if (t === 'groupChat') return 'groupChat';
  return 'personal';
}

export function isPersonal(context: TurnContext): boolean {
  return conversationType(context) === 'personal';
}

/** True when the bot itself is @mentioned in this message. */
export function mentionsBot(context: TurnContext): boolean {
  const botId = context.activity.recipient?.id;
  return (context.activity.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}

export function tenantOf(context: TurnContext): string | undefined {
  return (
    context.activity.channelData?.tenant?.id ??
    (context.activity.conversation as { tenantId?: string } | undefined)?.tenantId
  );
}

export function cardActivity(card: AdaptiveCardJson) {
  return { attachments: [CardFactory.adaptiveCard(card)] };
}

export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity(cardActivity(card));
}

/** Normalised command text: mention removed (teams-ai does it), trimmed, lower case, single spaces. */
export function commandText(context: TurnContext): string {
  return (context.activity.text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}
