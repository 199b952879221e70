import { systemClock, type Clock } from '../clock';
import { ForbiddenError, ValidationError } from '../errors';
import { hasRole, isSlt, type Actor } from '../people';
import type { FeedbackCounts, SectionFeedback, Store } from '../store';

/**
 * How helpful staff find the policy answers: totals of the "Was this helpful?" votes over a recent
 * period and all time, and the sections most often marked not helpful, so senior leaders know which
 * parts of the policy (or of the bot's matching) to look at first. For SLT (including the DSL and
 * the headteacher) and admins. Votes carry no question text, and the report names no one.
 */

export const DEFAULT_FEEDBACK_DAYS = 90;
/** Longest period the report covers; all-time totals are always shown beside it. */
export const MAX_FEEDBACK_DAYS = 3650;
export const TOP_SECTIONS = 10;

export const FEEDBACK_REFUSED_MESSAGE =
  'Sorry, only the senior leadership team and administrators can see feedback on policy answers.';

export interface SectionFeedbackLine extends SectionFeedback {
  /** Not-helpful votes as a share of this section's votes, 0 to 1. */
  notHelpfulShare: number;
}

export interface AnswerFeedbackReport {
  period: FeedbackCounts & { days: number; since: string };
  allTime: FeedbackCounts;
  /** Within the period: most not-helpful votes first, then the larger not-helpful share. */
  sections: SectionFeedbackLine[];
}

export function canSeeAnswerFeedback(actor: Actor): boolean {
  return isSlt(actor) || hasRole(actor, 'admin');
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function answerFeedbackReport(
  store: Pick<Store, 'feedback'>,
  actor: Actor,
  options: { days?: number } = {},
  clock: Clock = systemClock,
): Promise<AnswerFeedbackReport> {
  if (!actor || !canSeeAnswerFeedback(actor)) {
    throw new ForbiddenError(FEEDBACK_REFUSED_MESSAGE, 'answer feedback refused: not SLT or admin');
  }
  const days = options.days ?? DEFAULT_FEEDBACK_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_FEEDBACK_DAYS) {
    throw new ValidationError(
      `Sorry, the period must be a whole number of days from 1 to ${MAX_FEEDBACK_DAYS}.`,
      { days: `1 to ${MAX_FEEDBACK_DAYS} days.` },
    );
  }
  const since = new Date(clock.now().getTime() - days * DAY_MS);
  const [recent, allTime] = await Promise.all([
    store.feedback.summary({ since, limit: TOP_SECTIONS }),
    store.feedback.counts(),
  ]);
  return {
    period: {
      days,
      since: since.toISOString(),
      helpful: recent.helpful,
      notHelpful: recent.notHelpful,
    },
    allTime: { helpful: allTime.helpful, notHelpful: allTime.notHelpful },
    sections: recent.sections.map((s) => ({
      ...s,
      notHelpfulShare: s.notHelpful / (s.helpful + s.notHelpful),
    })),
  };
}

/** Helpful votes as a whole percentage of all votes; undefined when there are none. */
export function helpfulPercent(counts: FeedbackCounts): number | undefined {
  const total = counts.helpful + counts.notHelpful;
  return total === 0 ? undefined : Math.round((counts.helpful / total) * 100);
}
