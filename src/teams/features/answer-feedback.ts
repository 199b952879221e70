import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { ForbiddenError, StoreUnavailableError } from '../../core/errors';
import {
  answerFeedbackReport,
  helpfulPercent,
  type AnswerFeedbackReport,
  type SectionFeedbackLine,
} from '../../core/policy/answer-feedback';
import type { FeedbackCounts } from '../../core/store';
import type { BotDeps } from '../bot';
import { escapeMarkdown, renderCard, type AdaptiveCardJson } from '../cards/render-card';
import { errorFields, friendlyMessage } from '../errors';
import { ensureRosterLoaded } from '../slt-state';
import { commandText, isPersonal, personOf, sendCard } from '../turn';
import { sendPersonalChatOnly } from './report-flow';

/**
 * `feedback` in a personal chat: SLT and admins see how helpful staff find the policy answers
 * (the "Was this helpful?" votes), by section. Only in a personal chat, like the other summaries of
 * school records a leader reads for themselves; the domain refuses everyone else.
 */

export interface AnswerFeedbackData {
  title: string;
  totals: { title: string; value: string }[];
  sectionsHeading: string;
  sections: { heading: string; detail: string }[];
  /** Shown instead of the list when no section was marked not helpful. */
  sectionsNote: string;
  footer: string;
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'answer-feedback': AnswerFeedbackData;
  }
}

export const FEEDBACK_COMMAND = 'feedback';

export const NO_VOTES_YET =
  'No one has rated a policy answer yet. Each answer card asks **Was this helpful?**; the votes will be summarised here once staff use it.';

export const FEEDBACK_PERSONAL_ONLY =
  'The feedback summary is shown only in a personal chat with me. Open a chat with me and type "feedback".';

export const FEEDBACK_UNAVAILABLE =
  'Sorry, the records cannot be reached just now, so I cannot show the feedback. Please try again in a few minutes.';

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' });

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function totalsLine(counts: FeedbackCounts): string {
  const percent = helpfulPercent(counts);
  if (percent === undefined) return 'No votes';
  return `${counts.helpful} helpful, ${counts.notHelpful} not helpful (${percent}% helpful)`;
}

/** "Staff social media policy · section 4.1"; headings without a number are shown as they are. */
function sectionHeading(s: SectionFeedbackLine): string {
  const document = s.documentTitle ? escapeMarkdown(s.documentTitle) : 'Document not recorded';
  if (!s.section) return `${document} · section not recorded`;
  const section = escapeMarkdown(s.section);
  return /^\d/.test(s.section) ? `${document} · section ${section}` : `${document} · ${section}`;
}

function sectionDetail(s: SectionFeedbackLine): string {
  const total = s.helpful + s.notHelpful;
  return `${s.notHelpful} of ${plural(total, 'vote')} not helpful (${Math.round(s.notHelpfulShare * 100)}%)`;
}

export function answerFeedbackCard(report: AnswerFeedbackReport): AdaptiveCardJson {
  const period = `last ${report.period.days} days`;
  return renderCard('answer-feedback', {
    title: 'How helpful staff find the policy answers',
    totals: [
      {
        title: `Last ${report.period.days} days (since ${DATE.format(new Date(report.period.since))})`,
        value: totalsLine(report.period),
      },
      { title: 'All time', value: totalsLine(report.allTime) },
    ],
    sectionsHeading: `Sections most often marked not helpful (${period})`,
    sections: report.sections.map((s) => ({
      heading: sectionHeading(s),
      detail: sectionDetail(s),
    })),
    sectionsNote:
      report.sections.length === 0 ? `No section was marked not helpful in the ${period}.` : '',
    footer:
      'Counts only: this never shows who voted, and votes are kept without the question that was asked. A section marked not helpful may need clearer wording, or the bot may be quoting it for questions it does not answer.',
  });
}

export function registerAnswerFeedback(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (context) => commandText(context) === FEEDBACK_COMMAND,
    async (context) => {
      if (!isPersonal(context)) {
        await sendPersonalChatOnly(
          deps,
          context,
          'Answer feedback is shown in a personal chat',
          FEEDBACK_PERSONAL_ONLY,
        );
        return;
      }
      await showFeedback(deps, context);
    },
  );
}

async function showFeedback(deps: BotDeps, context: TurnContext): Promise<void> {
  try {
    await ensureRosterLoaded(deps);
    const actor = deps.roles.actor(personOf(context));
    const report = await answerFeedbackReport(deps.store, actor, {}, deps.clock);
    const votes = report.allTime.helpful + report.allTime.notHelpful;
    deps.log.info(
      { event: 'answer_feedback.shown', votes, sections: report.sections.length },
      'answer feedback summary shown',
    );
    if (votes === 0) {
      await context.sendActivity(NO_VOTES_YET);
      return;
    }
    await sendCard(context, answerFeedbackCard(report));
  } catch (err) {
    if (err instanceof ForbiddenError)
      deps.log.warn({ event: 'answer_feedback.refused' }, 'answer feedback refused: not SLT');
    else
      deps.log.error(
        { event: 'answer_feedback.failed', ...errorFields(err) },
        'answer feedback summary failed',
      );
    await context.sendActivity(
      err instanceof StoreUnavailableError ? FEEDBACK_UNAVAILABLE : friendlyMessage(err),
    );
  }
}
