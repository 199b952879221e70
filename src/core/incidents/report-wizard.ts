import { z } from 'zod';
import { ValidationError } from '../errors';
import { INVOLVED_ROLES, type IncidentReport, type InvolvedRole } from './incident';
import {
  INCIDENT_TYPE_IDS,
  incidentType,
  isIncidentTypeId,
  URGENCY_RANK,
  type IncidentTypeId,
  type Urgency,
} from './incident-types';

/**
 * The report wizard as a pure reducer: `next(draft, input, ctx) -> { draft, step, errors, status }`.
 * Card values are untrusted (a card can be replayed or forged), so every step is parsed with zod,
 * unknown keys are dropped and `toReport` re-validates the whole draft before anything is stored.
 * Drafts are plain JSON so the Teams layer can keep them in conversation state across restarts.
 */

export const WIZARD_STEPS = [
  'type',
  'speak_to_dsl',
  'what',
  'who',
  'evidence',
  'actions',
  'told_dsl',
  'review',
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const WIZARD_ACTIONS = ['continue', 'back', 'cancel', 'submit', 'edit'] as const;
export type WizardAction = (typeof WIZARD_ACTIONS)[number];

/** Ids of the card inputs (`Input.*` ids); values are posted back under the same ids. */
export const FIELD = {
  type: 'type',
  account: 'account',
  occurredDate: 'occurredDate',
  occurredTime: 'occurredTime',
  where: 'where',
  threatsOrHate: 'threatsOrHate',
  involvedRole: 'involvedRole',
  involvedDescription: 'involvedDescription',
  yearGroup: 'yearGroup',
  evidenceKept: 'evidenceKept',
  evidenceDescription: 'evidenceDescription',
  actionsTaken: 'actionsTaken',
  otherActions: 'otherActions',
  toldDsl: 'toldDsl',
} as const;
export type FieldId = (typeof FIELD)[keyof typeof FIELD];

/** Key in `errors` for a message about the whole card rather than one field. */
export const FORM_ERROR = '_form';

/** Maximum lengths (characters, after trimming) the cards should also set as `maxLength`. */
export const LIMITS = {
  account: 4000,
  accountMin: 10,
  where: 200,
  involvedDescription: 200,
  evidenceDescription: 500,
  otherActions: 500,
  messageText: 4000,
  messageAuthor: 200,
  draftId: 100,
} as const;

/** Reports may be timestamped a little ahead of the server clock (phones drift). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Dates are typed as school (UK) wall-clock time. */
export const SCHOOL_TIME_ZONE = 'Europe/London';
const EARLIEST_YEAR = 1990;

export const STEP_FIELDS: Readonly<Record<WizardStep, readonly FieldId[]>> = {
  type: [FIELD.type],
  speak_to_dsl: [],
  what: [FIELD.account, FIELD.occurredDate, FIELD.occurredTime, FIELD.where, FIELD.threatsOrHate],
  who: [FIELD.involvedRole, FIELD.involvedDescription, FIELD.yearGroup],
  evidence: [FIELD.evidenceKept, FIELD.evidenceDescription],
  actions: [FIELD.actionsTaken, FIELD.otherActions],
  told_dsl: [FIELD.toldDsl],
  review: [],
};

export const YEAR_GROUPS = [
  'Nursery',
  'Reception',
  ...Array.from({ length: 13 }, (_, i) => `Year ${i + 1}`),
  'Not sure',
] as const;

export const INVOLVED_ROLE_LABELS: Record<InvolvedRole, string> = {
  current_pupil: 'A current pupil',
  former_pupil: 'A former pupil',
  parent: 'A parent or carer',
  colleague: 'A colleague',
  public: 'A member of the public',
  unknown: 'I do not know',
};

export interface MessageEvidence {
  authorName: string;
  text: string;
  sentAt?: string;
}

/** Answers so far, keyed by field id so cards can prefill inputs straight from it. */
export interface DraftData {
  type?: IncidentTypeId;
  account?: string;
  occurredDate?: string;
  occurredTime?: string;
  where?: string;
  threatsOrHate?: boolean;
  involvedRole?: InvolvedRole;
  involvedDescription?: string;
  yearGroup?: string;
  evidenceKept?: 'yes' | 'no';
  evidenceDescription?: string;
  actionsTaken?: string[];
  otherActions?: string;
  toldDsl?: 'yes' | 'no';
}

export interface ReportDraft {
  schema: 1;
  /** Also the idempotency key of the submission. */
  id: string;
  step: WizardStep;
  startedAt: string;
  updatedAt: string;
  data: DraftData;
  prefill?: { fromMessage?: MessageEvidence };
  /** Set once the review card has been shown; `continue` then returns straight to review. */
  reachedReview?: boolean;
  /** Set by the Teams layer after a successful submit, so a retried tap shows the same receipt. */
  submitted?: { incidentId: string; reference: string; at: string };
}

export interface WizardInput {
  action: WizardAction;
  /** The step the card was rendered for; a stale card (double tap, old message) is refused. */
  step?: WizardStep;
  /** For `edit` from the review card: the step to go back to. */
  target?: WizardStep;
  values?: unknown;
}

export type FieldErrors = Record<string, string>;

export interface WizardResult {
  draft: ReportDraft;
  step: WizardStep;
  errors: FieldErrors;
  /** `ready`: `report` holds the validated report to pass to submitReport. */
  status: 'in_progress' | 'cancelled' | 'ready' | 'submitted';
  report?: IncidentReport;
}

export interface StartDraftInput {
  id: string;
  now: Date;
  type?: unknown;
  fromMessage?: { authorName?: unknown; text?: unknown; sentAt?: unknown };
}

// ---------------------------------------------------------------- text and date helpers

// Control characters other than tab and newline have no place in a report and upset renderers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u2028\u2029]/g;

export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').trim();
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isRealDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    y >= EARLIEST_YEAR &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d
  );
}

