import { parsePolicyDocument } from '../../../src/core/policy';
import { PolicyLibrary } from '../../../src/core/policy/policy-library';
import { MAX_SCHOOL_WORD_LINES, SchoolWords } from '../../../src/core/policy/school-words';

const POLICY = parsePolicyDocument(
  'it.md',
  [
    '# IT Acceptable Use Policy',
    '',
    '## 3. Filtering',
    '',
    "3.1 Do not try to bypass the school's web filtering, for example with a VPN or proxy.",
    '',
    '## 4. Sending data',
    '',
    '4.1 Send sensitive attachments through the secure file-sharing service, never as ordinary email.',
    '',
    '## 5. Breaks',
    '',
    '5.1 Staff may check personal social media during breaks, away from pupils.',
  ].join('\n'),
);

function library(words?: string): PolicyLibrary {
  return PolicyLibrary.build(
    [POLICY],
    words === undefined ? {} : { schoolWords: SchoolWords.parse(words).words },
  );
}

describe("a school's own words", () => {
  it('lets a question in staff words find the passage the policy words it differently', () => {
    const question = 'Can I switch off Smoothwall with a VPN?';
    expect(library().answer(question).confidence).toBeLessThan(
      library('Smoothwall = web filtering').answer(question).confidence,
    );

    const answer = library('Smoothwall = web filtering').answer(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].section).toBe('3.1');
  });

  it('reads several staff words for one idea', () => {
    const lib = library('Egress, Galaxkey = secure file-sharing service');
    expect(lib.schoolWordCount).toBe(2);
    for (const q of ['Should I send it by Galaxkey?', 'Should I send it by Egress?']) {
      expect(lib.answer(q).confidence).toBeGreaterThan(library().answer(q).confidence);
      expect(lib.answer(q).citations[0]?.section).toBe('4.1');
    }
  });

  it('uses a multi-word staff phrase only when its words appear together, in order', () => {
    const plain = library();
    const lib = library('staff portal = secure file-sharing service');
    const together = 'Can I upload it to the staff portal?';
    expect(lib.answer(together).confidence).toBeGreaterThan(
      plain.answer(together).confidence + 0.3,
    );
    for (const apart of ['Is the portal for staff or pupils?', 'Can I upload it to the portal?']) {
      expect(lib.answer(apart)).toEqual(plain.answer(apart));
    }
  });

  it('changes nothing for questions that do not use the staff words', () => {
    const plain = library();
    const withWords = library('Smoothwall = web filtering');
    for (const q of [
      'Can I check Facebook at break?',
      'Can I email a spreadsheet of pupil data?',
    ]) {
      expect(withWords.answer(q)).toEqual(plain.answer(q));
    }
  });

  it('skips bad lines and says which line and why', () => {
    const text = [
      '\uFEFF# Words our staff use',
      'Smoothwall = web filtering',
      'just some words',
      'a = b = c',
      ' = filtering',
      'the = filtering',
      'Egress = the of',
      `${'x'.repeat(301)} = filtering`,
      '',
    ].join('\r\n');
    const { words, problems } = SchoolWords.parse(text);
    expect(words.size).toBe(1);
    expect(problems).toEqual([
      { line: 3, reason: 'expected one "=" between the staff words and the policy words' },
      { line: 4, reason: 'expected one "=" between the staff words and the policy words' },
      { line: 5, reason: 'both sides of "=" need at least one word' },
      { line: 6, reason: '"the" is too common a word to search for' },
      { line: 7, reason: 'the policy words are all too common to search for' },
      { line: 8, reason: 'line is longer than 300 characters' },
    ]);
  });

  it(`reads at most ${MAX_SCHOOL_WORD_LINES} lines`, () => {
    const lines = Array.from(
      { length: MAX_SCHOOL_WORD_LINES + 5 },
      (_, i) => `word${i} = filtering`,
    );
    const { words, problems } = SchoolWords.parse(lines.join('\n'));
    expect(words.size).toBe(MAX_SCHOOL_WORD_LINES);
    expect(problems).toEqual([
      {
        line: MAX_SCHOOL_WORD_LINES + 1,
        reason: `only the first ${MAX_SCHOOL_WORD_LINES} lines are read`,
      },
    ]);
  });

  it('reports lines whose policy words no loaded document uses', () => {
    const lib = library('Smoothwall = web filtering\nCPOMS, MyConcern = safeguarding log');
    expect(lib.unmatchedSchoolWords()).toEqual([
      { line: 2, reason: '"safeguarding log" does not appear in any policy document' },
    ]);
  });
});
