import { INVOLVED_ROLES } from '../../core/incidents/incident';
import {
  INCIDENT_TYPE_IDS,
  INCIDENT_TYPES,
  incidentType,
  isIncidentTypeId,
  speakToDslMessage,
} from '../../core/incidents/incident-types';
import type { MyReport, Receipt } from '../../core/incidents/report-service';
import {
  FIELD,
  FORM_ERROR,
  INVOLVED_ROLE_LABELS,
  STEP_FIELDS,
  YEAR_GROUPS,
  cardValues,
  formatOccurredAt,
  schoolDateOf,
  stepPosition,
  stepsFor,
  summariseReport,
  toReport,
  type FieldErrors,
  type ReportDraft,
  type WizardStep,
} from '../../core/incidents/report-wizard';
import { renderCard, type AdaptiveCardJson } from '../cards/render-card';

/**
 * Card data shapes and renderers for the report flow. User text reaches the cards only as data
 * (bound once by renderCard) and is shown in TextRuns or input values, never in markdown TextBlocks.
 */

interface Choice {
  title: string;
  value: string;
}
interface Line {
  text: string;
}

interface StepBase {
  draftId: string;
  progress: string;
  formError: string;
}

export interface ReportTypeData extends StepBase {
  value: string;
  error: string;
  urgentNote: string;
  messageNote: string;
  choices: (Choice & { covers: string })[];
}

export interface ReportSpeakToDslData extends StepBase {
  headline: string;
  message: string;
  typeLabel: string;
  guidance: Line[];
}

interface FormStep extends StepBase {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface ReportWhatData extends FormStep {
  typeLabel: string;
  guidance: Line[];
  messageNote: string;
  maxDate: string;
  asksThreatsOrHate: boolean;
}

export interface ReportWhoData extends FormStep {
  roles: Choice[];
  yearGroups: Choice[];
}

export interface ReportEvidenceData extends FormStep {
  hasMessage: boolean;
  messageAuthor: string;
  messageText: string;
}

export interface ReportActionsData extends FormStep {
  checklist: Choice[];
  noEvidenceNote: string;
}

export interface ReportToldDslData extends FormStep {
  question: string;
  hint: string;
}

export interface ReportReviewData extends StepBase {
  summary: { label: string; value: string }[];
  hasMessage: boolean;
  messageAuthor: string;
  messageText: string;
  edits: { title: string; target: WizardStep }[];
}

export interface ReportReceiptData {
  reference: string;
  typeLabel: string;
  sentAt: string;
  urgent: boolean;
  urgentNote: string;
  guidance: Line[];
  whatHappensNext: Line[];
  summary: { label: string; value: string }[];
}

export interface ReportResumeData {
  draftId: string;
  description: string;
  messageNote: string;
  restartTitle: string;
  restartType: string;
}

export interface ReportNoticeData {
  title: string;
  text: string;
  openChatUrl: string;
  showResume: boolean;
  showStart: boolean;
  showMyReports: boolean;
}

export interface MyReportsData {
  banner: string;
  bannerStyle: 'good' | 'attention' | 'default';
  count: number;
  countText: string;
  reports: {
    incidentId: string;
    reference: string;
    typeLabel: string;
    statusLine: string;
    submitted: string;
    updated: string;
    urgent: boolean;
    style: 'default' | 'attention';
    sharedOutcome: string;
    questions: Line[];
    canAct: boolean;
  }[];
}

export interface MyReportFormData {
  incidentId: string;
  reference: string;
  typeLabel: string;
  value: string;
  error: string;
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'report-type': ReportTypeData;
    'report-speak-to-dsl': ReportSpeakToDslData;
    'report-what': ReportWhatData;
    'report-who': ReportWhoData;
    'report-evidence': ReportEvidenceData;
    'report-actions': ReportActionsData;
    'report-told-dsl': ReportToldDslData;
    'report-review': ReportReviewData;
    'report-receipt': ReportReceiptData;
    'report-resume': ReportResumeData;
    'report-notice': ReportNoticeData;
    'my-reports': MyReportsData;
    'my-report-add-info': MyReportFormData;
    'my-report-withdraw': MyReportFormData;
  }
}

/** What the cards need from config. */
export interface ReportCardContext {
  dslName?: string;
  now: Date;
}

/** The DSL's name for cards; the config default ("the DSL") is not a name. */
export function dslDisplayName(configured: string | undefined): string | undefined {
  const name = configured?.trim();
  if (!name || /^the (dsl|designated safeguarding lead)$/i.test(name)) return undefined;
  return name;
}

const numbered = (lines: readonly string[]): Line[] =>
  lines.map((text, i) => ({ text: `${i + 1}\\. ${text}` }));
const bullets = (lines: readonly string[]): Line[] => lines.map((text) => ({ text: `- ${text}` }));

/** Longest echo of a posted value back into a card, so a forged megabyte is not reflected. */
const MAX_ECHO = 5000;

