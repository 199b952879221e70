/**
 * Policy questions in Teams: free text in a personal chat, `ask <question>` (channels: with an
 * @mention), or the welcome card's Ask box. Retrieval (src/core/policy) decides whether the policy
 * answers it; this file only turns that answer into a card, plus "Show full section", feedback,
 * "Report this", "Ask SLT", and the admin `reload` command.
 */
import { randomUUID } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import {
  isReviewOverdue,
  isSchoolWordsFile,
  MAX_QUESTION_CHARS,
  SCHOOL_WORDS_FILE,
  type Citation,
  type PolicyAnswer,
  type PolicyLibrary,
} from '../../core/policy';
import {
  incidentType,
  isIncidentTypeId,
  type IncidentTypeId,
} from '../../core/incidents/incident-types';
import type { BotDeps } from '../bot';
import { escapeMarkdown, renderCard, type AdaptiveCardJson } from '../cards/render-card';
import { errorFields, GENERIC_APOLOGY } from '../errors';
import {
  createAnswerWriter,
  type AnswerWriter,
  type GeneratedAnswer,
} from '../generative/answer-writer';
import type { PolicySource } from '../policy-source';
import { cardActivity, conversationType, isPersonal, personOf } from '../turn';
import { VERBS } from '../verbs';

export interface PolicyAnswerCardData {
  answerId: string;
  heading: string;
  keySentence: string;
  hasGenerated: boolean;
  generatedText: string;
  sources: { label: string }[];
  aiLabel: string;
  source: string;
  excerpt: { text: string }[];
  passageId: string;
  reviewLine: string;
  outOfDate: boolean;
  outOfDateText: string;
  related: { title: string; passageId: string }[];
  hasReport: boolean;
  reportType: string;
  reportPrompt: string;
}

export interface PolicyNotCoveredCardData {
  message: string;
  question: string;
  whoToAsk: string;
  answerSummary: string;
  hasReport: boolean;
  reportType: string;
  reportPrompt: string;
}

export interface PolicySectionCardData {
  title: string;
  document: string;
  paragraphs: { text: string }[];
  reviewLine: string;
  outOfDate: boolean;
  outOfDateText: string;
}

export interface PolicyAskCardData {
  question: string;
  error: string;
  maxLength: number;
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'policy-answer': PolicyAnswerCardData;
    'policy-not-covered': PolicyNotCoveredCardData;
    'policy-section': PolicySectionCardData;
    'policy-ask': PolicyAskCardData;
  }
}

export const AI_LABEL = 'AI-generated - check the quoted policy below.';
export const NO_LIBRARY_MESSAGE =
  "Sorry, I can't look up the policy right now because it isn't loaded. Please try again later or ask an admin.";
export const FEEDBACK_THANKS = 'Thank you for your feedback. It helps us improve these answers.';
export const FEEDBACK_ALREADY = 'You have already given feedback on this answer. Thank you.';
export const SECTION_GONE =
  'That section is no longer in the policy library (it may have been updated). Please ask your question again.';
export const RELOAD_REFUSED = 'Sorry, only admins can reload the policy documents.';
export const CHANNEL_HINT =
  "Sorry, I didn't understand that. To ask about the policy here, type **ask** followed by your question.";
export const EMPTY_QUESTION = 'Please type your question in the box first.';

export function tooLongMessage(length: number): string {
  return `That question is a bit long for me (${length} characters). Please shorten it to under ${MAX_QUESTION_CHARS} characters and ask again.`;
}

/** How many answers per conversation remember who voted (one vote per person per answer). */
const VOTES_KEPT = 200;
const BUTTON_TITLE_CHARS = 48;
const MAX_ID_CHARS = 300;

type Outcome = 'answered' | 'not_covered';

function whoToAsk(deps: BotDeps): string {
  const { dsl, headteacher } = deps.config.people;
  const describe = (name: string, role: string) =>
    /^the\s/i.test(name.trim())
      ? escapeMarkdown(name.trim())
      : `${escapeMarkdown(name.trim())} (${role})`;
  return `Please ask ${describe(dsl.name, 'the DSL')} or ${describe(headteacher.name, 'the headteacher')}.`;
}

function sectionLabel(c: Pick<Citation, 'section' | 'heading'>): string {
  if (c.section && c.heading) return `section ${c.section}, ${c.heading}`;
  if (c.section) return `section ${c.section}`;
  return c.heading ?? '';
}

