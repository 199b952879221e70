import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { stringify } from 'csv-stringify/sync';
import {
  REFERENCE_PATTERN,
  isOpen,
  type Incident,
  type IncidentEvent,
} from '../../core/incidents/incident';
import {
  INCIDENT_TYPES,
  INCIDENT_TYPE_IDS,
  URGENCY_LABELS,
} from '../../core/incidents/incident-types';
import { isSlt, type Actor } from '../../core/people';
import type { BotDeps } from '../bot';
import { escapeMarkdown, renderCard } from '../cards/render-card';
import { errorFields, friendlyMessage } from '../errors';
import {
  STATUS_LABELS,
  escalationText,
  eventLine,
  formatWhen,
  incidentFacts,
  isConfidential,
  placeholderCard,
  typeLabel,
} from '../slt-cards';
import { ensureRosterLoaded } from '../slt-state';
import { cardActivity, commandText, conversationType, personOf, sendCard } from '../turn';
import { refreshRosterIfStale, ROSTER_RECHECK_MS } from './slt-setup';

/**
 * Channel commands for SLT (@mention): open, unassigned, show INC-..., digest, export; and the
 * reminder scheduler that re-raises reports nobody has acknowledged. Confidential reports appear
 * only as "confidential" in channel output: never their type, account or people.
 */

interface QueueItem {
  heading: string;
  detail: string;
  style: string;
}

export interface SltQueueData {
  title: string;
  summary: string;
  items: QueueItem[];
  footer: string;
}

export interface SltRecordData {
  title: string;
  statusLine: string;
  facts: { title: string; value: string }[];
  account: string;
  chronology: { when: string; line: string }[];
}

export interface SltDigestData {
  title: string;
  sections: { heading: string; facts: { title: string; value: string }[] }[];
}

declare module '../cards/render-card' {
  interface CardDataMap {
    'slt-queue': SltQueueData;
    'slt-record': SltRecordData;
    'slt-digest': SltDigestData;
  }
}

const QUEUE_LIMIT = 25;

function waited(from: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** One line in a list: confidential reports show no type or names. */
function queueItem(incident: Incident, now: Date): QueueItem {
  const confidential = isConfidential(incident);
  const what = confidential ? 'Confidential report (with the headteacher)' : typeLabel(incident);
  const urgency = URGENCY_LABELS[incident.urgency];
  const parts = [STATUS_LABELS[incident.status]];
  if (!confidential)
    parts.push(
      incident.assignee ? `assigned to ${escapeMarkdown(incident.assignee.name)}` : 'unassigned',
    );
  parts.push(
    `reported ${formatWhen(incident.createdAt)}`,
    `waiting ${waited(incident.createdAt, now)}`,
  );
  return {
    heading: `${incident.urgency === 'urgent' ? '🔴 ' : ''}${incident.reference} · ${what} · ${urgency}`,
    detail: parts.join(' · '),
    style: incident.urgency === 'urgent' ? 'attention' : 'default',
  };
}

async function queueCard(deps: BotDeps, unassignedOnly: boolean) {
  const now = deps.clock.now();
  const filter = { status: ['new', 'acknowledged'] as Incident['status'][], unassignedOnly };
  const [incidents, total] = await Promise.all([
    deps.store.incidents.list({ ...filter, limit: QUEUE_LIMIT }),
    deps.store.incidents.count(filter),
  ]);
  const title = unassignedOnly ? 'Unassigned reports' : 'Open reports';
  return renderCard('slt-queue', {
    title,
    summary:
      total === 0
        ? unassignedOnly
          ? 'Every open report has someone looking after it.'
          : 'No open reports.'
        : `${total} ${total === 1 ? 'report' : 'reports'}, urgent first, then oldest first.`,
    items: incidents.map((i) => queueItem(i, now)),
    footer:
      total > incidents.length
        ? `Showing the first ${incidents.length}. Type **export** for all of them.`
        : 'Type **show INC-...** for a full record.',
  });
}

export function recordCard(incident: Incident, events: IncidentEvent[]) {
  return renderCard('slt-record', {
    title: `${incident.reference} · ${typeLabel(incident)}`,
    statusLine: `${STATUS_LABELS[incident.status]} · ${URGENCY_LABELS[incident.urgency]} urgency`,
    facts: incidentFacts(incident),
    account: incident.report.account,
    chronology: events.map((e) => ({ when: formatWhen(e.at), line: eventLine(e) })),
  });
}

/** Monday 00:00 UTC of the week containing `now`. */
export function startOfWeek(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day);
  return d;
}