function progressText(draft: ReportDraft): string {
  if (!draft.data.type) return 'Step 1: choose the kind of concern';
  const { index, total } = stepPosition(draft);
  return `Step ${index} of ${total}`;
}

function stepErrors(step: WizardStep, errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of STEP_FIELDS[step]) out[field] = errors[field] ?? '';
  return out;
}

/** Values to prefill: the stored answers, overlaid with what was just posted (so nothing typed is lost). */
function inputValues(
  draft: ReportDraft,
  step: WizardStep,
  posted?: Record<string, unknown>,
): Record<string, string> {
  const values = cardValues(draft);
  for (const field of STEP_FIELDS[step]) {
    if (!(field in values)) values[field] = '';
    const raw =
      posted && Object.prototype.hasOwnProperty.call(posted, field) ? posted[field] : undefined;
    if (typeof raw === 'string') values[field] = raw.slice(0, MAX_ECHO);
  }
  return values;
}

function messageNote(draft: ReportDraft): string {
  const msg = draft.prefill?.fromMessage;
  if (!msg) return '';
  return 'The message you chose to report is kept with this report as evidence. If it contains indecent images of a child, choose that type: then nothing from the message is kept.';
}

/** The card for the draft's current step; `errors` are shown beside their fields. */
export function stepCard(
  draft: ReportDraft,
  ctx: ReportCardContext,
  errors: FieldErrors = {},
  posted?: Record<string, unknown>,
): AdaptiveCardJson {
  const base: StepBase = {
    draftId: draft.id,
    progress: progressText(draft),
    formError: errors[FORM_ERROR] ?? '',
  };
  const type = draft.data.type && isIncidentTypeId(draft.data.type) ? draft.data.type : undefined;
  const step: WizardStep = type ? draft.step : 'type';
  const info = type ? incidentType(type) : undefined;
  const form = (): FormStep => ({
    ...base,
    values: inputValues(draft, step, posted),
    errors: stepErrors(step, errors),
  });

  if (step === 'type' || !info) {
    const posted_ = posted?.[FIELD.type];
    return renderCard('report-type', {
      ...base,
      value: typeof posted_ === 'string' ? posted_.slice(0, 100) : (draft.data.type ?? ''),
      error: errors[FIELD.type] ?? '',
      urgentNote: `If a child is at risk right now, speak to ${dslDisplayName(ctx.dslName) ?? 'the designated safeguarding lead (DSL)'} in person first. Call 999 if anyone is in immediate danger.`,
      messageNote: messageNote(draft),
      choices: INCIDENT_TYPE_IDS.map((id) => ({
        title: INCIDENT_TYPES[id].label,
        value: id,
        covers: INCIDENT_TYPES[id].covers,
      })),
    });
  }

  switch (step) {
    case 'speak_to_dsl':
      return renderCard('report-speak-to-dsl', {
        ...base,
        headline: `Speak to ${dslDisplayName(ctx.dslName) ?? 'the DSL'} now`,
        message: speakToDslMessage(dslDisplayName(ctx.dslName)),
        typeLabel: info.label,
        guidance: numbered(info.guidance),
      });
    case 'what':
      return renderCard('report-what', {
        ...form(),
        typeLabel: info.label,
        guidance: numbered(info.guidance),
        messageNote: messageNote(draft),
        maxDate: schoolDateOf(ctx.now),
        asksThreatsOrHate: info.asksThreatsOrHate,
      });
    case 'who':
      return renderCard('report-who', {
        ...form(),
        roles: INVOLVED_ROLES.map((r) => ({ title: INVOLVED_ROLE_LABELS[r], value: r })),
        yearGroups: YEAR_GROUPS.map((y) => ({ title: y, value: y })),
      });
    case 'evidence': {
      const msg = draft.prefill?.fromMessage;
      return renderCard('report-evidence', {
        ...form(),
        hasMessage: !!msg,
        messageAuthor: msg ? `From ${msg.authorName}` : '',
        messageText: msg?.text ?? '',
      });
    }
    case 'actions':
      return renderCard('report-actions', {
        ...form(),
        checklist: info.actionsChecklist.map((a) => ({ title: a.label, value: a.id })),
        noEvidenceNote: info.collectsEvidence
          ? ''
          : 'This report never asks for, or accepts, the images or any copy of them. Do not attach or describe them in detail.',
      });
    case 'told_dsl': {
      const dsl = dslDisplayName(ctx.dslName);
      return renderCard('report-told-dsl', {
        ...form(),
        question: dsl
          ? `Have you told a designated safeguarding lead (${dsl}) in person?`
          : 'Have you told a designated safeguarding lead (DSL) in person?',
        hint: info.speakToDslFirst
          ? 'For this kind of concern, the DSL must hear it from you in person as well as in this report.'
          : 'This report reaches the senior leadership team either way. If a child may be at risk, tell the DSL in person too.',
      });
    }
    case 'review':
      return reviewCard(draft, ctx, base);
  }
  return renderCard('report-type', {
    ...base,
    value: '',
    error: '',
    urgentNote: '',
    messageNote: '',
    choices: [],
  });
}

