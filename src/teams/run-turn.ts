import { ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { errorFields, friendlyMessage } from './errors';
import { isPersonal } from './turn';

/**
 * Runs one turn and contains any failure. teams-ai's `app.error` only works when the Application owns
 * the adapter, so the containment lives here: the error is logged without content, a person's own
 * message in a personal chat gets a polite answer, an invoke is always answered (never a 500 or 501
 * carrying internals), and nothing is posted into a channel. State is not saved for a failed turn, so
 * a draft stays as it was.
 */
export function turnHandler(
  app: { run(context: TurnContext): Promise<boolean> },
  log: Logger,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    try {
      await app.run(context);
      if (
        context.activity?.type === ActivityTypes.Invoke &&
        !context.turnState.get(INVOKE_RESPONSE_KEY)
      ) {
        // No feature handles this invoke: say so with a 400 rather than the SDK's 501.
        log.warn({ event: 'unsupported_invoke' }, 'unsupported invoke');
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 400, body: { error: 'This action is not supported by this app.' } },
        });
      }
    } catch (err) {
      log.error(
        { event: 'turn_failed', activityType: context.activity?.type, ...errorFields(err) },
        'turn failed',
      );
      await answerFailure(context, err).catch((sendErr) =>
        log.warn(
          { event: 'failure_reply_failed', ...errorFields(sendErr) },
          'could not send apology',
        ),
      );
    }
  };
}

async function answerFailure(context: TurnContext, err: unknown): Promise<void> {
  const type = context.activity?.type;
  if (type === ActivityTypes.Invoke) {
    if (context.turnState.get(INVOKE_RESPONSE_KEY)) return;
    await context.sendActivity({
      type: 'invokeResponse',
      value: {
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: friendlyMessage(err),
        },
      },
    });
  } else if (type === ActivityTypes.Message && isPersonal(context)) {
    await context.sendActivity(friendlyMessage(err));
  }
}
