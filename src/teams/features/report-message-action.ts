import { TurnState, type Application } from '@microsoft/teams-ai';
import { TurnContext, type ConversationReference, type Storage } from 'botbuilder';
import { LIMITS, type MessageEvidence } from '../../core/incidents/report-wizard';
import type { BotDeps } from '../bot';
import { errorFields, friendlyMessage } from '../errors';
import { isPersonal, personOf, sendCard } from '../turn';
import { placeMessageDraft } from './report-flow';

/**
 * "Report this message" (manifest command `reportMessage`, context: message). Teams sends
 * `composeExtension/fetchTask` with the message in `value.messagePayload`. We start a draft with the
 * message as evidence in the person's *personal* chat with the bot (reports are never made in a
 * channel), send the first card there proactively, and answer the invoke with a short message
 * dialog saying where to carry on. This keeps the whole report in one place (the personal chat,
 * whose state holds the draft) and needs no task-module forms, which cannot use Action.Execute.
 */

export const REPORT_MESSAGE_COMMAND = 'reportMessage';

export const STARTED_TEXT =
  'I have started a report in your personal chat with me, with this message kept as evidence. Open that chat to choose what kind of concern it is and finish the report.';
export const NO_CHAT_TEXT =
  'To report a message, I first need a personal chat with you. Open a chat with me (search for the app in Teams chat), say "hi", then use "Report this message" again. Nothing has been kept.';
export const NO_TEXT_TEXT =
  'That message has no text I can keep as evidence. Open a chat with me, type "report" and describe it in your own words. Nothing has been kept.';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Teams message HTML to plain text: line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .slice(0, LIMITS.messageText * 4)
    .replace(/<\s*(script|style)[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*\/\s*(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n =
          code[1] === 'x' || code[1] === 'X'
            ? parseInt(code.slice(2), 16)
            : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface MessagePayload {
  body?: { contentType?: unknown; content?: unknown };
  from?: {
    user?: { displayName?: unknown };
    application?: { displayName?: unknown };
  };
  createdDateTime?: unknown;
}

/** The quoted message from an untrusted invoke payload, or undefined when there is no text. */
export function evidenceFromPayload(payload: unknown): MessageEvidence | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as MessagePayload;
  const content = typeof p.body?.content === 'string' ? p.body.content : '';
  const text = p.body?.contentType === 'text' ? content.trim() : htmlToText(content);
  if (!text) return undefined;
  const author =
    (typeof p.from?.user?.displayName === 'string' && p.from.user.displayName) ||
    (typeof p.from?.application?.displayName === 'string' && p.from.application.displayName) ||
    'Unknown sender';
  return {
    authorName: author,
    text,
    ...(typeof p.createdDateTime === 'string' ? { sentAt: p.createdDateTime } : {}),
  };
}

export function registerReportMessageAction(app: Application<TurnState>, deps: BotDeps): void {
  app.messageExtensions.fetchTask(REPORT_MESSAGE_COMMAND, async (context, state) => {
    try {
      const value = (context.activity.value ?? {}) as { messagePayload?: unknown };
      const evidence = evidenceFromPayload(value.messagePayload);
      if (!evidence) return NO_TEXT_TEXT;

      if (isPersonal(context)) {
        // Reporting a message in the personal chat itself: this conversation holds the draft.
        await sendCard(context, placeMessageDraft(deps, state, evidence));
        deps.log.info(
          { event: 'report.from_message', where: 'personal' },
          'report started from a message',
        );
        return STARTED_TEXT;
      }

      const person = personOf(context);
      const address = await deps.store.addresses.get(person.id);
      if (!address) {
        deps.log.info(
          { event: 'report.from_message_no_chat' },
          'no personal chat address for reporter',
        );
        return NO_CHAT_TEXT;
      }
      const storage = app.options.storage;
      await context.adapter.continueConversationAsync(
        deps.config.bot.appId ?? '',
        address as Partial<ConversationReference>,
        async (personal) => startInPersonalChat(deps, personal, storage, evidence),
      );
      deps.log.info(
        { event: 'report.from_message', where: 'proactive' },
        'report started from a message',
      );
      return STARTED_TEXT;
    } catch (err) {
      deps.log.error(
        { event: 'report.from_message_failed', ...errorFields(err) },
        'report from message failed',
      );
      return friendlyMessage(err);
    }
  });
}

/** Runs inside the proactive turn: loads the personal chat's state, places the draft, sends its card. */
async function startInPersonalChat(
  deps: BotDeps,
  context: TurnContext,
  storage: Storage | undefined,
  evidence: MessageEvidence,
): Promise<void> {
  const state = new TurnState();
  await state.load(context, storage);
  const card = placeMessageDraft(deps, state, evidence);
  await state.save(context, storage);
  await sendCard(context, card);
}
