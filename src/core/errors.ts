/**
 * Typed domain errors. The Teams layer turns each into a polite message for the user;
 * `userMessage` is always safe to show (no personal data, no internals).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    readonly userMessage: string,
    detail?: string,
  ) {
    super(detail ?? userMessage);
    this.name = new.target.name;
  }
}

/** Input failed validation; `fieldErrors` maps a field id to the message shown beside it. */
export class ValidationError extends DomainError {
  readonly code = 'validation';
  constructor(
    userMessage: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(userMessage);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** The actor may not do this. Always logged (without personal data) by the caller. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** The action is not allowed from the record's current state (e.g. closing a closed report). */
export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid_transition';
}

/** Someone else changed the record first (optimistic concurrency). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Storage is unavailable; nothing was saved. */
export class StoreUnavailableError extends DomainError {
  readonly code = 'store_unavailable';
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
}
