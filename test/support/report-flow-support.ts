import { TurnContext, type ConversationReference, type Storage } from 'botbuilder';
import type { Harness, InvokeResult, TestConversation } from './bot-harness';

type Card = Record<string, unknown> | undefined;

interface FoundAction {
  verb: string;
  title?: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute in a card with its title and data, as a person would see the buttons. */
export function cardActions(card: Card): FoundAction[] {
  const out: FoundAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute' && typeof n.verb === 'string') {
      out.push({
        verb: n.verb,
        title: typeof n.title === 'string' ? n.title : undefined,
        data: (n.data as Record<string, unknown>) ?? {},
      });
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Ids of every input on a card. */
export function cardInputs(card: Card): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      ids.push(n.id);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return ids;
}

/** The input with this id, to check prefilled values and limits. */
export function cardInput(card: Card, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) {
      found = n;
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

/** The text shown right after the input `id` (where server-side errors appear), if any. */
export function textAfterInput(card: Card, id: string): string | undefined {
  let result: string | undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        const c = child as Record<string, unknown>;
        if (c && c.id === id && typeof c.type === 'string' && c.type.startsWith('Input.')) {
          const after = node[i + 1] as Record<string, unknown> | undefined;
          if (after?.type === 'TextBlock' && typeof after.text === 'string') result = after.text;
        }
        walk(child);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    Object.values(node as Record<string, unknown>).forEach(walk);
  };
  walk(card);
  return result;
}

/**
 * Presses a button on a card as Teams would: the action's own data merged with the card's input
 * values. Throws if the card has no such button, so a test cannot press what a person could not.
 */
export async function press(
  conversation: TestConversation,
  card: Card,
  verb: string,
  inputs: Record<string, unknown> = {},
  title?: string,
): Promise<InvokeResult> {
  const action = cardActions(card).find(
    (a) => a.verb === verb && (title === undefined || a.title === title),
  );
  if (!action) {
    throw new Error(
      `no button ${verb}${title ? ` "${title}"` : ''} on card; has ${cardActions(card)
        .map((a) => `${a.verb} "${a.title}"`)
        .join(', ')}`,
    );
  }
  return conversation.execute(verb, { ...action.data, ...inputs });
}

/** Backs the harness's bot with `storage`, as the composition root backs it with the database. */
export function useStateStorage(harness: Harness, storage: Storage): void {
  (harness.app.options as { storage?: Storage }).storage = storage;
}

/**
 * The TestAdapter cannot continue a conversation; the real CloudAdapter can. This gives the test
 * adapter the same behaviour: the logic runs on a context for the referenced conversation, and what
 * it sends lands in the harness's replies.
 */
export function enableProactive(harness: Harness): void {
  const adapter = harness.adapter as unknown as {
    continueConversationAsync: (
      appId: string,
      reference: Partial<ConversationReference>,
      logic: (context: TurnContext) => Promise<void>,
    ) => Promise<void>;
  };
  adapter.continueConversationAsync = async (_appId, reference, logic) => {
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'ContinueConversation' },
      reference,
      true,
    );
    await logic(new TurnContext(harness.adapter, activity));
  };
}
