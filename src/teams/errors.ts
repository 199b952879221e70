import { DomainError } from '../core/errors';

export const GENERIC_APOLOGY =
  "Sorry, something went wrong on my side and I couldn't finish that. Nothing you sent has been lost: please try again in a moment.";

/** The text to show a user for any error: a DomainError's own polite message, otherwise a generic apology. */
export function friendlyMessage(err: unknown): string {
  return err instanceof DomainError ? err.userMessage : GENERIC_APOLOGY;
}

/** Safe to log: error class and code, never the message text (which may echo user input). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof DomainError) return { errorType: err.name, code: err.code };
  if (err instanceof Error)
    return { errorType: err.name, stack: err.stack?.split('\n').slice(1, 7).join('\n') };
  return { errorType: typeof err };
}
