import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { exportIncidentRecord, purgeExpired } from '../../core/incidents/records';
import type { BotDeps } from '../bot';
import { errorFields, friendlyMessage } from '../errors';
import { commandText, isPersonal, personOf } from '../turn';

/**
 * Admin record keeping, in a personal chat only (never in a channel others can read):
 * `record INC-2026-0042` sends one report's full record as a JSON file; `purge` explains what the
 * retention purge will remove and `purge confirm` runs it. The domain refuses non-admins and writes
 * every attempt to the audit log.
 */
const RECORD = /^record\s+(inc-\d{4}-\d{4,})$/;
/** Teams caps a bot message at about 28 KB: larger records arrive as several files. */
const PART_BYTES = 20_000;

export function registerAdminRecords(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (context) => {
      const text = commandText(context);
      return RECORD.test(text) || text === 'purge' || text === 'purge confirm';
    },
    async (context) => {
      if (!isPersonal(context)) {
        await context.sendActivity(
          'For privacy, record exports and purges only work in a personal chat with me.',
        );
        return;
      }
      const text = commandText(context);
      const actor = deps.roles.actor(personOf(context));
      try {
        const record = RECORD.exec(text);
        if (record) await sendRecord(deps, context, actor, record[1].toUpperCase());
        else if (text === 'purge') await explainPurge(deps, context, actor);
        else await runPurge(deps, context, actor);
      } catch (err) {
        deps.log.warn(
          { event: 'admin_records_refused', ...errorFields(err) },
          'admin command failed',
        );
        await context.sendActivity(friendlyMessage(err));
      }
    },
  );
}

async function sendRecord(
  deps: BotDeps,
  context: TurnContext,
  actor: ReturnType<BotDeps['roles']['actor']>,
  reference: string,
): Promise<void> {
  const record = await exportIncidentRecord(deps.store, actor, reference, deps.clock);
  const json = JSON.stringify(record, null, 2);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += PART_BYTES) chunks.push(json.slice(i, i + PART_BYTES));
  deps.log.info({ event: 'admin.record_exported', parts: chunks.length }, 'record exported');
  await context.sendActivity(
    `The full record of ${reference}: the original account and every event in order. Keep it secure and delete it when it is no longer needed.${chunks.length > 1 ? ` It is large, so it comes in ${chunks.length} parts: join them in order.` : ''}`,
  );
  for (const [i, chunk] of chunks.entries()) {
    const name =
      chunks.length === 1
        ? `${reference}.json`
        : `${reference}-part-${i + 1}-of-${chunks.length}.json`;
    await context.sendActivity({
      attachments: [
        {
          contentType: 'application/json',
          name,
          contentUrl: `data:application/json;base64,${Buffer.from(chunk, 'utf8').toString('base64')}`,
        },
      ],
    });
  }
}

async function explainPurge(
  deps: BotDeps,
  context: TurnContext,
  actor: ReturnType<BotDeps['roles']['actor']>,
): Promise<void> {
  if (!actor.roles.has('admin')) {
    // Same refusal and audit trail as the real purge.
    await purgeExpired(deps.store, actor, deps.config.retentionDays, deps.clock);
    return;
  }
  await context.sendActivity(
    `The retention period is ${deps.config.retentionDays} days. A purge permanently removes reports that are closed or withdrawn and have not changed for longer than that; open reports are always kept. It cannot be undone. Type **purge confirm** to go ahead.`,
  );
}

async function runPurge(
  deps: BotDeps,
  context: TurnContext,
  actor: ReturnType<BotDeps['roles']['actor']>,
): Promise<void> {
  const result = await purgeExpired(deps.store, actor, deps.config.retentionDays, deps.clock);
  deps.log.info(
    { event: 'admin.purged', count: result.purged.length, kept: result.kept },
    'retention purge',
  );
  await context.sendActivity(
    result.purged.length === 0
      ? `Nothing to purge: no closed report is older than the retention period (${result.kept} older report(s) kept because they are open or changed recently).`
      : `Purged ${result.purged.length} report(s) created before ${result.cutoff.slice(0, 10)}: ${result.purged.join(', ')}. ${result.kept} older report(s) kept. The purge is recorded in the audit log.`,
  );
}
