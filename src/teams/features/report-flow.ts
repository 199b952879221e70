import { randomUUID } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { DomainError, StoreUnavailableError, ValidationError } from '../../core/errors';
import { isIncidentTypeId } from '../../core/incidents/incident-types';
import {
  REPORTER_FIELD,
  addInformation,
  listMyReports,
  receiptFor,
  submitReport,
  withdrawReport,
  type ServiceDeps,
} from '../../core/incidents/report-service';
import {
  isResumable,
  markSubmitted,
  next,
  parseDraft,
  startDraft,
  type MessageEvidence,
  type ReportDraft,
  type WizardInput,
} from '../../core/incidents/report-wizard';
import { isOpen } from '../../core/incidents/incident';
import type { BotDeps } from '../bot';
import type { AdaptiveCardJson } from '../cards/render-card';
import { errorFields, friendlyMessage } from '../errors';
import { commandText, isPersonal, personOf, sendCard } from '../turn';
import { VERBS } from '../verbs';
import {
  myReportFormCard,
  myReportsCard,
  noticeCard,
  receiptCard,
  resumeCard,
  stepCard,
  type ReportCardContext,
} from './report-cards';

/**
 * The "report an incident" flow on the Teams side. Every step is an Action.Execute whose handler
 * returns the next card, so it replaces the previous one in place. The draft lives in teams-ai
 * conversation state (`state.conversation`), which the composition root backs with the database, so
 * a half-finished report survives restarts. The rules (steps, validation, what is stored) are the
 * wizard's and the report service's; this file only translates turns into those calls and cards.
 */

/** Keys in conversation state. */
export const DRAFT_KEY = 'reportDraft';
/** A draft started by "Report this message" while another report was still open. */
export const PENDING_KEY = 'reportPending';

export const REPORT_COMMAND =
  /^(report|report an incident|report incident|new report|make a report)$/;
export const MY_REPORTS_COMMAND = /^(my reports?|my incidents)$/;

export const PERSONAL_ONLY_TEXT =
  'Reports are made in a personal chat with me, so only you and the senior leadership team see them. Open a chat with me and type "report".';

export const ATTACHMENT_REFUSED_TEXT =
  'I do not accept files, screenshots or images, and I have not kept this one. Keep evidence safe where it is: a senior leader will ask if they need it. Never copy, forward or screenshot indecent images of a child: tell the designated safeguarding lead in person. To ask a question or report something, type it as text.';

/** Files and images, as opposed to the HTML copy of the text and cards that Teams also attaches. */
function hasFileAttachment(context: TurnContext): boolean {
  return (context.activity.attachments ?? []).some((a) => {
    const type = String(a.contentType ?? '');
    return type !== 'text/html' && !type.startsWith('application/vnd.microsoft.card.');
  });
}

type Bag = Record<string, unknown>;
type CardOrText = AdaptiveCardJson | string;

function bag(state: TurnState): Bag {
  return state.conversation as Bag;
}

export function readDraft(state: TurnState): ReportDraft | undefined {
  return parseDraft(bag(state)[DRAFT_KEY]);
}

export function writeDraft(state: TurnState, draft: ReportDraft): void {
  // A plain-JSON copy, so nothing shared with the wizard's objects is mutated later.
  bag(state)[DRAFT_KEY] = JSON.parse(JSON.stringify(draft)) as unknown;
}

function clearDraft(state: TurnState): void {
  delete bag(state)[DRAFT_KEY];
  delete bag(state)[PENDING_KEY];
}

function readPending(state: TurnState): ReportDraft | undefined {
  return parseDraft(bag(state)[PENDING_KEY]);
}

