import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors';
import { canSeeDetails } from '../../core/incidents/access';
import type { Incident } from '../../core/incidents/incident';
import {
  performTriageAction,
  TriageConflictError,
  type TriageAction,
} from '../../core/incidents/triage';
import { isSlt, type Actor } from '../../core/people';
import type { BotDeps } from '../bot';
import type { AdaptiveCardJson } from '../cards/render-card';
import { errorFields, GENERIC_APOLOGY } from '../errors';
import {
  isConfidential,
  placeholderCard,
  refusalCard,
  triageCard,
  type Notice,
} from '../slt-cards';
import { ensureRosterLoaded, rememberSltMember, sltMembers, sltRefreshIds } from '../slt-state';
import { refreshRosterIfStale, ROSTER_RECHECK_MS } from './slt-setup';
import { personOf } from '../turn';
import { VERBS } from '../verbs';

/**
 * Triage on the card (Universal Actions). Each press calls the domain with the version the card
 * showed, and answers with the card rendered from the store now; the outbox then updates the card
 * for everyone and logs the action in the card's thread. An automatic refresh only renders.
 */

const TRIAGE_VERBS = new Set<string>([
  VERBS.triageAcknowledge,
  VERBS.triageAssign,
  VERBS.triageAssignMe,
  VERBS.triageUrgency,
  VERBS.triageNote,
  VERBS.triageAsk,
  VERBS.triageEscalate,
  VERBS.triageClose,
  VERBS.triageReopen,
]);

const DONE: Record<string, string> = {
  [VERBS.triageAcknowledge]: 'You acknowledged this report.',
  [VERBS.triageAssign]: 'Assigned.',
  [VERBS.triageAssignMe]: 'This report is now assigned to you.',
  [VERBS.triageUrgency]: 'Urgency changed.',
  [VERBS.triageNote]: 'Note added.',
  [VERBS.triageAsk]: 'Your question is on its way to the reporter.',
  [VERBS.triageEscalate]: 'Escalation recorded.',
  [VERBS.triageClose]: 'Report closed.',
  [VERBS.triageReopen]: 'Report reopened.',
};

function verbOf(context: TurnContext): string {
  const v = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return typeof v === 'string' ? v : '';
}

function triggerOf(context: TurnContext): string {
  const t = (context.activity.value as { trigger?: unknown } | undefined)?.trigger;
  return typeof t === 'string' ? t : 'manual';
}

/** Sends the invoke response ourselves so teams-ai never turns a card with `refresh` into an update for all. */
async function respond(context: TurnContext, result: AdaptiveCardJson | string): Promise<string> {
  const body =
    typeof result === 'string'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
  return '';
}

function field(data: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(data, name) ? data[name] : undefined;
}

/** Renders what this viewer may see of the incident as stored now. */
async function cardFor(
  deps: BotDeps,
  incident: Incident,
  viewer: Actor,
  notice?: Notice,
): Promise<AdaptiveCardJson> {
  // The triage card (notes, history) is for SLT only, even for the person who reported it.
  if (!isSlt(viewer) || !canSeeDetails(viewer, incident)) {
    if (isConfidential(incident) && isSlt(viewer)) return placeholderCard(deps.config, incident);
    return refusalCard(
      'Not available',
      'Sorry, only members of the senior leadership team can see this report.',
    );
  }
  const [events, members, refreshUserIds] = await Promise.all([
    deps.store.incidents.events(incident.id),
    sltMembers(deps),
    sltRefreshIds(deps),
  ]);
  return triageCard(deps.config, incident, {
    viewer,
    events,
    members: isConfidential(incident) ? members.filter((m) => m.id === viewer.id) : members,
    notice,
    refreshUserIds: isConfidential(incident) ? undefined : refreshUserIds,
  });
}

async function buildAction(
  deps: BotDeps,
  verb: string,
  data: Record<string, unknown>,
  actor: Actor,
): Promise<TriageAction | unknown> {
  switch (verb) {
    case VERBS.triageAcknowledge:
      return { kind: 'acknowledge' };
    case VERBS.triageAssignMe:
      return { kind: 'assign', assignee: { id: actor.id, name: actor.name } };
    case VERBS.triageAssign: {
      const id = field(data, 'assigneeId');
      // Only someone on the offered list: a forged id or name is refused, and the name comes from us.
      const member = (await sltMembers(deps)).find((m) => m.id === id);
      if (!member) {
        throw new ValidationError(
          'Please choose a member of the senior leadership team from the list.',
          {
            assigneeId: 'Please choose a member of the senior leadership team.',
          },
        );
      }
      return { kind: 'assign', assignee: { id: member.id, name: member.name } };
    }
    case VERBS.triageUrgency:
      return { kind: 'change_urgency', urgency: field(data, 'urgency') };
    case VERBS.triageNote:
      return { kind: 'add_note', text: field(data, 'note') };
    case VERBS.triageAsk:
      return { kind: 'ask_reporter', text: field(data, 'question') };
    case VERBS.triageEscalate:
      return {
        kind: 'escalate',
        target: field(data, 'target'),
        reference: field(data, 'escalationReference'),
      };
    case VERBS.triageClose:
      return {
        kind: 'close',
        outcome: field(data, 'outcome'),
        sharedWithReporter: field(data, 'sharedWithReporter'),
      };
    case VERBS.triageReopen:
      return { kind: 'reopen' };
    default:
      return { kind: 'unknown' };
  }
}

