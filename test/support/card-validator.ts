/**
 * Checks a card the bot sends with Microsoft's own Adaptive Cards SDK, the way a client parses it:
 * unknown element or action types, invalid property values (a style or colour Teams does not know),
 * inputs that cannot work (a choice set with no choices, duplicate ids), a version Teams cannot
 * show, and Action.Execute verbs no handler knows. Teams shows an invalid card as an error or drops
 * the bad parts, so the harness checks every card a conversation test receives.
 */
import { VERBS } from '../../src/teams/verbs';

type AdaptiveCardsSdk = typeof import('adaptivecards');
// The package's lib/ is ESM with extensionless imports that Node cannot load; its UMD bundle works.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsSdk;

/** Teams renders schema 1.5 in chats and channels (mobile included). */
const TEAMS_CARD_VERSION = '1.5';
/** Teams' host configuration allows six actions in a row (the SDK's default is five). */
const TEAMS_HOST = new AC.HostConfig({ actions: { maxActions: 6 } });
const KNOWN_VERBS = new Set<string>(Object.values(VERBS));

const named = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** Inputs without a label (a toggle's title is its label): a screen reader announces an unnamed field. */
function unlabelledInputs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) unlabelledInputs(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const isInput = typeof o.type === 'string' && o.type.startsWith('Input.');
    if (isInput && !named(o.label) && !(o.type === 'Input.Toggle' && named(o.title))) {
      out.push(String(o.id ?? o.type));
    }
    for (const v of Object.values(o)) unlabelledInputs(v, out);
  }
  return out;
}

function executeVerbs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) executeVerbs(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(String(o.verb));
    for (const v of Object.values(o)) executeVerbs(v, out);
  }
  return out;
}

/** Everything a client would object to in this card; empty when it is valid. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = card as Record<string, unknown> | undefined;
  if (!json || json.type !== 'AdaptiveCard') return ['not an AdaptiveCard'];
  if (json.version !== TEAMS_CARD_VERSION)
    problems.push(`version ${String(json.version)}, not ${TEAMS_CARD_VERSION}`);
  const parsed = new AC.AdaptiveCard();
  parsed.hostConfig = TEAMS_HOST;
  const context = new AC.SerializationContext();
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  for (const id of unlabelledInputs(json)) problems.push(`input "${id}" has no label`);
  for (const verb of executeVerbs(json)) {
    if (!KNOWN_VERBS.has(verb)) problems.push(`Action.Execute verb "${verb}" has no handler`);
  }
  return problems;
}

export function expectValidCard(card: unknown, where: string): void {
  const problems = cardProblems(card);
  if (problems.length) {
    throw new Error(
      `The bot sent an invalid Adaptive Card (${where}):\n- ${problems.join('\n- ')}`,
    );
  }
}