/** Card data is untrusted: anything other than a plain object is treated as empty. */
function asData(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

export function serviceDeps(deps: BotDeps): ServiceDeps {
  return { store: deps.store, log: deps.log, clock: deps.clock };
}

function cardContext(deps: BotDeps): ReportCardContext {
  return { dslName: deps.config.people.dsl.name, now: deps.clock.now() };
}

/** Teams deep link that opens the personal chat with this bot, when its id is known. */
function openChatUrl(deps: BotDeps, context: TurnContext): string {
  const recipient = context.activity.recipient?.id ?? '';
  const botId = recipient.startsWith('28:')
    ? recipient
    : deps.config.bot.appId
      ? `28:${deps.config.bot.appId}`
      : '';
  return botId ? `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}` : '';
}

/** Private things are shown only in a personal chat: says so, with a button that opens that chat. */
export async function sendPersonalChatOnly(
  deps: BotDeps,
  context: TurnContext,
  title: string,
  text: string,
): Promise<void> {
  await sendCard(context, noticeCard({ title, text, openChatUrl: openChatUrl(deps, context) }));
}

/** Starts a new draft (replacing any open one) and returns its first card. */
export function beginDraft(
  deps: BotDeps,
  state: TurnState,
  options: { type?: unknown; fromMessage?: MessageEvidence } = {},
): AdaptiveCardJson {
  const now = deps.clock.now();
  const draft = startDraft({
    id: randomUUID(),
    now,
    type: options.type,
    fromMessage: options.fromMessage,
  });
  clearDraft(state);
  writeDraft(state, draft);
  deps.log.info({ event: 'report.started', draftId: draft.id, step: draft.step }, 'report started');
  return stepCard(draft, cardContext(deps));
}

/**
 * Places a draft started from a message: it becomes the open draft, unless another report is still
 * being filled in, in which case it waits and the person chooses which to carry on with.
 */
export function placeMessageDraft(
  deps: BotDeps,
  state: TurnState,
  fromMessage: MessageEvidence,
): AdaptiveCardJson {
  const current = readDraft(state);
  if (isResumable(current)) {
    const pending = startDraft({ id: randomUUID(), now: deps.clock.now(), fromMessage });
    bag(state)[PENDING_KEY] = JSON.parse(JSON.stringify(pending)) as unknown;
    return resumeCard(current, { pendingMessage: true });
  }
  return beginDraft(deps, state, { fromMessage });
}

/** Marks a turn whose conversation state the report flow saves itself (see registerReportFlow). */
const REPORT_TURN = Symbol('reportTurn');

/** Wraps a handler so an invoke is always answered: a domain error's own message, otherwise an apology. */
function guarded<T extends unknown[]>(
  deps: BotDeps,
  what: string,
  handler: (context: TurnContext, state: TurnState, ...rest: T) => Promise<CardOrText>,
): (context: TurnContext, state: TurnState, ...rest: T) => Promise<CardOrText> {
  return async (context, state, ...rest) => {
    context.turnState.set(REPORT_TURN, true);
    try {
      return await handler(context, state, ...rest);
    } catch (err) {
      const expected = err instanceof DomainError;
      deps.log[expected ? 'warn' : 'error'](
        { event: 'report.action_failed', action: what, ...errorFields(err) },
        'report action failed',
      );
      return friendlyMessage(err);
    }
  };
}

export function registerReportFlow(app: Application<TurnState>, deps: BotDeps): void {
  // Two presses of the same card race (a double tap, a retried invoke): both compute the same next
  // draft, and the slower one's state write fails its eTag check after its answer was already
  // given. The first write is the right one, so for report turns a failed save is logged, not
  // thrown (a throw after the answer would turn the invoke into an HTTP error in Teams).
  app.turn('afterTurn', async (context, state) => {
    if (!context.turnState.get(REPORT_TURN)) return true;
    try {
      await state.save(context, app.options.storage);
    } catch (err) {
      deps.log.warn(
        { event: 'report.state_save_failed', ...errorFields(err) },
        'report state not saved',
      );
    }
    return false;
  });

  const notPersonal = (context: TurnContext) =>
    isPersonal(context) ? undefined : PERSONAL_ONLY_TEXT;

  // ------------------------------------------------------------------ entry points

  // The bot never takes files or images (the manifest says supportsFiles: false, but a pasted image
  // still arrives as an attachment). Nothing from such a message is kept.
  app.message(
    async (context) => isPersonal(context) && hasFileAttachment(context),
    async (context) => {
      deps.log.info({ event: 'report.attachment_refused' }, 'file or image refused');
      await context.sendActivity(ATTACHMENT_REFUSED_TEXT);
    },
  );

  app.message(
    async (context) => REPORT_COMMAND.test(commandText(context)),
    async (context, state) => {
      context.turnState.set(REPORT_TURN, true);
      if (!isPersonal(context)) {
        await sendPersonalChatOnly(deps, context, 'Reports are private', PERSONAL_ONLY_TEXT);
        return;
      }
      const current = readDraft(state);
      if (isResumable(current)) {
        await sendCard(context, resumeCard(current));
        return;
      }
      await sendCard(context, beginDraft(deps, state));
    },
  );

  app.adaptiveCards.actionExecute(
    VERBS.reportStart,
    guarded(deps, 'start', async (context, state, data: unknown) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const { type } = asData(data);
      const current = readDraft(state);
      if (isResumable(current)) {
        return resumeCard(current, { restartType: isIncidentTypeId(type) ? type : undefined });
      }
      return beginDraft(deps, state, { type });
    }),
  );

  app.adaptiveCards.actionExecute(
    VERBS.reportResume,
    guarded(deps, 'resume', async (context, state) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const current = readDraft(state);
      if (!isResumable(current)) return nothingOpenCard();
      delete bag(state)[PENDING_KEY];
      return stepCard(current, cardContext(deps));
    }),
  );

  app.adaptiveCards.actionExecute(
    VERBS.reportRestart,
    guarded(deps, 'restart', async (context, state, data: unknown) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const { type, draftId } = asData(data);
      const current = readDraft(state);
      if (isResumable(current) && draftId !== current.id) return staleCard();
      const pending = readPending(state);
      return beginDraft(deps, state, { type, fromMessage: pending?.prefill?.fromMessage });
    }),
  );

  // ------------------------------------------------------------------ steps

  const step = (
    what: string,
    input: (data: Record<string, unknown>) => Omit<WizardInput, 'values'>,
  ) =>
    guarded(deps, what, async (context, state, raw: unknown) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const data = asData(raw);
      const draft = readDraft(state);
      if (!draft || data.draftId !== draft.id)
        return draft?.submitted || !draft ? nothingOpenCard() : staleCard();
      if (draft.submitted) return submittedReceipt(deps, context, draft);

      const now = deps.clock.now();
      const result = next(draft, { ...input(data), values: data }, { now });
      const errors = Object.keys(result.errors).length > 0;
      if (result.status === 'submitted') return submittedReceipt(deps, context, draft);
      if (result.status === 'cancelled') return cancel(state, draft);
      if (result.status === 'ready') return submit(deps, context, state, result.draft);
      if (errors) {
        deps.log.info(
          {
            event: 'report.step_refused',
            draftId: draft.id,
            step: draft.step,
            fields: Object.keys(result.errors),
          },
          'report step has errors',
        );
      }
      writeDraft(state, result.draft);
      return stepCard(result.draft, cardContext(deps), result.errors, errors ? data : undefined);
    });

  const stepName = (data: Record<string, unknown>) =>
    typeof data.step === 'string' ? data.step : undefined;
  app.adaptiveCards.actionExecute(
    VERBS.reportStep,
    step('step', (d) => ({ action: 'continue', step: stepName(d) as WizardInput['step'] })),
  );
  app.adaptiveCards.actionExecute(
    VERBS.reportBack,
    step('back', (d) => ({ action: 'back', step: stepName(d) as WizardInput['step'] })),
  );
  app.adaptiveCards.actionExecute(
    VERBS.reportEdit,
    step('edit', (d) => ({
      action: 'edit',
      step: stepName(d) as WizardInput['step'],
      target: (typeof d.target === 'string' ? d.target : undefined) as WizardInput['target'],
    })),
  );
  app.adaptiveCards.actionExecute(
    VERBS.reportSubmit,
    step('submit', (d) => ({
      action: 'submit',
      step: (stepName(d) ?? 'review') as WizardInput['step'],
    })),
  );

  app.adaptiveCards.actionExecute(
    VERBS.reportCancel,
    guarded(deps, 'cancel', async (context, state, raw: unknown) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const data = asData(raw);
      const draft = readDraft(state);
      if (!draft) return nothingOpenCard();
      if (draft.submitted) return submittedReceipt(deps, context, draft);
      if (data.draftId !== draft.id) return staleCard();
      return cancel(state, draft);
    }),
  );

  function cancel(state: TurnState, draft: ReportDraft): AdaptiveCardJson {
    clearDraft(state);
    deps.log.info(
      { event: 'report.cancelled', draftId: draft.id, step: draft.step },
      'report cancelled',
    );
    return noticeCard({
      title: 'Report cancelled',
      text: 'Nothing was sent and nothing you typed has been kept.',
      showStart: true,
      showMyReports: true,
    });
  }

  // ------------------------------------------------------------------ my reports

  app.message(
    async (context) => MY_REPORTS_COMMAND.test(commandText(context)),
    async (context) => {
      if (!isPersonal(context)) {
        await sendPersonalChatOnly(
          deps,
          context,
          'My reports are private',
          'Your reports are shown only in a personal chat with me. Open a chat with me and type "my reports".',
        );
        return;
      }
      try {
        await sendCard(context, await myReports(context));
      } catch (err) {
        deps.log.error({ event: 'my_reports_failed', ...errorFields(err) }, 'my reports failed');
        await context.sendActivity(friendlyMessage(err));
      }
    },
  );

  app.adaptiveCards.actionExecute(
    VERBS.myReports,
    guarded(
      deps,
      'my_reports',
      async (context) => notPersonal(context) ?? (await myReports(context)),
    ),
  );

  async function myReports(
    context: TurnContext,
    banner?: { text: string; tone: 'good' | 'attention' },
  ): Promise<AdaptiveCardJson> {
    const actor = deps.roles.actor(personOf(context));
    const sdeps = serviceDeps(deps);
    const [reports, incidents] = await Promise.all([
      listMyReports(sdeps, actor),
      deps.store.incidents.list({ reporterId: actor.id }),
    ]);
    const urgentOpen = new Set(
      incidents.filter((i) => i.urgency === 'urgent' && isOpen(i)).map((i) => i.id),
    );
    // Urgent open reports first; otherwise newest first, as the service returns them.
    const rows = reports
      .map((r) => ({ ...r, urgent: urgentOpen.has(r.id) }))
      .sort((a, b) => Number(b.urgent) - Number(a.urgent));
    return myReportsCard(rows, banner);
  }

  const reporterChange = (
    kind: 'add-info' | 'withdraw',
    perform: ServiceCall,
    field: string,
    done: (reference: string) => string,
  ) =>
    guarded(deps, kind, async (context, _state, raw: unknown) => {
      const refused = notPersonal(context);
      if (refused) return refused;
      const data = asData(raw);
      const actor = deps.roles.actor(personOf(context));
      const mine = await listMyReports(serviceDeps(deps), actor);
      const report = mine.find((r) => r.id === data.incidentId);
      if (!report) {
        deps.log.warn(
          { event: 'report.reporter_action_unknown', action: kind },
          'report not found among own',
        );
        return myReports(context, {
          text: 'Sorry, that report could not be found among the reports you made.',
          tone: 'attention',
        });
      }
      if (data.confirm !== true) return myReportFormCard(kind, report);
      const value = data[field];
      try {
        await perform(serviceDeps(deps), actor, report.id, value, deps.clock.now());
      } catch (err) {
        if (err instanceof ValidationError) {
          const echo = typeof value === 'string' ? value : '';
          return myReportFormCard(kind, report, echo, err.fieldErrors[field] ?? err.userMessage);
        }
        if (err instanceof DomainError) {
          deps.log.info(
            { event: 'report.reporter_action_refused', action: kind, code: err.code },
            'refused',
          );
          return myReports(context, { text: err.userMessage, tone: 'attention' });
        }
        throw err;
      }
      return myReports(context, { text: done(report.reference), tone: 'good' });
    });

  app.adaptiveCards.actionExecute(
    VERBS.myReportAddInfo,
    reporterChange(
      'add-info',
      addInformation,
      REPORTER_FIELD.text,
      (ref) => `Thank you. Your information was added to ${ref}; the original report is unchanged.`,
    ),
  );
  app.adaptiveCards.actionExecute(
    VERBS.myReportWithdraw,
    reporterChange(
      'withdraw',
      withdrawReport,
      REPORTER_FIELD.reason,
      (ref) => `${ref} has been withdrawn. The senior leadership team has been told.`,
    ),
  );
}