/**
 * Start of the current school term, approximately: autumn from 1 September, spring from 1 January,
 * summer from 1 April (exact term dates vary by school and with Easter).
 */
export function startOfTerm(now: Date): { start: Date; name: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (m >= 8) return { start: new Date(Date.UTC(y, 8, 1)), name: 'autumn term' };
  if (m >= 3) return { start: new Date(Date.UTC(y, 3, 1)), name: 'summer term' };
  return { start: new Date(Date.UTC(y, 0, 1)), name: 'spring term' };
}

async function digestCard(deps: BotDeps) {
  const now = deps.clock.now();
  const term = startOfTerm(now);
  const periods = [
    { heading: 'This week', from: startOfWeek(now) },
    { heading: `This ${term.name}`, from: term.start },
  ];
  const sections: SltDigestData['sections'] = [];
  for (const p of periods) {
    const incidents = await deps.store.incidents.list({
      createdFrom: p.from,
      createdTo: new Date(now.getTime() + 1),
    });
    const byStatus = (['new', 'acknowledged', 'closed', 'withdrawn'] as const).map((s) => ({
      title: STATUS_LABELS[s],
      value: String(incidents.filter((i) => i.status === s).length),
    }));
    const byType = INCIDENT_TYPE_IDS.filter((t) => !INCIDENT_TYPES[t].confidential)
      .map((t) => ({
        title: INCIDENT_TYPES[t].label,
        value: incidents.filter((i) => i.report.type === t).length,
      }))
      .filter((f) => f.value > 0)
      .map((f) => ({ title: f.title, value: String(f.value) }));
    const confidential = incidents.filter(isConfidential).length;
    if (confidential)
      byType.push({ title: 'Confidential (with the headteacher)', value: String(confidential) });
    sections.push({
      heading: `${p.heading}: ${incidents.length} ${incidents.length === 1 ? 'report' : 'reports'} (since ${formatWhen(p.from)})`,
      facts: [...byStatus, ...byType],
    });
  }
  const waiting = await deps.store.incidents.list({ status: ['new'] });
  const oldest = [...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  sections.push({
    heading: 'Waiting for acknowledgement',
    facts: oldest
      ? [
          { title: 'Not yet acknowledged', value: String(waiting.length) },
          {
            title: 'Oldest waiting',
            value: `${oldest.reference}, ${waited(oldest.createdAt, now)}`,
          },
        ]
      : [{ title: 'Not yet acknowledged', value: 'None' }],
  });
  return renderCard('slt-digest', { title: 'Safeguarding reports digest', sections });
}

const CSV_COLUMNS = [
  'reference',
  'reported_at',
  'type',
  'urgency',
  'status',
  'reporter',
  'occurred_at',
  'where',
  'involved',
  'evidence',
  'actions_taken',
  'told_dsl',
  'assignee',
  'escalations',
  'outcome',
  'last_updated',
] as const;

/** Spreadsheet apps run cells starting with = + - @ as formulas: neutralise them. */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** All reports as CSV; confidential ones keep only reference, dates and status. */
export function incidentsCsv(incidents: Incident[]): string {
  const rows = incidents.map((i) => {
    const facts = new Map(incidentFacts(i).map((f) => [f.title, f.value.replace(/\\(.)/g, '$1')]));
    const hidden = 'confidential - held by the headteacher';
    const confidential = isConfidential(i);
    const row: Record<(typeof CSV_COLUMNS)[number], string> = {
      reference: i.reference,
      reported_at: i.createdAt,
      type: confidential ? 'Confidential' : typeLabel(i),
      urgency: URGENCY_LABELS[i.urgency],
      status: STATUS_LABELS[i.status],
      reporter: confidential ? hidden : i.reporter.name,
      occurred_at: confidential ? hidden : i.report.occurredAt,
      where: confidential ? hidden : i.report.where,
      involved: confidential ? hidden : (facts.get('Who') ?? ''),
      evidence: confidential ? hidden : (facts.get('Evidence') ?? ''),
      actions_taken: confidential ? hidden : (facts.get('Already done') ?? ''),
      told_dsl: confidential ? hidden : i.report.toldDsl,
      assignee: confidential ? hidden : (i.assignee?.name ?? ''),
      escalations: confidential ? hidden : i.escalations.map(escalationText).join('; '),
      outcome: confidential ? hidden : (i.outcome?.text ?? ''),
      last_updated: i.updatedAt,
    };
    return CSV_COLUMNS.map((c) => cell(row[c]));
  });
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/**
 * Teams caps a bot message at roughly 28 KB, attachments included: each file part stays under this
 * many bytes of base64 so a large export arrives as several files instead of failing.
 */
export const EXPORT_PART_BYTES = 20_000;

/** Splits the incidents into CSV parts (each with the header row) that fit one message each. */
export function exportParts(incidents: Incident[], maxBase64Bytes = EXPORT_PART_BYTES): string[] {
  const size = (list: Incident[]) =>
    Math.ceil(Buffer.byteLength(incidentsCsv(list), 'utf8') / 3) * 4;
  const parts: Incident[][] = [];
  let current: Incident[] = [];
  for (const incident of incidents) {
    if (current.length > 0 && size([...current, incident]) > maxBase64Bytes) {
      parts.push(current);
      current = [];
    }
    current.push(incident);
  }
  parts.push(current);
  return parts.map(incidentsCsv);
}

async function exportReports(deps: BotDeps, context: TurnContext, actor: Actor): Promise<void> {
  const incidents = await deps.store.incidents.list();
  const parts = exportParts(incidents);
  const now = deps.clock.now();
  const stem = `safeguarding-reports-${now.toISOString().slice(0, 10)}`;
  await deps.store.audit.record({
    action: 'incident.exported',
    actorId: actor.id,
    at: now,
    detail: {
      count: incidents.length,
      parts: parts.length,
      conversationType: conversationType(context),
    },
  });
  deps.log.info(
    { event: 'slt.export', count: incidents.length, parts: parts.length },
    'reports exported',
  );
  const files = parts.length === 1 ? 'a CSV file' : `${parts.length} CSV files`;
  await context.sendActivity(
    `Here are all ${incidents.length} reports as ${files}. Confidential reports show only their reference, dates and status. Keep the file secure and delete it when it is no longer needed.`,
  );
  for (const [i, csv] of parts.entries()) {
    const name =
      parts.length === 1 ? `${stem}.csv` : `${stem}-part-${i + 1}-of-${parts.length}.csv`;
    await context.sendActivity({
      attachments: [
        {
          contentType: 'text/csv',
          name,
          contentUrl: `data:text/csv;base64,${Buffer.from(csv, 'utf8').toString('base64')}`,
        },
      ],
    });
  }
}

type Command =
  { kind: 'open' | 'unassigned' | 'digest' | 'export' } | { kind: 'show'; reference: string };

export function parseCommand(text: string): Command | undefined {
  if (text === 'open' || text === 'queue') return { kind: 'open' };
  if (text === 'unassigned') return { kind: 'unassigned' };
  if (text === 'digest') return { kind: 'digest' };
  if (text === 'export') return { kind: 'export' };
  const show = /^show\s+(\S+)$/.exec(text);
  if (show) return { kind: 'show', reference: show[1].toUpperCase() };
  return undefined;
}

export function registerSltCommands(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (context) =>
      conversationType(context) !== 'personal' && parseCommand(commandText(context)) !== undefined,
    async (context) => {
      const command = parseCommand(commandText(context))!;
      try {
        await refreshRosterIfStale(deps, context);
        await ensureRosterLoaded(deps);
        let actor = deps.roles.actor(personOf(context));
        if (!isSlt(actor) && deps.roles.usesRoster) {
          await refreshRosterIfStale(deps, context, ROSTER_RECHECK_MS);
          actor = deps.roles.actor(personOf(context));
        }
        if (!isSlt(actor)) {
          deps.log.warn(
            { event: 'slt.command_refused', command: command.kind },
            'non-SLT channel command refused',
          );
          await context.sendActivity(
            'Sorry, only members of the senior leadership team can use that command.',
          );
          return;
        }
        switch (command.kind) {
          case 'open':
          case 'unassigned':
            await sendCard(context, await queueCard(deps, command.kind === 'unassigned'));
            return;
          case 'digest':
            await sendCard(context, await digestCard(deps));
            return;
          case 'export':
            await exportReports(deps, context, actor);
            return;
          case 'show': {
            if (!REFERENCE_PATTERN.test(command.reference)) {
              await context.sendActivity('Please give a reference like **show INC-2026-0042**.');
              return;
            }
            const incident = await deps.store.incidents.getByReference(command.reference);
            if (!incident) {
              await context.sendActivity(
                `I could not find ${command.reference}. It may have been removed under the retention policy.`,
              );
              return;
            }
            // In a shared channel a confidential record stays a placeholder, whoever asks.
            if (isConfidential(incident)) {
              await context.sendActivity(cardActivity(placeholderCard(deps.config, incident)));
              return;
            }
            await sendCard(
              context,
              recordCard(incident, await deps.store.incidents.events(incident.id)),
            );
            return;
          }
        }
      } catch (err) {
        deps.log.warn(
          { event: 'slt.command_failed', command: command.kind, ...errorFields(err) },
          'channel command failed',
        );
        await context.sendActivity(friendlyMessage(err));
      }
    },
  );
}

// ---------------------------------------------------------------- reminders

export interface ReminderScheduler {
  /** Checks once; returns how many reminders were queued (0 when all were queued before). */
  runOnce(): Promise<number>;
  start(): void;
  stop(): void;
}

/**
 * Re-raises reports nobody has acknowledged: urgent ones after `reminders.urgentMinutes`, any
 * after `reminders.openHours`, each once per threshold (the outbox key makes it idempotent, also
 * across instances). The reminder itself checks the status again at delivery time.
 */
export function createReminderScheduler(
  deps: BotDeps,
  options: { intervalMs?: number } = {},
): ReminderScheduler {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const runOnce = async (): Promise<number> => {
    const now = deps.clock.now().getTime();
    const { urgentMinutes, openHours } = deps.config.reminders;
    const waiting = await deps.store.incidents.list({ status: ['new'] });
    const messages = [];
    for (const incident of waiting) {
      if (!isOpen(incident)) continue;
      const age = now - Date.parse(incident.createdAt);
      if (incident.urgency === 'urgent' && age >= urgentMinutes * 60_000) {
        messages.push({
          key: `reminder:urgent:${incident.id}`,
          topic: 'slt.reminder',
          payload: { incidentId: incident.id, threshold: 'urgent' },
        });
      }
      if (age >= openHours * 3_600_000) {
        messages.push({
          key: `reminder:open:${incident.id}`,
          topic: 'slt.reminder',
          payload: { incidentId: incident.id, threshold: 'open' },
        });
      }
    }
    if (messages.length === 0) return 0;
    const before = (await deps.store.outbox.undelivered()).length;
    await deps.store.outbox.enqueue(messages);
    const queued = (await deps.store.outbox.undelivered()).length - before;
    if (queued > 0) {
      deps.log.info({ event: 'slt.reminders_queued', count: queued }, 'reminders queued');
      deps.deliveries?.poke();
    }
    return queued;
  };
  return {
    runOnce,
    start: () => {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        runOnce()
          .catch((err) =>
            deps.log.warn(
              { event: 'slt.reminders_failed', ...errorFields(err) },
              'reminder check failed',
            ),
          )
          .finally(() => {
            running = false;
          });
      }, options.intervalMs ?? 60_000);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