// Building an Intl formatter costs far more than using one: make each once.
const SCHOOL_WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zoneOffsetMs(at: Date): number {
  const parts = SCHOOL_WALL_CLOCK.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** School wall-clock date and time to the instant it denotes. */
export function schoolTimeToUtc(date: string, time: string): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const first = guess - zoneOffsetMs(new Date(guess));
  return new Date(guess - zoneOffsetMs(new Date(first)));
}

/** Today's date in the school's time zone, as YYYY-MM-DD. */
export function schoolDateOf(at: Date): string {
  const offset = zoneOffsetMs(at);
  return new Date(at.getTime() + offset).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- zod schemas per field

const typeOrRequired = (required: string, wrongType: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? required : wrongType;

function cleanText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = normaliseText(v);
  return t === '' ? undefined : t;
}

function requiredText(label: string, max: number, min = 1, minMessage?: string) {
  return z.preprocess(
    cleanText,
    z
      .string({
        error: typeOrRequired(`Please fill in ${label}.`, `Please type ${label} as text.`),
      })
      .min(min, { error: minMessage ?? `Please fill in ${label}.` })
      .max(max, { error: `Please keep ${label} to ${max} characters or fewer.` }),
  );
}

function optionalText(label: string, max: number) {
  return z.preprocess(
    cleanText,
    z
      .string({ error: `Please type ${label} as text.` })
      .max(max, { error: `Please keep ${label} to ${max} characters or fewer.` })
      .optional(),
  );
}

function choice<T extends readonly [string, ...string[]]>(options: T, required: string) {
  return z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.enum(options, { error: typeOrRequired(required, 'Please choose one of the options.') }),
  );
}

const YES_NO = ['yes', 'no'] as const;

const booleanish = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' || v === '' || v === null ? false : v),
  z.boolean({ error: 'Please answer yes or no.' }).optional(),
);

const dateField = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .string({ error: typeOrRequired('Please give the date it happened.', 'Please pick a date.') })
    .refine(isRealDate, { error: 'Please pick a real date (for example 2026-03-14).' }),
);

const timeField = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .string({ error: 'Please pick a time.' })
    .regex(TIME_RE, { error: 'Please give the time as hours and minutes, for example 14:30.' })
    .optional(),
);