type ServiceCall = (
  deps: ServiceDeps,
  actor: ReturnType<BotDeps['roles']['actor']>,
  id: string,
  value: unknown,
  now: Date,
) => Promise<unknown>;

function nothingOpenCard(): AdaptiveCardJson {
  return noticeCard({
    title: 'No report in progress',
    text: 'That report has already been sent or cancelled. You can start a new one, or see the reports you have made.',
    showStart: true,
    showMyReports: true,
  });
}

function staleCard(): AdaptiveCardJson {
  return noticeCard({
    title: 'This card is out of date',
    text: 'It belongs to an earlier report. Your current report is still open: carry on with it here.',
    showResume: true,
  });
}

export const SUBMIT_UNAVAILABLE_TEXT =
  'Your report has NOT been sent: our records cannot be reached just now. Your answers are kept here. Please press Send again in a few minutes.';

async function submit(
  deps: BotDeps,
  context: TurnContext,
  state: TurnState,
  draft: ReportDraft,
): Promise<AdaptiveCardJson> {
  const now = deps.clock.now();
  const reporter = personOf(context);
  let outcome;
  try {
    outcome = await submitReport(serviceDeps(deps), { reporter, draft, now });
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      // Say plainly that nothing was sent, and keep the review card (and its Send button) on screen.
      deps.log.warn(
        { event: 'report.submit_unavailable', ...errorFields(err) },
        'report not saved: store unavailable',
      );
      return stepCard(draft, cardContext(deps), { _form: SUBMIT_UNAVAILABLE_TEXT });
    }
    if (!(err instanceof ValidationError)) throw err;
    return stepCard(draft, cardContext(deps), { ...err.fieldErrors, _form: err.userMessage });
  }
  const { incident, created, receipt } = outcome;
  writeDraft(state, markSubmitted(draft, incident, now));
  if (created) {
    // Let the SLT channel hear about it now rather than on the next outbox poll.
    try {
      deps.deliveries?.poke();
    } catch (err) {
      deps.log.warn(
        { event: 'deliveries_poke_failed', ...errorFields(err) },
        'could not poke deliveries',
      );
    }
  }
  deps.log.info(
    { event: 'report.receipt', incidentId: incident.id, created },
    'report receipt shown',
  );
  return receiptCard(receipt, incident.createdAt, cardContext(deps));
}

/** A retried or double-tapped submit shows the same receipt again. */
async function submittedReceipt(
  deps: BotDeps,
  context: TurnContext,
  draft: ReportDraft,
): Promise<AdaptiveCardJson> {
  const incident = draft.submitted
    ? await deps.store.incidents.get(draft.submitted.incidentId)
    : undefined;
  if (!incident || incident.reporter.id !== personOf(context).id) return nothingOpenCard();
  return receiptCard(receiptFor(incident), incident.createdAt, cardContext(deps));
}