const EDIT_TITLES: Partial<Record<WizardStep, string>> = {
  type: 'Change the type',
  what: 'Change what happened',
  who: 'Change who is involved',
  evidence: 'Change evidence',
  actions: 'Change what I did',
  told_dsl: 'Change DSL answer',
};

function reviewCard(draft: ReportDraft, ctx: ReportCardContext, base: StepBase): AdaptiveCardJson {
  let summary: { label: string; value: string }[];
  try {
    summary = summariseReport(toReport(draft, { now: ctx.now }));
  } catch {
    // The wizard only reaches review with valid answers; if they no longer validate, submit says where.
    summary = [];
  }
  const msg = draft.prefill?.fromMessage;
  const type = draft.data.type;
  return renderCard('report-review', {
    ...base,
    summary,
    hasMessage: !!msg && !!type && incidentType(type).collectsEvidence,
    messageAuthor: msg ? `From ${msg.authorName}` : '',
    messageText: msg?.text ?? '',
    edits: stepsFor(type)
      .filter((s) => EDIT_TITLES[s])
      .map((s) => ({ title: EDIT_TITLES[s]!, target: s })),
  });
}

export function formatDateTime(iso: string): string {
  return formatOccurredAt(iso);
}

export function receiptCard(
  receipt: Receipt,
  sentAt: string,
  ctx: ReportCardContext,
): AdaptiveCardJson {
  const dsl = dslDisplayName(ctx.dslName) ?? 'the designated safeguarding lead';
  return renderCard('report-receipt', {
    reference: receipt.reference,
    typeLabel: receipt.typeLabel,
    sentAt: formatDateTime(sentAt),
    urgent: receipt.urgent,
    urgentNote: `This is urgent. If you have not already, speak to ${dsl} in person now. Call 999 if anyone is in immediate danger.`,
    guidance: numbered(receipt.guidance),
    whatHappensNext: bullets(receipt.whatHappensNext),
    summary: receipt.summary,
  });
}

export function resumeCard(
  draft: ReportDraft,
  options: { pendingMessage?: boolean; restartType?: string } = {},
): AdaptiveCardJson {
  const type = draft.data.type ? incidentType(draft.data.type).label : undefined;
  const started = formatDateTime(draft.startedAt);
  const where = type
    ? `"${type}", ${progressText(draft).toLowerCase()}`
    : 'the kind of concern is not chosen yet';
  return renderCard('report-resume', {
    draftId: draft.id,
    description: `You started a report on ${started} (${where}). It has not been sent.`,
    messageNote: options.pendingMessage
      ? 'You also chose a message to report. "Report the message instead" discards the earlier report. "Carry on" finishes the earlier one; you can report the message again afterwards.'
      : '',
    restartTitle: options.pendingMessage ? 'Report the message instead' : 'Start again',
    restartType: options.restartType ?? '',
  });
}

export function noticeCard(
  data: Partial<ReportNoticeData> & { title: string; text: string },
): AdaptiveCardJson {
  return renderCard('report-notice', {
    openChatUrl: '',
    showResume: false,
    showStart: false,
    showMyReports: false,
    ...data,
  });
}

export function myReportsCard(
  reports: (MyReport & { urgent: boolean })[],
  banner?: { text: string; tone: 'good' | 'attention' },
): AdaptiveCardJson {
  return renderCard('my-reports', {
    banner: banner?.text ?? '',
    bannerStyle: banner?.tone ?? 'default',
    count: reports.length,
    countText:
      reports.length === 1 ? 'You have made 1 report.' : `You have made ${reports.length} reports.`,
    reports: reports.map((r) => ({
      incidentId: r.id,
      reference: r.reference,
      typeLabel: r.typeLabel,
      statusLine: r.statusLine,
      submitted: formatDateTime(r.submittedAt),
      updated: formatDateTime(r.updatedAt),
      urgent: r.urgent,
      style: r.urgent && (r.canAddInformation || r.canWithdraw) ? 'attention' : 'default',
      sharedOutcome: r.sharedOutcome ?? '',
      questions: r.openQuestions.map((q) => ({ text: q.text })),
      canAct: r.canAddInformation || r.canWithdraw,
    })),
  });
}

export function myReportFormCard(
  kind: 'add-info' | 'withdraw',
  report: { id: string; reference: string; typeLabel: string },
  value = '',
  error = '',
): AdaptiveCardJson {
  return renderCard(kind === 'add-info' ? 'my-report-add-info' : 'my-report-withdraw', {
    incidentId: report.id,
    reference: report.reference,
    typeLabel: report.typeLabel,
    value: value.slice(0, MAX_ECHO),
    error,
  });
}