const actionIds = z.preprocess(
  (v) => {
    if (v === '' || v === null || v === undefined) return [];
    // Adaptive Cards post a multi-select choice set as one comma-separated string.
    if (typeof v === 'string')
      return v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    return v;
  },
  z
    .array(z.string({ error: 'Please tick from the list.' }), {
      error: 'Please tick from the list.',
    })
    .max(20, { error: 'Please tick from the list.' }),
);

const FIELD_SCHEMAS: Record<FieldId, z.ZodType> = {
  type: choice(INCIDENT_TYPE_IDS, 'Please choose what kind of concern this is.'),
  account: requiredText(
    'what happened',
    LIMITS.account,
    LIMITS.accountMin,
    'Please describe what happened in a sentence or two.',
  ),
  occurredDate: dateField,
  occurredTime: timeField,
  where: requiredText('where it happened', LIMITS.where),
  threatsOrHate: booleanish,
  involvedRole: choice(INVOLVED_ROLES, 'Please choose who was involved (or "I do not know").'),
  involvedDescription: optionalText('the name or description', LIMITS.involvedDescription),
  yearGroup: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.enum(YEAR_GROUPS, { error: 'Please choose a year group from the list.' }).optional(),
  ),
  evidenceKept: choice(YES_NO, 'Please say whether you have kept any evidence.'),
  evidenceDescription: optionalText('the evidence description', LIMITS.evidenceDescription),
  actionsTaken: actionIds,
  otherActions: optionalText('anything else you did', LIMITS.otherActions),
  toldDsl: choice(
    YES_NO,
    'Please say whether you have told a designated safeguarding lead in person.',
  ),
};

const PUPIL_ROLES: readonly InvolvedRole[] = ['current_pupil', 'former_pupil'];

// ---------------------------------------------------------------- steps

/** The steps a report of this type goes through, in order. */
export function stepsFor(type: IncidentTypeId | undefined): WizardStep[] {
  if (!type || !isIncidentTypeId(type)) return ['type'];
  const info = incidentType(type);
  return WIZARD_STEPS.filter(
    (s) =>
      (s !== 'speak_to_dsl' || info.speakToDslFirst) && (s !== 'evidence' || info.collectsEvidence),
  );
}

/** 1-based position and count, for "Step 3 of 8" on the cards. */
export function stepPosition(draft: ReportDraft): { index: number; total: number } {
  const steps = stepsFor(draft.data.type);
  return { index: Math.max(0, steps.indexOf(draft.step)) + 1, total: steps.length };
}

function stepAfter(type: IncidentTypeId, step: WizardStep): WizardStep {
  const steps = stepsFor(type);
  return steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)] ?? 'review';
}

function stepBefore(type: IncidentTypeId | undefined, step: WizardStep): WizardStep {
  const steps = stepsFor(type);
  const i = steps.indexOf(step);
  return i > 0 ? steps[i - 1]! : 'type';
}

// ---------------------------------------------------------------- validation per step

interface StepParse {
  data: Partial<DraftData>;
  errors: FieldErrors;
}

const STEP_FIELD_SET: ReadonlySet<FieldId> = new Set(Object.values(FIELD));

function asRecord(values: unknown): Record<string, unknown> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return {};
  // Own enumerable string keys only: inherited or `__proto__` tricks never reach the schemas.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if ((STEP_FIELD_SET as ReadonlySet<string>).has(key)) {
      out[key] = (values as Record<string, unknown>)[key];
    }
  }
  return out;
}

