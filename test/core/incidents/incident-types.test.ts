import { ValidationError } from '../../../src/core/errors';
import {
  INCIDENT_TYPE_IDS,
  INCIDENT_TYPES,
  incidentType,
  speakToDslMessage,
  type IncidentTypeId,
} from '../../../src/core/incidents/incident-types';

describe('incident type catalogue', () => {
  it.each(INCIDENT_TYPE_IDS)('%s is complete and self-consistent', (id) => {
    const info = incidentType(id);
    expect(info.id).toBe(id);
    expect(info.label.length).toBeGreaterThan(3);
    expect(info.label.length).toBeLessThanOrEqual(60);
    expect(info.covers).toMatch(/\.$/);
    expect(info.handledBy.length).toBeGreaterThan(10);
    const ids = info.actionsChecklist.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ids) expect(a).toMatch(/^[a-z0-9_]+$/);
    if (id !== 'other') expect(info.guidance.length).toBeGreaterThan(0);
  });

  it.each([
    ['indecent_images', 'urgent', true, false, false],
    ['radicalisation', 'urgent', true, true, false],
    ['staff_conduct', 'high', false, true, true],
    ['parent_contact', 'low', false, true, false],
    ['pupil_contact', 'normal', false, true, false],
  ] as [IncidentTypeId, string, boolean, boolean, boolean][])(
    '%s: urgency %s, DSL first %p, evidence %p, confidential %p',
    (id, urgency, dslFirst, evidence, confidential) => {
      expect(INCIDENT_TYPES[id]).toMatchObject({
        defaultUrgency: urgency,
        speakToDslFirst: dslFirst,
        collectsEvidence: evidence,
        confidential,
      });
    },
  );

  it('indecent images guidance says not to view, copy or delete', () => {
    const text = INCIDENT_TYPES.indecent_images.guidance.join(' ');
    expect(text).toMatch(/in person/);
    for (const word of ['copy', 'screenshot', 'forward', 'print', 'delete'])
      expect(text).toContain(word);
  });

  it('data breach guidance mentions the ICO 72 hours', () => {
    expect(INCIDENT_TYPES.data_breach.guidance.join(' ')).toMatch(/72 hours.*ICO/);
  });

  it('an unknown id is a ValidationError, not a crash', () => {
    expect(() => incidentType('nope' as IncidentTypeId)).toThrow(ValidationError);
  });

  it('names the DSL from config when known', () => {
    expect(speakToDslMessage('Dana Lead')).toMatch(
      /^Speak to the designated safeguarding lead, Dana Lead, in person now/,
    );
    expect(speakToDslMessage('  ')).toMatch(
      /^Speak to the designated safeguarding lead \(DSL\) in person now/,
    );
    expect(speakToDslMessage()).toMatch(/999/);
  });
});
