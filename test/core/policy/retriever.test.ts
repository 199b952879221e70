import { detectIncident, INCIDENT_TOPIC_TERMS } from '../../../src/core/policy/incident-detector';
import { PassageIndex } from '../../../src/core/policy/retriever';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

/** A passage index over a small policy written for the test, sections separated by blank lines. */
function indexOf(fileName: string, blocks: string[]): PassageIndex {
  return new PassageIndex(parsePolicyDocument(fileName, blocks.join('\n\n')).passages);
}

/** The heading of the passage ranked first for a question. */
function topHeadingIn(index: PassageIndex): (question: string) => string | null | undefined {
  return (question) => index.rank(question).results[0]?.passage.heading;
}

// A sentence is judged with some credit for question words found elsewhere in its passage (the
// passage is its context). A long list names almost everything somewhere, so that credit must not
// let any one of its lines outscore a short clause whose own words say the same.
describe('passage context in a long list', () => {
  const items = [
    'Staff must not post anything about pupils on personal accounts.',
    'Staff must not share school logos.',
    'Staff must not accept pupils as friends.',
    'Staff must not use social media during lessons.',
    'Staff must not post confidential information.',
    'Staff must not criticise the school online.',
    'Staff must not post while drunk.',
    'Staff must not tag colleagues without asking.',
    'Staff must not share news before it is announced.',
    'Staff must not use a nickname on school accounts.',
    'Staff must not leave devices unlocked.',
    'Staff must not forward chain messages.',
    'Staff must not make jokes about parents.',
  ];
  const index = indexOf('conduct.md', [
    '# Conduct',
    '## 4. Jokes',
    '4.1 Staff who make jokes about parents face disciplinary action. This applies to anything posted online.',
    '## 7. Unacceptable use',
    `7.1 ${items.join(' ')}`,
  ]);

  it("scores the short clause's sentence above the long passage's matching line", () => {
    const { results } = index.rank('Can I make jokes about parents online?');
    const best = (section: string) => {
      const r = results.find((x) => x.passage.section === section);
      return r ? r.segmentScores[r.bestSegment] : 0;
    };
    expect(best('4.1')).toBeGreaterThan(best('7.1'));
  });
});

// "As head, what do I do if ...?": the asker's own role is whose list of duties answers, even though
// a list of duties for another group is usually the wrong rule for a member of staff.
describe("the asker's own role", () => {
  const index = indexOf('roles.md', [
    '# Online conduct policy',
    '## Role of staff',
    '- Be aware that governors will take disciplinary action if any member of staff breaches this policy.',
    '- Keep their privacy settings under review.',
    '## Role of the Headteacher',
    '- Take disciplinary action under the disciplinary procedure if any employee breaches this policy.',
    '## Role of governors',
    '- Review this policy every two years.',
  ]);
  const topHeading = topHeadingIn(index);

  it("puts the head's duties first when the head asks", () => {
    expect(topHeading('As head, what am I meant to do if a teacher breaks the policy?')).toBe(
      'Role of the Headteacher',
    );
  });

  it('keeps staff duties first when a member of staff asks', () => {
    expect(topHeading('What am I meant to do if a teacher breaks the policy?')).toBe(
      'Role of staff',
    );
  });
});

// A long story is full of incidental detail (the trip, the coach, lunch); the kind of incident it
// describes says more about which rule helps than any one of those words.
describe('the incident a long story describes', () => {
  const index = indexOf('trips.md', [
    '# Staff conduct policy',
    '## 3. Educational visits',
    '3.1 On museum trips staff keep their phones on at lunch.',
    '## 5. Contact with pupils',
    '5.1 If a pupil tries to follow or contact you on a personal account, do not accept; tell the safeguarding lead.',
  ]);

  it('ranks the rule on pupil contact above the passage sharing the most incidental words', () => {
    const story =
      'Yesterday on the way back from the museum a Year 5 boy on the coach followed me on TikTok from his phone during lunch';
    const type = detectIncident(story);
    expect(type).toBe('pupil_contact');
    const { results } = index.rank(story, undefined, INCIDENT_TOPIC_TERMS[type!]);
    expect(results[0].passage.section).toBe('5.1');
  });
});

// A person named only in a list of people ("colleagues, parents, pupils or governors") is not what
// the sentence is about; a sentence about that person answers a question about them.
describe('people named in a list', () => {
  const index = indexOf('contact.md', [
    '# Social media guidance',
    '## Online conduct',
    '- Never post unkind remarks on Facebook about the school, colleagues, parents, pupils or governors.',
    '- Check your privacy settings each term.',
    '## Families',
    '- Decline friend requests from parents and tell your line manager.',
  ]);
  const topHeading = topHeadingIn(index);

  it('prefers the sentence about parents to a list that names them', () => {
    expect(topHeading("Should I accept a Facebook friend request from a pupil's dad?")).toBe(
      'Families',
    );
  });
});

// "Am I allowed to ...?" is answered by the sentence that says what is permitted and on what terms,
// not by a warning that happens to share more of the question's words.
describe('a permission question', () => {
  const index = indexOf('ict.md', [
    '# ICT policy',
    '## Staff computers',
    'Personal use of school computers is permitted provided that no pupils are present.',
    '## Personal use',
    'Staff should be aware that personal use of school computers, such as online banking, can put personal details where parents could see them.',
  ]);

  it('puts the sentence saying what is permitted first', () => {
    const { results } = index.rank(
      'Am I allowed to do some online shopping on the school computers?',
    );
    expect(results[0].passage.heading).toBe('Staff computers');
  });
});

// The passage on what to do about an incident may share no words with the story; it must still be
// considered, or it can never be offered.
describe('passages about the incident told', () => {
  const rules = Array.from(
    { length: 24 },
    (_, i) =>
      `## Rule ${i + 1}\n\nStaff must not post photos of pupils on Instagram from lesson ${i + 1}.`,
  );
  const index = indexOf('many.md', [
    '# Conduct',
    ...rules,
    '## Reporting',
    'Anyone who suspects a breach must alert the headteacher.',
  ]);

  it('includes the reporting passage among the candidates for a conduct story', () => {
    const story = 'A colleague keeps posting photos of pupils on her Instagram';
    const type = detectIncident(story);
    expect(type).toBe('staff_conduct');
    const { results } = index.rank(story, undefined, INCIDENT_TOPIC_TERMS[type!]);
    expect(results.map((r) => r.passage.heading)).toContain('Reporting');
  });
});

// "Is WhatsApp covered, or is it just Facebook?": the alternative the asker sets against the question
// is not what they ask about.
describe('a contrast in a scope question', () => {
  const index = indexOf('scope.md', [
    '# Social media policy',
    '## Sites',
    'This policy covers social media sites such as Facebook, Instagram and TikTok.',
    '## Messaging',
    'Messaging apps such as WhatsApp are covered as well.',
  ]);
  const topHeading = topHeadingIn(index);

  it('finds the sentence about what is asked, not about the contrast', () => {
    expect(topHeading('Is WhatsApp covered by this, or is it just Facebook and Instagram?')).toBe(
      'Messaging',
    );
  });
});