/** Parses the fields of one step; fields that do not apply to `type` are dropped, not stored. */
function parseStep(
  step: WizardStep,
  rawValues: unknown,
  type: IncidentTypeId | undefined,
  now: Date,
): StepParse {
  const values = asRecord(rawValues);
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const info = type && isIncidentTypeId(type) ? incidentType(type) : undefined;
  for (const field of STEP_FIELDS[step]) {
    if (field === FIELD.threatsOrHate && !info?.asksThreatsOrHate) continue;
    const result = FIELD_SCHEMAS[field].safeParse(values[field]);
    if (result.success) {
      if (result.data !== undefined) data[field] = result.data;
    } else {
      errors[field] = result.error.issues[0]?.message ?? 'Please check this answer.';
    }
  }

  if (step === 'what' && !errors[FIELD.occurredDate] && !errors[FIELD.occurredTime]) {
    const futureError = checkNotFuture(
      data.occurredDate as string | undefined,
      data.occurredTime as string | undefined,
      now,
    );
    if (futureError) errors[futureError.field] = futureError.message;
  }
  if (step === 'who' && !PUPIL_ROLES.includes(data.involvedRole as InvolvedRole)) {
    // Hidden inputs still post their values; a year group only means something for pupils.
    delete data[FIELD.yearGroup];
    delete errors[FIELD.yearGroup];
  }
  if (step === 'actions' && info && Array.isArray(data.actionsTaken)) {
    const allowed = new Set(info.actionsChecklist.map((a) => a.id));
    const ids = data.actionsTaken as string[];
    if (ids.some((id) => !allowed.has(id))) {
      errors[FIELD.actionsTaken] = 'Please tick only options from the list.';
      delete data.actionsTaken;
    } else {
      data.actionsTaken = [...new Set(ids)];
    }
  }
  return { data: data as Partial<DraftData>, errors };
}

function checkNotFuture(
  date: string | undefined,
  time: string | undefined,
  now: Date,
): { field: FieldId; message: string } | undefined {
  if (!date) return undefined;
  const latest = new Date(now.getTime() + CLOCK_SKEW_MS);
  if (date > schoolDateOf(latest)) {
    return { field: FIELD.occurredDate, message: 'The date cannot be in the future.' };
  }
  if (time && schoolTimeToUtc(date, time).getTime() > latest.getTime()) {
    return { field: FIELD.occurredTime, message: 'The time cannot be in the future.' };
  }
  return undefined;
}

// ---------------------------------------------------------------- draft lifecycle

function cleanMessage(raw: StartDraftInput['fromMessage']): MessageEvidence | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const text = typeof raw.text === 'string' ? normaliseText(raw.text) : '';
  if (!text) return undefined;
  const author =
    typeof raw.authorName === 'string' ? normaliseText(raw.authorName) : 'Unknown sender';
  const sentAt =
    typeof raw.sentAt === 'string' && !Number.isNaN(Date.parse(raw.sentAt))
      ? new Date(raw.sentAt).toISOString()
      : undefined;
  return {
    authorName: truncate(author || 'Unknown sender', LIMITS.messageAuthor),
    // A quoted message is evidence, not typed by the reporter: shorten rather than refuse it.
    text: truncate(text, LIMITS.messageText),
    ...(sentAt ? { sentAt } : {}),
  };
}

/**
 * Starts a draft. `type` and `fromMessage` come from cards (a "Report this" button, a message
 * action) and are untrusted: an unknown type simply starts at the type step.
 */
export function startDraft(input: StartDraftInput): ReportDraft {
  const id = typeof input.id === 'string' ? input.id.trim() : '';
  if (!id || id.length > LIMITS.draftId) {
    throw new ValidationError('Sorry, the report could not be started. Please try again.');
  }
  const at = input.now.toISOString();
  const fromMessage = cleanMessage(input.fromMessage);
  let draft: ReportDraft = {
    schema: 1,
    id,
    step: 'type',
    startedAt: at,
    updatedAt: at,
    data: fromMessage ? { evidenceKept: 'yes' } : {},
    ...(fromMessage ? { prefill: { fromMessage } } : {}),
  };
  if (isIncidentTypeId(input.type)) {
    draft = withType(draft, input.type);
    draft.step = stepAfter(input.type, 'type');
  }
  return draft;
}

/** Sets the type and drops answers the new type does not use (evidence, other checklists). */
function withType(draft: ReportDraft, type: IncidentTypeId): ReportDraft {
  const info = incidentType(type);
  const data: DraftData = { ...draft.data, type };
  let prefill = draft.prefill;
  if (!info.asksThreatsOrHate) delete data.threatsOrHate;
  if (!info.collectsEvidence) {
    delete data.evidenceKept;
    delete data.evidenceDescription;
    // Never keep a quoted message on a report type that must not hold evidence.
    prefill = undefined;
  }
  if (data.actionsTaken) {
    const allowed = new Set(info.actionsChecklist.map((a) => a.id));
    data.actionsTaken = data.actionsTaken.filter((id) => allowed.has(id));
  }
  const changed = draft.data.type !== type;
  const next: ReportDraft = {
    ...draft,
    data,
    reachedReview: changed ? false : draft.reachedReview,
  };
  if (prefill) next.prefill = prefill;
  else delete next.prefill;
  return next;
}

