import { DomainError, StoreUnavailableError } from '../core/errors';

export const GENERIC_APOLOGY =
  "Sorry, something went wrong on my side and I couldn't finish that. Nothing you sent has been lost: please try again in a moment.";

/** The text to show a user for any error: a DomainError's own polite message, otherwise a generic apology. */
export function friendlyMessage(err: unknown): string {
  if (err instanceof StoreUnavailableError) return STORE_UNAVAILABLE_MESSAGE;
  return err instanceof DomainError ? err.userMessage : GENERIC_APOLOGY;
}

/** The database is down: that action was not saved, but nothing saved before (a report draft) is lost. */
export const STORE_UNAVAILABLE_MESSAGE =
  'Sorry, our records cannot be reached just now, so that was not saved. Nothing you saved before is lost: if you were writing a report, your answers are kept. Please try again in a few minutes.';

/** Safe to log: error class and code, never the message text (which may echo user input). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof DomainError) return { errorType: err.name, code: err.code };
  if (err instanceof Error)
    return { errorType: err.name, stack: err.stack?.split('\n').slice(1, 7).join('\n') };
  return { errorType: typeof err };
}
