import { fixedClock } from '../../src/core/clock';
import type { Incident, IncidentStatus } from '../../src/core/incidents/incident';
import type { IncidentTypeId } from '../../src/core/incidents/incident-types';
import { submitReport, type ServiceDeps } from '../../src/core/incidents/report-service';
import type { Actor } from '../../src/core/people';
import { MemoryStore } from '../../src/infra/store/memory-store';
import { asPerson, headteacher, slt, staff } from './actors';
import { NOW, completedDraft } from './report-answers';

/** Captures log lines so tests can check what is (and is not) logged. */
export function recordingLog() {
  const lines: { level: 'info' | 'warn'; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    info: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'info', obj, msg }),
    warn: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', obj, msg }),
  };
}

export function testDeps(overrides: Partial<ServiceDeps> = {}) {
  const clock = fixedClock(NOW);
  const store = new MemoryStore(clock);
  const log = recordingLog();
  const deps: ServiceDeps & { store: MemoryStore; log: typeof log } = {
    store,
    log,
    clock,
    ...overrides,
  } as ServiceDeps & { store: MemoryStore; log: typeof log };
  return deps;
}

let counter = 0;

/** Submits a valid report of `type` through the real use case. */
export async function aSubmittedIncident(
  deps: ServiceDeps,
  type: IncidentTypeId = 'pupil_contact',
  reporter: Actor = staff,
): Promise<Incident> {
  counter += 1;
  const draft = completedDraft(type, `draft-${type}-${counter}`);
  const { incident } = await submitReport(deps, { reporter, draft, now: NOW });
  return incident;
}

/** An incident brought to `status` with store appends (not via triage, to keep tests independent). */
export async function anIncidentIn(
  deps: ServiceDeps,
  status: IncidentStatus,
  type: IncidentTypeId = 'pupil_contact',
): Promise<Incident> {
  let incident = await aSubmittedIncident(deps, type);
  const leader = asPerson(type === 'staff_conduct' ? headteacher : slt);
  const append = async (body: Parameters<MemoryStore['incidents']['append']>[3], by = leader) => {
    incident = (await deps.store.incidents.append(incident.id, incident.version, by, body, NOW))
      .incident;
  };
  if (status === 'acknowledged' || status === 'closed') await append({ kind: 'acknowledged' });
  if (status === 'closed') await append({ kind: 'closed', outcome: 'Dealt with.' });
  if (status === 'withdrawn') {
    await append({ kind: 'withdrawn', reason: 'Sorted it out myself.' }, asPerson(staff));
  }
  return incident;
}