function sourceLine(c: Citation): string {
  const where = sectionLabel(c);
  return escapeMarkdown(where ? `${c.document}: ${where}` : c.document);
}

function buttonTitle(c: Citation): string {
  const title = c.section ? `${c.section} ${c.heading ?? c.document}` : (c.heading ?? c.document);
  return title.length <= BUTTON_TITLE_CHARS
    ? title
    : `${title.slice(0, BUTTON_TITLE_CHARS - 3).trimEnd()}...`;
}

/** Paragraphs for RichTextBlocks: TextRuns do not render markdown, so policy text shows as written. */
function paragraphs(text: string): { text: string }[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ text: line.replace(/^-\s+/, '• ') }));
}

function reviewLines(
  review: Citation['review'],
  deps: BotDeps,
): { reviewLine: string; outOfDate: boolean; outOfDateText: string } {
  if (!review) return { reviewLine: '', outOfDate: false, outOfDateText: '' };
  const parts = [
    review.lastReviewed ? `Last reviewed: ${review.lastReviewed}` : null,
    review.nextReview ? `Next review: ${review.nextReview}` : null,
  ].filter(Boolean);
  return {
    reviewLine: escapeMarkdown(parts.join(' · ')),
    outOfDate: review.mayBeOutOfDate,
    outOfDateText: review.mayBeOutOfDate
      ? escapeMarkdown(
          `This policy may be out of date: its review was due ${review.nextReview ? `by ${review.nextReview}` : 'already'}. Check with ${deps.config.people.dsl.name} that this is still current.`,
        )
      : '',
  };
}

/**
 * "Report this" with the type pre-filled. Reports are made in a personal chat (the report flow
 * refuses channels), so a channel answer says where to report instead of showing the button.
 */
function reportFields(
  type: IncidentTypeId | null,
  personal: boolean,
): { hasReport: boolean; reportType: string; reportPrompt: string } {
  if (!type || !isIncidentTypeId(type))
    return { hasReport: false, reportType: '', reportPrompt: '' };
  const info = incidentType(type);
  const urgent = info.speakToDslFirst
    ? ' If a child is at risk right now, speak to the DSL in person first.'
    : '';
  if (!personal) {
    return {
      hasReport: false,
      reportType: '',
      reportPrompt: escapeMarkdown(
        `If this has happened, message me in a personal chat to report it privately.${urgent}`,
      ),
    };
  }
  return {
    hasReport: true,
    reportType: type,
    reportPrompt: escapeMarkdown(
      `If this has happened, please report it. Report type: ${info.label}.${urgent}`,
    ),
  };
}

const plain = (text: string) =>
  text
    .replace(/^\s*-\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The key sentence, unless the quote below is that same sentence (a one-sentence section). */
function keySentenceLine(keySentence: string | undefined, excerpt: string): string {
  if (!keySentence || plain(keySentence) === plain(excerpt)) return '';
  return escapeMarkdown(keySentence);
}

export interface AnswerCardOptions {
  generated?: GeneratedAnswer;
  /** Personal chat (default): the card can offer "Report this". */
  personal?: boolean;
}

export function answerCard(
  answer: PolicyAnswer,
  deps: BotDeps,
  answerId: string,
  options: AnswerCardOptions = {},
): AdaptiveCardJson {
  const { generated, personal = true } = options;
  const [top, ...related] = answer.citations;
  return renderCard('policy-answer', {
    answerId,
    heading: 'What our policy says',
    keySentence: keySentenceLine(answer.keySentence, top.excerpt),
    hasGenerated: Boolean(generated),
    generatedText: generated
      ? escapeMarkdown(generated.text).replace(/\\\[(\d{1,2})\\\]/g, '[$1]')
      : '',
    sources: generated
      ? generated.cited.map((n) => ({ label: `[${n}] ${sourceLine(answer.citations[n - 1])}` }))
      : [],
    aiLabel: generated ? AI_LABEL : '',
    source: sourceLine(top),
    excerpt: paragraphs(top.excerpt),
    passageId: top.passageId,
    ...reviewLines(top.review, deps),
    related: related.slice(0, 2).map((c) => ({ title: buttonTitle(c), passageId: c.passageId })),
    ...reportFields(answer.suggestedReport, personal),
  });
}

export function notCoveredCard(
  answer: PolicyAnswer,
  question: string,
  deps: BotDeps,
  personal = true,
): AdaptiveCardJson {
  const message = answer.notCovered?.message ?? "Our policy doesn't cover that.";
  return renderCard('policy-not-covered', {
    message: escapeMarkdown(message),
    question,
    whoToAsk: whoToAsk(deps),
    answerSummary: message,
    ...reportFields(answer.suggestedReport, personal),
  });
}

export function sectionCard(c: Citation, deps: BotDeps): AdaptiveCardJson {
  return renderCard('policy-section', {
    title: escapeMarkdown(
      c.section ? `${c.section} ${c.heading ?? ''}`.trim() : (c.heading ?? c.document),
    ),
    document: escapeMarkdown(c.document),
    paragraphs: paragraphs(c.fullText),
    ...reviewLines(c.review, deps),
  });
}

export function askCard(question = '', error = ''): AdaptiveCardJson {
  return renderCard('policy-ask', { question, error, maxLength: MAX_QUESTION_CHARS });
}

/** The Teams "AI generated" label and citations, as teams-ai sends them with generated messages. */
function aiEntity(answer: PolicyAnswer, generated: GeneratedAnswer): Record<string, unknown> {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation: generated.cited.map((n) => {
      const c = answer.citations[n - 1];
      return {
        '@type': 'Claim',
        position: n,
        appearance: {
          '@type': 'DigitalDocument',
          name: `${c.document}${c.section ? ` ${c.section}` : ''}`.slice(0, 80),
          abstract: c.excerpt.slice(0, 160),
        },
      };
    }),
  };
}

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