/** True if the draft is still being filled in (offer "resume or start again"). */
export function isResumable(draft: ReportDraft | undefined): draft is ReportDraft {
  return !!draft && !draft.submitted;
}

/** Records the stored incident on the draft so a retried submit shows the same receipt. */
export function markSubmitted(
  draft: ReportDraft,
  incident: { id: string; reference: string },
  now: Date,
): ReportDraft {
  return {
    ...draft,
    submitted: { incidentId: incident.id, reference: incident.reference, at: now.toISOString() },
  };
}

/**
 * Loads a draft read back from conversation state; anything that does not look like a draft
 * (older schema, corrupted) yields undefined so the user just starts again.
 */
export function parseDraft(value: unknown): ReportDraft | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const d = value as Partial<ReportDraft>;
  if (
    d.schema !== 1 ||
    typeof d.id !== 'string' ||
    !WIZARD_STEPS.includes(d.step as WizardStep) ||
    typeof d.startedAt !== 'string' ||
    !d.data ||
    typeof d.data !== 'object'
  ) {
    return undefined;
  }
  return d as ReportDraft;
}

const inputSchema = z.object({
  action: z.enum(WIZARD_ACTIONS),
  step: z.enum(WIZARD_STEPS).optional(),
  target: z.enum(WIZARD_STEPS).optional(),
  values: z.unknown().optional(),
});

const STALE_CARD =
  'This card is out of date. Please use the most recent card, or type "report" to carry on.';

function result(
  draft: ReportDraft,
  errors: FieldErrors = {},
  status: WizardResult['status'] = 'in_progress',
  report?: IncidentReport,
): WizardResult {
  return { draft, step: draft.step, errors, status, ...(report ? { report } : {}) };
}

/**
 * Applies one card submission. Never throws for bad input: problems come back as `errors`
 * (field id -> message, or FORM_ERROR) with the draft unchanged.
 */
export function next(draft: ReportDraft, input: WizardInput, ctx: { now: Date }): WizardResult {
  if (draft.submitted) return result(draft, {}, 'submitted');
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    return result(draft, { [FORM_ERROR]: 'Sorry, that did not work. Please try again.' });
  }
  const { action, step, target, values } = parsed.data;
  if (action === 'cancel') return result(draft, {}, 'cancelled');
  if (step && step !== draft.step) return result(draft, { [FORM_ERROR]: STALE_CARD });
  if (!stepsFor(draft.data.type).includes(draft.step)) {
    // A stored draft sitting on a step its type never uses (edited state): send it back on track.
    const onTrack = { ...draft, step: firstIncompleteStep(draft, ctx.now) ?? 'review' };
    return result(onTrack, { [FORM_ERROR]: STALE_CARD });
  }

  const touched = { ...draft, updatedAt: ctx.now.toISOString() };
  const type = draft.data.type;

  switch (action) {
    case 'back': {
      // Keep whatever was valid on this card so going back loses nothing the user typed
      // (except the type itself, which only changes through `continue` so answers get pruned).
      const posted = asRecord(values);
      const { data } = parseStep(draft.step, posted, type, ctx.now);
      const keep = Object.fromEntries(Object.entries(data).filter(([k]) => k in posted));
      const kept =
        draft.step === 'type' ? touched : { ...touched, data: { ...draft.data, ...keep } };
      return result({ ...kept, step: stepBefore(type, draft.step) });
    }
    case 'edit': {
      if (draft.step !== 'review' || !target || target === 'review') {
        return result(draft, { [FORM_ERROR]: STALE_CARD });
      }
      if (!stepsFor(type).includes(target)) {
        return result(draft, { [FORM_ERROR]: 'That step does not apply to this kind of report.' });
      }
      return result({ ...touched, step: target });
    }
    case 'submit':
    case 'continue': {
      if (draft.step === 'review') return submitFromReview(touched, ctx.now);
      if (action === 'submit') {
        return result(draft, { [FORM_ERROR]: 'Please finish the remaining steps first.' });
      }
      return continueFrom(draft, values, ctx.now);
    }
  }
}

