import fc from 'fast-check';
import { DomainError } from '../../../src/core/errors';
import { INCIDENT_TYPE_IDS } from '../../../src/core/incidents/incident-types';
import {
  FIELD,
  LIMITS,
  WIZARD_ACTIONS,
  WIZARD_STEPS,
  next,
  startDraft,
  toReport,
  type ReportDraft,
  type WizardInput,
} from '../../../src/core/incidents/report-wizard';
import { NOW } from '../../support/report-answers';

const fieldIds = Object.values(FIELD);
const anyValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ maxLength: LIMITS.account + 10 }),
  fc.constantFrom(
    ...INCIDENT_TYPE_IDS,
    'yes',
    'no',
    'true',
    '2026-11-16',
    '21:15',
    'current_pupil',
    '',
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
  fc.object({ maxDepth: 1 }),
);
const values = fc.oneof(
  fc.dictionary(fc.constantFrom(...fieldIds, '__proto__', 'constructor', 'junk'), anyValue),
  anyValue,
);
const input = fc.record(
  {
    action: fc.oneof(fc.constantFrom(...WIZARD_ACTIONS), fc.string({ maxLength: 8 })),
    step: fc.constantFrom(...WIZARD_STEPS),
    target: fc.constantFrom(...WIZARD_STEPS),
    values,
  },
  { requiredKeys: ['action'] },
);

describe('report wizard under random card posts', () => {
  it('never throws, and any report it produces passes full validation', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...INCIDENT_TYPE_IDS), { nil: undefined }),
        fc.array(input, { maxLength: 25 }),
        (type, inputs) => {
          let draft: ReportDraft = startDraft({ id: 'prop', now: NOW, type });
          for (const i of inputs) {
            // Follow the live step half the time so runs get deep into the flow.
            const posted = { ...i, step: i.step === 'review' ? draft.step : i.step } as WizardInput;
            const r = next(draft, posted, { now: NOW });
            expect(r.step).toBe(r.draft.step);
            if (r.status === 'ready') {
              expect(toReport(r.draft, { now: NOW })).toEqual(r.report);
            }
            if (r.status === 'cancelled') return;
            draft = r.draft;
            expect(JSON.parse(JSON.stringify(draft))).toEqual(draft);
          }
          try {
            const report = toReport(draft, { now: NOW });
            expect(report.account.length).toBeLessThanOrEqual(LIMITS.account);
            if (report.type === 'indecent_images')
              expect(report.evidence).toEqual({ kept: 'not_collected' });
          } catch (err) {
            expect(err).toBeInstanceOf(DomainError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
