import type { Application, TurnState } from '@microsoft/teams-ai';
import { TeamsInfo, TurnContext, type ConversationReference } from 'botbuilder';
import { hasRole } from '../../core/people';
import type { Store } from '../../core/store';
import type { BotDeps } from '../bot';
import { describeTopic, TOPICS } from '../delivery';
import { errorFields } from '../errors';
import { formatWhen, type SltMember } from '../slt-cards';
import {
  SLT_CHANNEL_KEY,
  SLT_ROSTER_KEY,
  ensureRosterLoaded,
  getRoster,
  getSltChannel,
  markRosterLoaded,
  type SltChannel,
  type SltRoster,
} from '../slt-state';
import { commandText, conversationType, personOf } from '../turn';

/** Outbox topics that post into the SLT channel (not personal chats). */
const CHANNEL_TOPICS: string[] = [
  TOPICS.postIncident,
  TOPICS.postPlaceholder,
  TOPICS.updateCard,
  TOPICS.questionPost,
  TOPICS.questionCard,
  TOPICS.reminder,
];

/**
 * `setup` (admins, in the chosen channel) stores where reports go; `status` says whether that is
 * done, where SLT membership comes from and what has not been delivered yet.
 */

/** Re-read the team roster when it is older than this (roster mode only). */
export const ROSTER_MAX_AGE_MS = 6 * 60 * 60 * 1000;

function channelIdOf(context: TurnContext): string {
  const fromData = (context.activity.channelData as { channel?: { id?: string } } | undefined)
    ?.channel?.id;
  return fromData || (context.activity.conversation?.id ?? '').split(';')[0];
}

function teamIdOf(context: TurnContext): string | undefined {
  return (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
}

/** A reference that posts a new message at the top level of the channel (not into a thread). */
export function channelReference(context: TurnContext): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(context.activity);
  const channelId = channelIdOf(context);
  // No activity id (it would make posts replies) and no user (posts are to the channel, not a person).
  const { activityId: _a, user: _u, ...rest } = ref;
  return {
    ...rest,
    conversation: {
      ...ref.conversation!,
      id: channelId,
      isGroup: true,
      conversationType: 'channel',
    },
  };
}

/** Reads the SLT team's members (paged) and feeds the role directory; persisted for restarts. */
export async function refreshRoster(
  deps: BotDeps,
  context: TurnContext,
  teamId: string,
): Promise<SltRoster> {
  const members: SltMember[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedTeamMembers(context, teamId, 200, token);
    for (const m of page.members ?? []) {
      if (m.aadObjectId)
        members.push({ id: m.aadObjectId, name: m.name || m.givenName || 'SLT member', mri: m.id });
    }
    token = page.continuationToken || undefined;
  } while (token);
  const roster: SltRoster = { members, fetchedAt: deps.clock.now().toISOString() };
  await deps.store.settings.set(SLT_ROSTER_KEY, roster);
  deps.roles.setRoster(members.map((m) => m.id));
  markRosterLoaded(deps);
  deps.log.info(
    { event: 'slt.roster_refreshed', count: members.length },
    'SLT roster read from the team',
  );
  return roster;
}

/** Someone not (yet) on the cached roster acted: re-read it if older than this, so new members need not wait. */
export const ROSTER_RECHECK_MS = 10 * 60 * 1000;

/** In roster mode, re-reads the roster if stale, from a turn in the SLT team. Never throws. */
export async function refreshRosterIfStale(
  deps: BotDeps,
  context: TurnContext,
  maxAgeMs: number = ROSTER_MAX_AGE_MS,
): Promise<void> {
  if (!deps.roles.usesRoster) return;
  try {
    await ensureRosterLoaded(deps);
    const channel = await getSltChannel(deps.store);
    const teamId = teamIdOf(context);
    if (!channel?.teamId || teamId !== channel.teamId) return;
    const roster = await getRoster(deps.store);
    // Another instance may have read it more recently than this one: use the stored copy first.
    if (roster) deps.roles.setRoster(roster.members.map((m) => m.id));
    const age = roster ? deps.clock.now().getTime() - Date.parse(roster.fetchedAt) : Infinity;
    if (age > maxAgeMs) await refreshRoster(deps, context, teamId);
  } catch (err) {
    deps.log.warn(
      { event: 'slt.roster_refresh_failed', ...errorFields(err) },
      'could not refresh the SLT roster',
    );
  }
}

export interface SltHealth {
  configured: boolean;
  undelivered: number;
  failedPermanently: number;
}

/** For `GET /healthz`: is the SLT channel set up, and is anything stuck. */
export async function sltHealth(store: Store): Promise<SltHealth> {
  const [channel, pending] = await Promise.all([getSltChannel(store), store.outbox.undelivered()]);
  return {
    configured: Boolean(channel),
    undelivered: pending.length,
    failedPermanently: pending.filter((m) => m.failedPermanently).length,
  };
}

