import { ForbiddenError } from '../../../src/core/errors';
import {
  assertAdmin,
  assertCanAct,
  assertCanSeeDetails,
  canAct,
  canSeeDetails,
  canView,
} from '../../../src/core/incidents/access';
import type { IncidentTypeId } from '../../../src/core/incidents/incident-types';
import { ACTORS, asPerson, staff, type ActorName } from '../../support/actors';
import { aReport } from '../../support/incident-mother';

const incidentOf = (type: IncidentTypeId) => ({
  reporter: asPerson(staff),
  report: aReport({ type }),
});

// [actor, type, canView, canSeeDetails, canAct]; `staff` is the reporter of every incident here.
const TABLE: [ActorName, IncidentTypeId, boolean, boolean, boolean][] = [
  ['staff', 'online_abuse', true, true, false],
  ['otherStaff', 'online_abuse', false, false, false],
  ['admin', 'online_abuse', false, false, false],
  ['slt', 'online_abuse', true, true, true],
  ['dsl', 'online_abuse', true, true, true],
  ['headteacher', 'online_abuse', true, true, true],
  ['staff', 'staff_conduct', true, true, false],
  ['otherStaff', 'staff_conduct', false, false, false],
  ['admin', 'staff_conduct', false, false, false],
  ['slt', 'staff_conduct', true, false, false],
  ['dsl', 'staff_conduct', true, false, false],
  ['headteacher', 'staff_conduct', true, true, true],
];

describe('access rules', () => {
  it.each(TABLE)('%s on %s: view %p, details %p, act %p', (who, type, view, details, act) => {
    const actor = ACTORS[who];
    const incident = incidentOf(type);
    expect(canView(actor, incident)).toBe(view);
    expect(canSeeDetails(actor, incident)).toBe(details);
    expect(canAct(actor, incident)).toBe(act);
    if (act) expect(() => assertCanAct(actor, incident)).not.toThrow();
    else expect(() => assertCanAct(actor, incident)).toThrow(ForbiddenError);
    if (details) expect(() => assertCanSeeDetails(actor, incident)).not.toThrow();
    else expect(() => assertCanSeeDetails(actor, incident)).toThrow(ForbiddenError);
  });

  it.each([
    ['admin', false],
    ['staff', true],
    ['slt', true],
    ['headteacher', true],
  ] as [ActorName, boolean][])('admin commands: %s refused %p', (who, refused) => {
    const attempt = () => assertAdmin(ACTORS[who]);
    if (refused) expect(attempt).toThrow(ForbiddenError);
    else expect(attempt).not.toThrow();
  });
});
