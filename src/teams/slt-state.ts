import type { ConversationReference } from 'botbuilder';
import type { Store } from '../core/store';
import type { BotDeps } from './bot';
import type { SltMember } from './slt-cards';

/**
 * What the bot remembers about the SLT channel and its members, in store settings so a restart (or a
 * second instance) keeps it.
 */

export const SLT_CHANNEL_KEY = 'slt.channel';
export const SLT_ROSTER_KEY = 'slt.roster';
/** Names of SLT members seen acting or listed by config, for the "Assign to" list. */
export const SLT_NAMES_KEY = 'slt.names';

export interface SltChannel {
  /** Proactive reference to the channel itself (conversation id = channel id, no message id). */
  reference: Partial<ConversationReference>;
  channelId: string;
  teamId?: string;
  tenantId?: string;
  /** Entra object id of the admin who ran setup (no name: ids only in stored metadata). */
  setBy: string;
  setAt: string;
}

export interface SltRoster {
  members: SltMember[];
  fetchedAt: string;
}

export async function getSltChannel(store: Store): Promise<SltChannel | undefined> {
  const value = await store.settings.get<SltChannel>(SLT_CHANNEL_KEY);
  if (!value || typeof value !== 'object' || !value.reference?.conversation?.id) return undefined;
  return value;
}

export async function getRoster(store: Store): Promise<SltRoster | undefined> {
  const value = await store.settings.get<SltRoster>(SLT_ROSTER_KEY);
  return value && Array.isArray(value.members) ? value : undefined;
}

interface SeenMember {
  name: string;
  /** Teams user id (29:...), needed for card refresh lists. */
  mri?: string;
}

async function knownNames(store: Store): Promise<Record<string, SeenMember>> {
  const value = await store.settings.get<Record<string, SeenMember>>(SLT_NAMES_KEY);
  return value && typeof value === 'object' ? value : {};
}

/** Remembers an SLT member's display name and Teams id when they act (names change rarely). */
export async function rememberSltMember(
  deps: BotDeps,
  id: string,
  name: string,
  mri?: string,
): Promise<void> {
  if (!id || !name) return;
  const names = await knownNames(deps.store);
  const seen = names[id];
  if (seen && seen.name === name && seen.mri === mri) return;
  await deps.store.settings.set(SLT_NAMES_KEY, { ...names, [id]: { name, mri } });
}

const restored = new WeakSet<object>();

/**
 * Feeds the persisted roster into the role directory once per process (roster mode only), so SLT
 * members are recognised straight after a restart, before anyone runs `setup` again.
 */
export async function ensureRosterLoaded(deps: BotDeps): Promise<void> {
  if (!deps.roles.usesRoster || restored.has(deps.roles)) return;
  const roster = await getRoster(deps.store);
  if (roster) deps.roles.setRoster(roster.members.map((m) => m.id));
  restored.add(deps.roles);
}

/** Marks the directory as fed (after a fresh roster read). */
export function markRosterLoaded(deps: BotDeps): void {
  restored.add(deps.roles);
}

/**
 * Everyone who may be assigned a report: configured SLT ids (or the roster), plus the DSL and the
 * headteacher, named from the roster, names seen before, or config.
 */
export async function sltMembers(deps: BotDeps): Promise<SltMember[]> {
  const { people } = deps.config;
  const [roster, names] = await Promise.all([getRoster(deps.store), knownNames(deps.store)]);
  const rosterById = new Map((roster?.members ?? []).map((m) => [m.id, m]));
  const ids: string[] = [];
  const add = (id: string | undefined) => {
    if (id && !ids.includes(id)) ids.push(id);
  };
  if (people.sltIds.length > 0) people.sltIds.forEach(add);
  else roster?.members.forEach((m) => add(m.id));
  add(people.dsl.id);
  add(people.headteacher.id);
  const nameOf = (id: string): string =>
    rosterById.get(id)?.name ||
    names[id]?.name ||
    (id === people.dsl.id ? people.dsl.name : undefined) ||
    (id === people.headteacher.id ? people.headteacher.name : undefined) ||
    `SLT member …${id.slice(-6)}`;
  return ids
    .map((id) => ({ id, name: nameOf(id), mri: rosterById.get(id)?.mri ?? names[id]?.mri }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** Users whose Teams client refreshes the triage card automatically (Teams allows at most 60). */
export async function sltRefreshIds(deps: BotDeps): Promise<string[]> {
  return (await sltMembers(deps))
    .map((m) => m.mri)
    .filter((mri): mri is string => Boolean(mri))
    .slice(0, 60);
}