function continueFrom(draft: ReportDraft, values: unknown, now: Date): WizardResult {
  const { data, errors } = parseStep(draft.step, values, draft.data.type, now);
  if (Object.keys(errors).length > 0) return result(draft, errors);
  draft = { ...draft, updatedAt: now.toISOString() };

  if (draft.step === 'type') {
    const type = data.type!;
    const typed = withType(draft, type);
    return result({ ...typed, step: stepAfter(type, 'type') });
  }
  const type = draft.data.type;
  if (!type) return result({ ...draft, step: 'type' });

  // Replace (not merge) this step's fields so a cleared optional answer really clears.
  const merged: DraftData = { ...draft.data };
  for (const field of STEP_FIELDS[draft.step]) delete merged[field];
  Object.assign(merged, data);
  const updated: ReportDraft = { ...draft, data: merged };

  let nextStep = stepAfter(type, draft.step);
  if (draft.reachedReview) nextStep = firstIncompleteStep(updated, now) ?? 'review';
  return result({
    ...updated,
    step: nextStep,
    reachedReview: updated.reachedReview || nextStep === 'review',
  });
}

function submitFromReview(draft: ReportDraft, now: Date): WizardResult {
  try {
    const report = toReport(draft, { now });
    return result(draft, {}, 'ready', report);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const firstField = Object.keys(err.fieldErrors)[0];
    const step = stepsFor(draft.data.type).find((s) =>
      (STEP_FIELDS[s] as readonly string[]).includes(firstField ?? ''),
    );
    return result(
      { ...draft, step: step ?? draft.step },
      {
        ...err.fieldErrors,
        [FORM_ERROR]: err.userMessage,
      },
    );
  }
}

/** First step (other than review) whose stored answers no longer validate, if any. */
function firstIncompleteStep(draft: ReportDraft, now: Date): WizardStep | undefined {
  return stepsFor(draft.data.type).find(
    (s) =>
      s !== 'review' &&
      Object.keys(parseStep(s, draft.data, draft.data.type, now).errors).length > 0,
  );
}

// ---------------------------------------------------------------- final report

/**
 * Builds the report from a draft, re-validating every step as if the values had just been
 * posted (the draft came back from storage or a card and is not trusted).
 * Throws ValidationError with `fieldErrors` when anything is missing or wrong.
 */
export function toReport(
  draft: ReportDraft,
  ctx: { now: Date } = { now: new Date() },
): IncidentReport {
  const problem = 'Some answers need another look before this report can be sent.';
  const raw: unknown = (draft as Partial<ReportDraft> | undefined)?.data;
  const data = raw && typeof raw === 'object' ? (raw as DraftData) : {};
  const typeParse = parseStep('type', data, undefined, ctx.now);
  if (typeParse.errors[FIELD.type]) throw new ValidationError(problem, typeParse.errors);
  const type = typeParse.data.type!;
  const info = incidentType(type);

  const fieldErrors: FieldErrors = {};
  const clean: Partial<DraftData> = { type };
  for (const step of stepsFor(type)) {
    if (step === 'type' || step === 'review' || step === 'speak_to_dsl') continue;
    const { data: stepData, errors } = parseStep(step, data, type, ctx.now);
    Object.assign(fieldErrors, errors);
    Object.assign(clean, stepData);
  }
  if (!info.collectsEvidence) {
    const evidenceFields = [FIELD.evidenceKept, FIELD.evidenceDescription] as const;
    for (const f of evidenceFields) {
      if (data[f] !== undefined) fieldErrors[f] = 'This kind of report does not take evidence.';
    }
    if ((draft as Partial<ReportDraft>).prefill?.fromMessage) {
      fieldErrors[FORM_ERROR] = 'This kind of report does not take evidence.';
    }
  }
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError(problem, fieldErrors);

  const fromMessage = info.collectsEvidence ? cleanMessage(draft.prefill?.fromMessage) : undefined;
  const occurredAt = clean.occurredTime
    ? schoolTimeToUtc(clean.occurredDate!, clean.occurredTime).toISOString()
    : clean.occurredDate!;
  const pupil = PUPIL_ROLES.includes(clean.involvedRole!);

  const report: IncidentReport = {
    type,
    account: clean.account!,
    occurredAt,
    where: clean.where!,
    involved: {
      role: clean.involvedRole!,
      ...(clean.involvedDescription ? { description: clean.involvedDescription } : {}),
      ...(pupil && clean.yearGroup ? { yearGroup: clean.yearGroup } : {}),
    },
    evidence: info.collectsEvidence
      ? {
          kept: clean.evidenceKept!,
          ...(clean.evidenceDescription ? { description: clean.evidenceDescription } : {}),
          ...(fromMessage ? { fromMessage } : {}),
        }
      : { kept: 'not_collected' },
    actionsTaken: clean.actionsTaken ?? [],
    ...(clean.otherActions ? { otherActions: clean.otherActions } : {}),
    toldDsl: clean.toldDsl!,
    ...(info.asksThreatsOrHate ? { threatsOrHate: clean.threatsOrHate === true } : {}),
  };
  return report;
}