export function registerTriage(app: Application<TurnState>, deps: BotDeps): void {
  // Refresh (automatic or manual): render only. Never writes, never updates the message.
  app.adaptiveCards.actionExecute(VERBS.triageRefresh, async (context, _state, data) => {
    const d = (data ?? {}) as Record<string, unknown>;
    const incidentId = typeof d.incidentId === 'string' ? d.incidentId.slice(0, 100) : '';
    try {
      await ensureRosterLoaded(deps);
      const viewer = deps.roles.actor(personOf(context));
      const incident = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
      if (!incident) {
        return respond(
          context,
          refusalCard(
            'Report not found',
            'Sorry, that report could not be found. It may have been removed under the retention policy.',
          ),
        );
      }
      return respond(context, await cardFor(deps, incident, viewer));
    } catch (err) {
      deps.log.warn(
        { event: 'triage.refresh_failed', trigger: triggerOf(context), ...errorFields(err) },
        'refresh failed',
      );
      return respond(context, GENERIC_APOLOGY);
    }
  });

  app.adaptiveCards.actionExecute(
    async (context) =>
      TRIAGE_VERBS.has(verbOf(context)) && context.activity.name === 'adaptiveCard/action',
    async (context, _state, data) => {
      const verb = verbOf(context);
      const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
      const incidentId = typeof d.incidentId === 'string' ? d.incidentId.slice(0, 100) : '';
      const version = Number(d.version);
      let actor: Actor | undefined;
      try {
        await ensureRosterLoaded(deps);
        actor = deps.roles.actor(personOf(context));
        if (!isSlt(actor) && deps.roles.usesRoster) {
          // Perhaps added to the SLT team since the roster was read.
          await refreshRosterIfStale(deps, context, ROSTER_RECHECK_MS);
          actor = deps.roles.actor(personOf(context));
        }
        if (isSlt(actor))
          await rememberSltMember(deps, actor.id, actor.name, context.activity.from?.id);
        const action = isSlt(actor)
          ? await buildAction(deps, verb, d, actor)
          : { kind: verb.replace('triage.', '') };
        const result = await performTriageAction(
          {
            store: deps.store,
            log: deps.log,
            isSltMember: (id) => isSlt(deps.roles.actor({ id, name: '' })),
          },
          actor,
          incidentId,
          version,
          action,
          deps.clock.now(),
        );
        deps.deliveries?.poke();
        const notice: Notice = {
          text: result.duplicate ? 'That was already done.' : (DONE[verb] ?? 'Done.'),
          color: 'Good',
        };
        return respond(context, await cardFor(deps, result.incident, actor, notice));
      } catch (err) {
        return respond(context, await explain(deps, context, verb, incidentId, actor, err));
      }
    },
  );
}

/** Turns a refusal or failure into what the clicker sees; logs ids and codes only. */
async function explain(
  deps: BotDeps,
  context: TurnContext,
  verb: string,
  incidentId: string,
  actor: Actor | undefined,
  err: unknown,
): Promise<AdaptiveCardJson | string> {
  const base = {
    verb,
    incidentId,
    conversationType: context.activity.conversation?.conversationType,
  };
  if (err instanceof ForbiddenError || !actor || !isSlt(actor)) {
    deps.log.warn(
      { event: 'triage.refused', ...base, ...errorFields(err) },
      'triage action refused',
    );
    const text =
      err instanceof DomainError
        ? err.userMessage
        : 'Sorry, you cannot do that. Nothing was changed.';
    return refusalCard('Not allowed', text);
  }
  if (err instanceof TriageConflictError) {
    deps.log.info({ event: 'triage.conflict', ...base }, 'stale card: someone acted first');
    return cardFor(deps, err.latest, actor, { text: err.userMessage, color: 'Warning' });
  }
  if (err instanceof NotFoundError) {
    deps.log.warn({ event: 'triage.not_found', ...base }, 'triage on an unknown incident');
    return refusalCard('Report not found', err.userMessage);
  }
  if (err instanceof DomainError) {
    deps.log.info(
      { event: 'triage.rejected', ...base, ...errorFields(err) },
      'triage action rejected',
    );
    const incident = incidentId
      ? await deps.store.incidents.get(incidentId).catch(() => undefined)
      : undefined;
    if (incident)
      return cardFor(deps, incident, actor, { text: err.userMessage, color: 'Attention' });
    return err.userMessage;
  }
  deps.log.error({ event: 'triage.failed', ...base, ...errorFields(err) }, 'triage action failed');
  return GENERIC_APOLOGY;
}
