import { createHash } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { ConflictError, ValidationError } from '../../core/errors';
import { answerQuestion } from '../../core/incidents/report-service';
import { isSlt } from '../../core/people';
import type { SltQuestion } from '../../core/store';
import type { BotDeps } from '../bot';
import { escapeMarkdown, renderCard, type AdaptiveCardJson } from '../cards/render-card';
import { errorFields, friendlyMessage } from '../errors';
import { formatWhen, reporterQuestionCard, reporterUpdateCard, type Notice } from '../slt-cards';
import { ensureRosterLoaded, rememberSltMember } from '../slt-state';
import { isPersonal, personOf } from '../turn';
import { VERBS } from '../verbs';

/**
 * Questions to SLT: "Ask SLT" under a policy answer posts the question (and what the bot said) to
 * the SLT channel; a leader answers on that card and the answer reaches the asker's chat. Also the
 * reporter's answer to an SLT "Ask the reporter" question.
 */

export interface SltQuestionData {
  questionId: string;
  askedLine: string;
  question: string;
  botAnswer: string;
  answer: string;
  answeredLine: string;
  notice: string;
  noticeColor: string;
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'slt-question': SltQuestionData;
  }
}

export const QUESTION_LIMITS = { question: 1000, botAnswer: 3000, answer: 2000 } as const;

export function sltQuestionCard(q: SltQuestion, notice?: Notice): AdaptiveCardJson {
  return renderCard('slt-question', {
    questionId: q.id,
    askedLine: `Asked by ${escapeMarkdown(q.asker.name)} on ${formatWhen(q.askedAt)}`,
    question: q.question,
    botAnswer: q.botAnswer ?? '',
    answer: q.answer?.text ?? '',
    answeredLine: q.answer
      ? `Answered by ${escapeMarkdown(q.answer.by.name)} on ${formatWhen(q.answer.at)}`
      : '',
    notice: notice?.text ?? '',
    noticeColor: notice?.color ?? 'Default',
  });
}

function clean(value: unknown, max: number): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, max) : '';
}

async function answerInvoke(
  context: TurnContext,
  card: AdaptiveCardJson | string,
): Promise<string> {
  // Answer the invoke ourselves: a card is returned to the clicker only, never re-posted.
  const body =
    typeof card === 'string'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: card }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
  return '';
}

