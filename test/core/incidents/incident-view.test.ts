import { ForbiddenError, NotFoundError } from '../../../src/core/errors';
import {
  PLACEHOLDER_TEXT,
  sltChannelView,
  viewIncident,
} from '../../../src/core/incidents/incident-view';
import { addInformation } from '../../../src/core/incidents/report-service';
import { performTriageAction } from '../../../src/core/incidents/triage';
import { asPerson, dslActor, headteacher, otherStaff, slt, staff } from '../../support/actors';
import { aSubmittedIncident, testDeps } from '../../support/incident-fixtures';
import { NOW } from '../../support/report-answers';

async function busyIncident(type: 'pupil_contact' | 'staff_conduct') {
  const deps = testDeps();
  const incident = await aSubmittedIncident(deps, type);
  const leader = type === 'staff_conduct' ? headteacher : slt;
  let v = incident.version;
  const act = async (action: Parameters<typeof performTriageAction>[4]) => {
    v = (await performTriageAction(deps, leader, incident.id, v, action, NOW)).incident.version;
  };
  await act({ kind: 'assign', assignee: asPerson(leader) });
  await act({ kind: 'add_note', text: 'SLT-ONLY NOTE' });
  await act({ kind: 'escalate', target: 'police', reference: 'CRIME-REF-9' });
  await act({ kind: 'ask_reporter', text: 'Any more messages?' });
  await addInformation(deps, staff, incident.id, 'One more message arrived.');
  return { deps, incident };
}

describe('viewIncident: each person sees only what they may', () => {
  it('SLT get the full details and their buttons', async () => {
    const { deps, incident } = await busyIncident('pupil_contact');
    const view = await viewIncident(deps, dslActor, incident.id);
    expect(view.kind).toBe('details');
    if (view.kind !== 'details') return;
    expect(view.events.map((e) => e.kind)).toEqual([
      'created',
      'assigned',
      'note_added',
      'escalated',
      'question_asked',
      'info_added',
    ]);
    expect(view.allowedActions).toContain('close');
  });

  it('the reporter sees their account, additions and questions, never notes or escalations', async () => {
    const { deps, incident } = await busyIncident('pupil_contact');
    const view = await viewIncident(deps, staff, incident.id);
    expect(view.kind).toBe('reporter');
    if (view.kind !== 'reporter') return;
    expect(view.events.map((e) => e.kind)).toEqual(['question_asked', 'info_added']);
    const text = JSON.stringify(view);
    expect(text).not.toContain('SLT-ONLY NOTE');
    expect(text).not.toContain('CRIME-REF-9');
    expect(text).not.toContain(slt.name);
  });

  it('other staff are refused, whether or not the report exists', async () => {
    const { deps, incident } = await busyIncident('pupil_contact');
    await expect(viewIncident(deps, otherStaff, incident.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(viewIncident(deps, otherStaff, 'no-such-id')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(viewIncident(deps, slt, 'no-such-id')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('staff_conduct: SLT other than the headteacher get only a placeholder', async () => {
    const { deps, incident } = await busyIncident('staff_conduct');
    for (const leader of [slt, dslActor]) {
      const view = await viewIncident(deps, leader, incident.id);
      expect(view).toEqual({
        kind: 'placeholder',
        id: incident.id,
        reference: incident.reference,
        status: 'acknowledged',
        urgency: 'high',
        createdAt: incident.createdAt,
        version: 6,
        text: PLACEHOLDER_TEXT,
      });
    }
    const head = await viewIncident(deps, headteacher, incident.id);
    expect(head.kind).toBe('details');
  });

  it('the SLT channel card is a placeholder for confidential reports only', async () => {
    const deps = testDeps();
    const confidential = await aSubmittedIncident(deps, 'staff_conduct');
    const normal = await aSubmittedIncident(deps, 'data_breach');
    expect(sltChannelView(confidential).kind).toBe('placeholder');
    expect(JSON.stringify(sltChannelView(confidential))).not.toContain(confidential.report.account);
    expect(sltChannelView(normal)).toEqual({ kind: 'channel', incident: normal });
  });
});