async function statusText(deps: BotDeps, detailed: boolean): Promise<string> {
  const channel = await getSltChannel(deps.store);
  const lines: string[] = [];
  lines.push(
    channel
      ? `**SLT channel:** set up on ${formatWhen(channel.setAt)}. New reports are posted there.`
      : '**SLT channel:** not set up yet. An admin must @mention me with **setup** in the channel where reports should go.',
  );
  if (deps.roles.usesRoster) {
    const roster = await getRoster(deps.store);
    lines.push(
      roster
        ? `**SLT members:** ${roster.members.length}, read from the team's roster on ${formatWhen(roster.fetchedAt)}.`
        : "**SLT members:** not known yet (no SLT_IDS configured and the team's roster has not been read: run **setup**).",
    );
  } else {
    lines.push(`**SLT members:** ${deps.config.people.sltIds.length} configured by id.`);
  }
  const pending = await deps.store.outbox.undelivered();
  const failed = pending.filter((m) => m.failedPermanently);
  const waiting = pending.filter((m) => !m.failedPermanently);
  if (pending.length === 0) {
    lines.push('**Deliveries:** everything has been delivered.');
  } else {
    lines.push(
      `**Deliveries:** ${waiting.length} waiting or being retried, ${failed.length} failed and not retried.`,
    );
    if (detailed) {
      for (const m of [...failed, ...waiting].slice(0, 10)) {
        const state = m.failedPermanently ? 'FAILED' : `retrying (attempt ${m.attempts})`;
        const why = m.lastError ? ` - ${m.lastError.slice(0, 200)}` : '';
        lines.push(`- ${describeTopic(m.topic)}: ${state}${why}`);
      }
    }
  }
  return lines.join('\n\n');
}

export function registerSltSetup(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (context) => commandText(context) === 'setup',
    async (context) => {
      const person = personOf(context);
      const actor = deps.roles.actor(person);
      if (!hasRole(actor, 'admin')) {
        deps.log.warn(
          { event: 'slt.setup_refused', conversationType: conversationType(context) },
          'setup by a non-admin refused',
        );
        await context.sendActivity(
          'Sorry, only an administrator named in the configuration can run **setup**. Nothing was changed.',
        );
        return;
      }
      if (conversationType(context) !== 'channel') {
        await context.sendActivity(
          'Please run **setup** in the Teams channel where reports should be posted (@mention me there).',
        );
        return;
      }
      const setting: SltChannel = {
        reference: channelReference(context),
        channelId: channelIdOf(context),
        teamId: teamIdOf(context),
        tenantId:
          (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
          context.activity.conversation?.tenantId,
        setBy: person.id,
        setAt: deps.clock.now().toISOString(),
      };
      await deps.store.settings.set(SLT_CHANNEL_KEY, setting);
      deps.log.info({ event: 'slt.setup', hasTeam: Boolean(setting.teamId) }, 'SLT channel set up');
      let rosterLine = `SLT members: ${deps.config.people.sltIds.length} configured by id.`;
      if (deps.roles.usesRoster) {
        if (setting.teamId) {
          try {
            const roster = await refreshRoster(deps, context, setting.teamId);
            rosterLine = `SLT members: ${roster.members.length}, read from this team's roster.`;
          } catch (err) {
            deps.log.warn(
              { event: 'slt.roster_failed', ...errorFields(err) },
              'could not read the team roster',
            );
            rosterLine =
              "I could not read this team's members, so SLT membership is unknown: set SLT_IDS, or run **setup** again later.";
          }
        } else {
          rosterLine = 'This is not a team channel, so I cannot read its members: set SLT_IDS.';
        }
      }
      // Anything meant for the channel that was waiting for set-up, or failed because the bot had been
      // removed from the team, goes out now to this channel.
      const requeued = await deps.store.outbox.retryNow(deps.clock.now(), CHANNEL_TOPICS);
      deps.deliveries?.poke();
      const waiting =
        requeued > 0 ? `\n\n${requeued} waiting post(s) are being delivered here now.` : '';
      await context.sendActivity(
        `Done: new reports will be posted in this channel within seconds, with reminders and questions from staff.\n\n${rosterLine}${waiting}\n\n@mention me with **status** at any time to check.`,
      );
    },
  );

  app.message(
    async (context) => commandText(context) === 'status',
    async (context) => {
      await refreshRosterIfStale(deps, context);
      await ensureRosterLoaded(deps);
      const actor = deps.roles.actor(personOf(context));
      const detailed = hasRole(actor, 'admin', 'slt', 'dsl', 'headteacher');
      await context.sendActivity(await statusText(deps, detailed));
    },
  );
}