export function registerSltQuestions(app: Application<TurnState>, deps: BotDeps): void {
  app.adaptiveCards.actionExecute(VERBS.askSlt, async (context, _state, data) => {
    try {
      const d = (data ?? {}) as Record<string, unknown>;
      const question = clean(d.question, QUESTION_LIMITS.question);
      if (!question) {
        return answerInvoke(
          context,
          'Sorry, I could not find the question to send. Please ask it again.',
        );
      }
      const asker = personOf(context);
      const botAnswer = clean(d.answerSummary, QUESTION_LIMITS.botAnswer) || undefined;
      // A double tap sends the question once.
      const dedupeKey = `slt.asked.${createHash('sha256').update(`${asker.id}\n${question}`).digest('hex').slice(0, 32)}`;
      if (await deps.store.settings.get(dedupeKey)) {
        return answerInvoke(
          context,
          'I already sent that question to the senior leadership team. Their answer will come here.',
        );
      }
      const q = await deps.store.questions.create(
        { asker, question, botAnswer, askedAt: deps.clock.now().toISOString() },
        [
          {
            key: 'slt.question_post:{questionId}',
            topic: 'slt.question_post',
            payload: { questionId: '{questionId}' },
          },
        ],
      );
      await deps.store.settings.set(dedupeKey, q.id);
      deps.deliveries?.poke();
      deps.log.info({ event: 'slt_question.asked', questionId: q.id }, 'question sent to SLT');
      return answerInvoke(
        context,
        reporterUpdateCard({
          title: 'Your question was sent to the senior leadership team',
          text: 'You will get their answer here, in this chat.',
          detailLabel: 'Your question',
          detail: question,
        }),
      );
    } catch (err) {
      deps.log.warn({ event: 'slt_question.ask_failed', ...errorFields(err) }, 'ask SLT failed');
      return answerInvoke(context, friendlyMessage(err));
    }
  });

  app.adaptiveCards.actionExecute(VERBS.sltQuestionAnswer, async (context, _state, data) => {
    const d = (data ?? {}) as Record<string, unknown>;
    const questionId = typeof d.questionId === 'string' ? d.questionId.slice(0, 100) : '';
    try {
      await ensureRosterLoaded(deps);
      const person = personOf(context);
      const actor = deps.roles.actor(person);
      if (!isSlt(actor)) {
        deps.log.warn(
          { event: 'slt_question.answer_refused', questionId },
          'non-SLT tried to answer',
        );
        return answerInvoke(
          context,
          'Sorry, only members of the senior leadership team can answer these questions.',
        );
      }
      const q = questionId ? await deps.store.questions.get(questionId) : undefined;
      if (!q) return answerInvoke(context, 'Sorry, that question could not be found.');
      if (q.answer) {
        return answerInvoke(
          context,
          sltQuestionCard(q, { text: 'This question was already answered.', color: 'Warning' }),
        );
      }
      const text = clean(d.answer, QUESTION_LIMITS.answer + 1);
      if (!text)
        return answerInvoke(
          context,
          sltQuestionCard(q, { text: 'Please write the answer.', color: 'Attention' }),
        );
      if (text.length > QUESTION_LIMITS.answer) {
        return answerInvoke(
          context,
          sltQuestionCard(q, {
            text: `Please keep the answer to ${QUESTION_LIMITS.answer} characters or fewer.`,
            color: 'Attention',
          }),
        );
      }
      await rememberSltMember(deps, actor.id, actor.name, context.activity.from?.id);
      const answered = await deps.store.questions.answer(
        q.id,
        text,
        { id: actor.id, name: actor.name },
        deps.clock.now(),
        [
          {
            key: 'slt.question_answered:{questionId}',
            topic: 'slt.question_answered',
            payload: { questionId: '{questionId}' },
          },
          {
            key: 'slt.question_card:{questionId}',
            topic: 'slt.question_card',
            payload: { questionId: '{questionId}' },
          },
        ],
      );
      deps.deliveries?.poke();
      deps.log.info(
        { event: 'slt_question.answered', questionId: q.id },
        'SLT answered a question',
      );
      return answerInvoke(
        context,
        sltQuestionCard(answered, { text: 'Sent to the member of staff.', color: 'Good' }),
      );
    } catch (err) {
      if (err instanceof ConflictError) {
        const latest = await deps.store.questions.get(questionId).catch(() => undefined);
        if (latest) {
          return answerInvoke(
            context,
            sltQuestionCard(latest, {
              text: 'Someone answered this question a moment ago.',
              color: 'Warning',
            }),
          );
        }
      }
      deps.log.warn(
        { event: 'slt_question.answer_failed', questionId, ...errorFields(err) },
        'answer failed',
      );
      return answerInvoke(context, friendlyMessage(err));
    }
  });

  app.adaptiveCards.actionExecute(VERBS.reporterAnswer, async (context, _state, data) => {
    const d = (data ?? {}) as Record<string, unknown>;
    const incidentId = typeof d.incidentId === 'string' ? d.incidentId.slice(0, 100) : '';
    const questionId = typeof d.questionId === 'string' ? d.questionId.slice(0, 100) : '';
    const actor = deps.roles.actor(personOf(context));
    try {
      if (!isPersonal(context))
        return answerInvoke(context, 'Please answer in your personal chat with me.');
      const { incident, duplicate } = await answerQuestion(
        { store: deps.store, log: deps.log, clock: deps.clock },
        actor,
        incidentId,
        questionId,
        d.answer,
        deps.clock.now(),
      );
      deps.deliveries?.poke();
      const question = (await deps.store.incidents.events(incident.id)).find(
        (e) => e.kind === 'question_asked' && e.questionId === questionId,
      );
      return answerInvoke(
        context,
        reporterQuestionCard({
          reference: incident.reference,
          incidentId: incident.id,
          questionId,
          question: question?.kind === 'question_asked' ? question.text : '',
          open: false,
          notice: {
            text: duplicate
              ? 'Your answer was already sent.'
              : 'Thank you - your answer was added to your report.',
            color: 'Good',
          },
        }),
      );
    } catch (err) {
      deps.log.warn(
        { event: 'reporter_answer.failed', incidentId, ...errorFields(err) },
        'reporter answer failed',
      );
      if (err instanceof ValidationError) {
        // Keep the question and the answer box on screen, with what to fix.
        const incident = await deps.store.incidents.get(incidentId).catch(() => undefined);
        const asked =
          incident?.reporter.id === actor.id
            ? (await deps.store.incidents.events(incident.id)).find(
                (e) => e.kind === 'question_asked' && e.questionId === questionId,
              )
            : undefined;
        if (incident && asked?.kind === 'question_asked') {
          return answerInvoke(
            context,
            reporterQuestionCard({
              reference: incident.reference,
              incidentId: incident.id,
              questionId,
              question: asked.text,
              open: true,
              notice: { text: err.userMessage, color: 'Attention' },
            }),
          );
        }
      }
      return answerInvoke(context, friendlyMessage(err));
    }
  });
}