export function checkQuestion(raw: unknown): QuestionCheck {
  if (typeof raw !== 'string' || raw.trim().length === 0)
    return { ok: false, message: EMPTY_QUESTION };
  const question = raw.replace(/\s+/g, ' ').trim();
  if (question.length > MAX_QUESTION_CHARS)
    return { ok: false, message: tooLongMessage(question.length) };
  return { ok: true, question };
}

interface AnswerDeps extends BotDeps {
  policies: PolicySource;
}

/**
 * One question -> the activity to send. Retrieval decides; the model (when configured) only rewords
 * an answer retrieval already found, and any model failure falls back to the plain card.
 */
async function answerActivity(
  context: TurnContext,
  deps: AnswerDeps,
  writer: AnswerWriter | undefined,
  question: string,
): Promise<Partial<Activity>> {
  const started = Date.now();
  const answer = deps.policies.current().answer(question, { clock: deps.clock });
  let outcome: Outcome = 'not_covered';
  let generative: 'off' | 'used' | 'failed' | 'skipped' = writer ? 'skipped' : 'off';
  let activity: Partial<Activity>;
  if (!answer.answered || answer.citations.length === 0) {
    activity = cardActivity(notCoveredCard(answer, question, deps, isPersonal(context)));
  } else {
    outcome = 'answered';
    const answerId = randomUUID();
    let generated: GeneratedAnswer | undefined;
    if (writer) {
      try {
        generated = await writer.write(context, question, answer.citations);
        generative = 'used';
      } catch (err) {
        generative = 'failed';
        deps.log.warn(
          {
            event: 'generative_failed',
            ...errorFields(err),
            reason: (err as { reason?: string }).reason,
          },
          'generative answer failed; sent the retrieval card',
        );
      }
    }
    activity = cardActivity(
      answerCard(answer, deps, answerId, { generated, personal: isPersonal(context) }),
    );
    if (generated) activity.entities = [aiEntity(answer, generated) as never];
  }
  deps.log.info(
    {
      event: 'policy_answer',
      outcome,
      confidence: answer.confidence,
      citations: answer.citations.length,
      suggestedReport: answer.suggestedReport,
      generative,
      conversationType: conversationType(context),
      ms: Date.now() - started,
    },
    'policy question answered',
  );
  return activity;
}

const writers = new WeakMap<BotDeps, AnswerWriter>();

/** The generative writer, when configured: one per bot (the model client keeps its connections). */
function writerFor(deps: BotDeps): AnswerWriter | undefined {
  if (deps.answerWriter) return deps.answerWriter;
  if (!deps.config.generative) return undefined;
  let writer = writers.get(deps);
  if (!writer) {
    writer = createAnswerWriter(deps.config.generative);
    writers.set(deps, writer);
  }
  return writer;
}

function withPolicies(deps: BotDeps): AnswerDeps | undefined {
  return deps.policies ? (deps as AnswerDeps) : undefined;
}

