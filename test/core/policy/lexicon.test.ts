import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../src/core/policy/analyzer';
import { PolicyLibrary } from '../../../src/core/policy/policy-library';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

// Staff wording the sample policy never uses still finds the section that answers it, through the
// lexicon (src/core/policy/lexicon.ts); everyday non-policy questions are still declined.
const SAMPLE = 'staff-social-media-and-acceptable-use-policy.md';
const library = PolicyLibrary.build([
  parsePolicyDocument(SAMPLE, readFileSync(path.join(__dirname, '../../../policies', SAMPLE), 'utf8')),
]);

describe('staff wording in the lexicon', () => {
  it.each([
    // aunt -> niece/nephew, family
    ["I'm the aunt of a pupil, can we be friends on Facebook?", '3.4', 'relative or family friend'],
    // ECT -> staff, PGCE -> trainee
    ["I'm an ECT, does this policy apply to me?", '1.1', 'It applies to teachers'],
    ['Does the policy apply to PGCE students?', '1.1', 'trainees'],
    // unblock -> bypass the filter
    ['Can I unblock YouTube with a VPN?', '9.3', "bypass the school's web filtering"],
    // look after -> manage, whose relatives include the account administrators
    ['Who looks after the school Instagram page?', '7.1', 'two named staff administrators'],
    // camera roll -> images on a phone
    ['Can I keep class photos in my camera roll?', '5.2', 'Never keep images of pupils on personal phones'],
  ])('%s -> section %s first', (question, section, phrase) => {
    const answer = library.answer(question, { documentFileName: SAMPLE });
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].section).toBe(section);
    expect(answer.citations[0].excerpt).toContain(phrase);
  });

  it.each([
    'Where is the medical room?',
    "When are parents' evenings this term?",
    'What time does the school disco start?',
    'How do I request a new whiteboard?',
  ])('still declines "%s"', (question) => {
    expect(library.answer(question, { documentFileName: SAMPLE }).answered).toBe(false);
  });

  it('folds "my own X" into a personal X, and the head\'s into the headteacher', () => {
    expect(analyze('from my own email').terms).toEqual(['person', 'email']);
    expect(analyze("the head's permission").terms).toEqual(['headteach', 'permit']);
    expect(analyze('medical details').terms).toEqual(['sensit', 'data']);
  });
});