function maxUrgency(a: Urgency, b: Urgency): Urgency {
  return URGENCY_RANK[a] <= URGENCY_RANK[b] ? a : b;
}

/** The urgency a new report starts with: the type's default, raised by its answers. */
export function deriveUrgency(report: IncidentReport): Urgency {
  const info = incidentType(report.type);
  let urgency = info.defaultUrgency;
  if (info.asksThreatsOrHate && report.threatsOrHate) urgency = maxUrgency(urgency, 'high');
  return urgency;
}

/** Label/value lines for the review card and the receipt (user text is not escaped here). */
export function summariseReport(report: IncidentReport): { label: string; value: string }[] {
  const info = incidentType(report.type);
  const checklist = new Map(info.actionsChecklist.map((a) => [a.id, a.label]));
  const lines: { label: string; value: string }[] = [
    { label: 'Type', value: info.label },
    { label: 'What happened', value: report.account },
    { label: 'When', value: formatOccurredAt(report.occurredAt) },
    { label: 'Where', value: report.where },
  ];
  if (report.threatsOrHate !== undefined) {
    lines.push({ label: 'Threats or hate', value: report.threatsOrHate ? 'Yes' : 'No' });
  }
  const who = [
    INVOLVED_ROLE_LABELS[report.involved.role],
    report.involved.yearGroup,
    report.involved.description,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push({ label: 'Who is involved', value: who });
  if (report.evidence.kept !== 'not_collected') {
    const parts = [report.evidence.kept === 'yes' ? 'Yes' : 'No'];
    if (report.evidence.description) parts.push(report.evidence.description);
    if (report.evidence.fromMessage)
      parts.push(`Message from ${report.evidence.fromMessage.authorName}`);
    lines.push({ label: 'Evidence kept', value: parts.join(' - ') });
  }
  const done = report.actionsTaken.map((id) => checklist.get(id) ?? id);
  if (report.otherActions) done.push(report.otherActions);
  lines.push({ label: 'Already done', value: done.length ? done.join('; ') : 'Nothing yet' });
  lines.push({ label: 'Told a DSL in person', value: report.toldDsl === 'yes' ? 'Yes' : 'No' });
  return lines;
}

/** "14 March 2026, 14:30" in school time, or just the date when no time was given. */
export function formatOccurredAt(occurredAt: string): string {
  const dateOnly = DATE_RE.test(occurredAt);
  const at = dateOnly ? new Date(`${occurredAt}T12:00:00Z`) : new Date(occurredAt);
  if (Number.isNaN(at.getTime())) return occurredAt;
  return (dateOnly ? SCHOOL_DATE : SCHOOL_DATE_TIME).format(at);
}

const SCHOOL_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const SCHOOL_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Draft answers in the string form Adaptive Card inputs expect for their `value`. */
export function cardValues(draft: ReportDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(draft.data)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out[key] = value.join(',');
    else if (typeof value === 'boolean') out[key] = value ? 'true' : 'false';
    else out[key] = String(value);
  }
  return out;
}