/** Answers a question typed as a message; never throws (a failure gets a polite reply). */
async function replyToQuestion(
  context: TurnContext,
  deps: BotDeps,
  writer: AnswerWriter | undefined,
  raw: string,
) {
  const checked = checkQuestion(raw);
  if (!checked.ok) {
    await context.sendActivity(checked.message);
    return;
  }
  const withLibrary = withPolicies(deps);
  if (!withLibrary) {
    deps.log.warn({ event: 'policy_library_missing' }, 'no policy library configured');
    await context.sendActivity(NO_LIBRARY_MESSAGE);
    return;
  }
  try {
    await context.sendActivity(
      await answerActivity(context, withLibrary, writer, checked.question),
    );
  } catch (err) {
    deps.log.error({ event: 'policy_answer_failed', ...errorFields(err) }, 'policy answer failed');
    await context.sendActivity(GENERIC_APOLOGY);
  }
}

function questionAfterAsk(context: TurnContext): string {
  return (context.activity.text ?? '').trim().replace(/^ask\b[\s:,-]*/i, '');
}

interface FeedbackState {
  policyVotes?: string[];
}

function stringField(data: unknown, key: string): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const v = (data as Record<string, unknown>)[key];
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS ? v : undefined;
}

export function registerPolicyAnswers(app: Application<TurnState>, deps: BotDeps): void {
  const writer = writerFor(deps);

  app.message(/^\s*reload\s*$/i, async (context) => {
    const actor = deps.roles.actor(personOf(context));
    if (!actor.roles.has('admin')) {
      deps.log.warn({ event: 'reload_refused', userId: actor.id }, 'reload refused: not an admin');
      await context.sendActivity(RELOAD_REFUSED);
      return;
    }
    if (!deps.policies) {
      await context.sendActivity(NO_LIBRARY_MESSAGE);
      return;
    }
    try {
      const result = await deps.policies.reload();
      deps.log.info(
        {
          event: 'policy_reload',
          documents: result.documents,
          passages: result.passages,
          failed: result.failed.length,
        },
        'policy library reloaded',
      );
      const words =
        result.schoolWords > 0
          ? ` and ${result.schoolWords} school ${result.schoolWords === 1 ? 'word' : 'words'}`
          : '';
      const lines = [
        `Reloaded the policy documents: ${result.documents} ${result.documents === 1 ? 'document' : 'documents'}, ${result.passages} passages${words}.`,
      ];
      if (result.documents === 0)
        lines.push(
          'No policy documents were loaded, so every question will get "not covered". Check the policy folder.',
        );
      const unread = result.failed.filter((f) => !isSchoolWordsFile(f.fileName));
      const wordProblems = result.failed.filter((f) => isSchoolWordsFile(f.fileName));
      if (unread.length > 0) {
        lines.push(`${unread.length} ${unread.length === 1 ? 'file' : 'files'} could not be read:`);
        for (const f of unread.slice(0, 20))
          lines.push(`- ${escapeMarkdown(f.fileName)}: ${escapeMarkdown(f.reason.slice(0, 200))}`);
      }
      if (wordProblems.length > 0) {
        lines.push(
          `${SCHOOL_WORDS_FILE}: ${wordProblems.length} ${wordProblems.length === 1 ? 'line was' : 'lines were'} not used:`,
        );
        for (const f of wordProblems.slice(0, 20))
          lines.push(`- ${escapeMarkdown(f.reason.slice(0, 200))}`);
      }
      await context.sendActivity(lines.join('\n\n'));
    } catch (err) {
      deps.log.error(
        { event: 'policy_reload_failed', ...errorFields(err) },
        'policy reload failed',
      );
      await context.sendActivity(
        'Sorry, the policy documents could not be reloaded. The previous version is still in use. Please check the policy folder and try again.',
      );
    }
  });

  app.message(/^\s*ask\b/i, async (context) => {
    const question = questionAfterAsk(context);
    if (!question) {
      await context.sendActivity(cardActivity(askCard()));
      return;
    }
    await replyToQuestion(context, deps, writer, question);
  });

  app.adaptiveCards.actionExecute(VERBS.askPrompt, async () => askCard());

  app.adaptiveCards.actionExecute(VERBS.ask, async (context, _state, data) => {
    const raw = (data as Record<string, unknown> | undefined)?.question;
    const checked = checkQuestion(raw);
    if (!checked.ok)
      return askCard(
        typeof raw === 'string' ? raw.slice(0, MAX_QUESTION_CHARS) : '',
        checked.message,
      );
    const withLibrary = withPolicies(deps);
    if (!withLibrary) {
      deps.log.warn({ event: 'policy_library_missing' }, 'no policy library configured');
      return NO_LIBRARY_MESSAGE;
    }
    try {
      await context.sendActivity(
        await answerActivity(context, withLibrary, writer, checked.question),
      );
      return 'Answered below.';
    } catch (err) {
      deps.log.error(
        { event: 'policy_answer_failed', ...errorFields(err) },
        'policy answer failed',
      );
      return GENERIC_APOLOGY;
    }
  });

  app.adaptiveCards.actionExecute(VERBS.showSection, async (context, _state, data) => {
    const passageId = stringField(data, 'passageId');
    const library = deps.policies?.current();
    if (!library) return NO_LIBRARY_MESSAGE;
    const passage = passageId ? library.passage(passageId) : undefined;
    if (!passage) {
      deps.log.info({ event: 'section_not_found' }, 'show section: passage not in the library');
      return SECTION_GONE;
    }
    try {
      const citation = citationFor(library, passage.id, deps);
      if (!citation) return SECTION_GONE;
      await context.sendActivity(cardActivity(sectionCard(citation, deps)));
      deps.log.info({ event: 'section_shown' }, 'full section shown');
      return 'Here is the full section.';
    } catch (err) {
      deps.log.error({ event: 'section_failed', ...errorFields(err) }, 'show section failed');
      return GENERIC_APOLOGY;
    }
  });

  app.adaptiveCards.actionExecute(VERBS.feedback, async (context, state, data) => {
    const answerId = stringField(data, 'answerId');
    const helpful = (data as Record<string, unknown> | undefined)?.helpful;
    if (!answerId || typeof helpful !== 'boolean') {
      deps.log.warn({ event: 'feedback_invalid' }, 'feedback with bad data');
      return 'Sorry, I could not record that feedback. Please use the buttons on the answer card.';
    }
    const person = personOf(context);
    const conversation = state.conversation as FeedbackState;
    const key = `${answerId}|${person.id}`;
    const votes = Array.isArray(conversation.policyVotes) ? conversation.policyVotes : [];
    if (votes.includes(key)) return FEEDBACK_ALREADY;
    const passageId = stringField(data, 'passageId');
    const passage = passageId ? deps.policies?.current().passage(passageId) : undefined;
    try {
      await deps.store.feedback.record({
        answerId,
        documentTitle: passage?.documentTitle,
        section: passage?.section ?? passage?.heading ?? undefined,
        helpful,
        userId: person.id,
        at: deps.clock.now(),
      });
    } catch (err) {
      deps.log.error({ event: 'feedback_failed', ...errorFields(err) }, 'could not store feedback');
      return 'Sorry, I could not save your feedback just now. Please try again in a moment.';
    }
    conversation.policyVotes = [...votes, key].slice(-VOTES_KEPT);
    deps.log.info({ event: 'feedback_recorded', helpful }, 'answer feedback recorded');
    return FEEDBACK_THANKS;
  });
}

/** A citation for any passage (show full section): the library's own review data for its document. */
function citationFor(
  library: PolicyLibrary,
  passageId: string,
  deps: BotDeps,
): Citation | undefined {
  const p = library.passage(passageId);
  if (!p) return undefined;
  const doc = library.documents.find((d) => d.fileName === p.fileName);
  const review = doc?.review;
  return {
    passageId: p.id,
    document: p.documentTitle,
    fileName: p.fileName,
    section: p.section,
    heading: p.heading,
    excerpt: p.text.slice(0, 600),
    fullText: p.text,
    review:
      review && (review.lastReviewed || review.nextReview)
        ? {
            lastReviewed: review.lastReviewed,
            nextReview: review.nextReview,
            mayBeOutOfDate: isReviewOverdue(review, deps.clock),
          }
        : undefined,
  };
}

/**
 * The last message handler: free text in a personal chat is a policy question. In a channel (where
 * the bot only sees @mentions) it explains how to ask.
 */
export function registerQuestionFallback(app: Application<TurnState>, deps: BotDeps): void {
  const writer = writerFor(deps);
  app.message(
    async (context) =>
      context.activity.type === 'message' && (context.activity.text ?? '').trim().length > 0,
    async (context) => {
      if (!isPersonal(context)) {
        await context.sendActivity(CHANNEL_HINT);
        return;
      }
      await replyToQuestion(context, deps, writer, (context.activity.text ?? '').trim());
    },
  );
}
