import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../../src/core/clock';
import { NotFoundError, ValidationError } from '../../../src/core/errors';
import { analyze } from '../../../src/core/policy/analyzer';
import { MAX_EXCERPT_CHARS } from '../../../src/core/policy/excerpt';
import { PolicyLibrary } from '../../../src/core/policy/policy-library';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

const SAMPLE = 'staff-social-media-and-acceptable-use-policy.md';
const sample = parsePolicyDocument(
  SAMPLE,
  readFileSync(path.join(__dirname, '../../../policies', SAMPLE), 'utf8'),
);
const fixture = parsePolicyDocument(
  'numbered.txt',
  readFileSync(path.join(__dirname, '../../fixtures/policies/numbered-with-bookmarks.txt'), 'utf8'),
);
const library = PolicyLibrary.build([sample, fixture]);
const inSample = { documentFileName: SAMPLE, clock: fixedClock('2026-01-15T09:00:00Z') };

/** A one-document library from a small policy written in the test, one paragraph per line. */
const libraryFrom = (fileName: string, lines: readonly string[], separator = '\n\n') =>
  PolicyLibrary.build([parsePolicyDocument(fileName, lines.join(separator))]);

describe('answering staff questions from the sample policy', () => {
  it.each([
    ['Can I check Facebook at lunch?', '2.5', 'only during breaks'],
    ['A former student who is 17 wants to follow me on Instagram, is that ok?', '3.2', 'until they are 19 or older'],
    ['Can I give a parent my mobile number?', '4.1', 'Do not give parents your personal mobile number'],
    ['Someone is trolling me on Twitter because of my job, what should I do?', '6.1', 'do not reply or retaliate'],
    ['A reporter phoned me about the school, what do I say?', '11.1', 'do not comment'],
    ['I emailed a report to the wrong parent by mistake', '8.3', 'report it to the Data Protection Officer'],
    ['Can I use a VPN to get round the filter?', '9.3', 'bypass the school'],
    ['Where can I keep photos of my class?', '5.2', 'Never keep images of pupils on personal phones'],
  ])('%s -> section %s', (question, section, phrase) => {
    const answer = library.answer(question, inSample);
    expect(answer.answered).toBe(true);
    const sections = answer.citations.map((c) => c.section);
    expect(sections.slice(0, 3)).toContain(section);
    const cited = answer.citations.find((c) => c.section === section);
    expect(cited?.excerpt).toContain(phrase);
  });

  it('cites document, section and heading, key sentence first, and review dates', () => {
    const answer = library.answer('Can I check Facebook at lunch?', inSample);
    const [first] = answer.citations;
    expect(first).toMatchObject({
      document: 'Staff Social Media and Acceptable Use Policy',
      fileName: SAMPLE,
      section: '2.5',
      heading: 'Your personal social media',
      review: { lastReviewed: 'September 2025', nextReview: 'September 2027', mayBeOutOfDate: false },
    });
    expect(first.fullText).toContain('Do not use personal social media in lessons');
    expect(answer.keySentence).toMatch(/^You may use your own phone to check social media only during breaks/);
    expect(answer.suggestedReport).toBeNull();
    expect(answer.citations.length).toBeLessThanOrEqual(3);
  });

  it('quotes at most 600 characters, around the matching sentence rather than the start', () => {
    const long = parsePolicyDocument(
      'long.txt',
      [
        'Long Policy',
        '',
        '1.0 Everything',
        '',
        `1.1 ${'Staff must read the handbook carefully and follow its general rules. '.repeat(12)}If a pupil sends you a friend request on Snapchat, decline it and tell the safeguarding lead. ${'Other general guidance appears here for completeness. '.repeat(8)}`,
      ].join('\n'),
    );
    const lib = PolicyLibrary.build([long]);
    const answer = lib.answer('A pupil sent me a friend request on Snapchat');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(answer.citations[0].excerpt).toContain('decline it and tell the safeguarding lead');
  });

  it('keeps every excerpt within the card limit', () => {
    for (const q of ['What are the rules for school social media accounts?', 'What should I do about online abuse?']) {
      for (const c of library.answer(q, inSample).citations) {
        expect(c.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
      }
    }
  });
});

describe('saying plainly when the policy does not cover a question', () => {
  it.each([
    'How many days of annual leave do I get?',
    'When is the Christmas concert?',
    'How do I claim mileage for a school trip?',
    // Everyday school questions that happen to use words the policy uses (school, day, colleague).
    'What time does the school day finish on Fridays?',
    'Can I bring my dog into school?',
    'Can I swap my lunch duty with a colleague?',
  ])('%s', (question) => {
    const answer = library.answer(question, inSample);
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.notCovered).toEqual({
      message: "Our policy doesn't cover that.",
      whoToAsk: 'your line manager or the Designated Safeguarding Lead (DSL)',
      offerSendToSlt: true,
    });
  });

  it('still answers a question about the policy subject in words the policy never uses', () => {
    const answer = library.answer('A mate tagged me in a dodgy photo online, is that my problem?', inSample);
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.section)).toContain('5.3');
  });

  // A passage about passwords that states no interval or length does not answer "how often" or
  // "how many characters", however well its words match; the same question is answered once it does.
  describe('how-many and how-often questions need a number, a frequency or a period', () => {
    const PASSWORDS = [
      '# Passwords',
      '## 9. Passwords and accounts',
      '9.1 Staff must keep their school network password private and must never share their password with colleagues or pupils.',
      '9.2 Lock your screen when you leave a school computer or laptop unattended, and log out of shared devices.',
    ];
    const withInterval = [...PASSWORDS, '9.3 School network passwords must be changed every term and be at least 12 characters long.'];
    const without = libraryFrom('passwords.md', PASSWORDS);
    const withIt = libraryFrom('passwords.md', withInterval);

    it.each([
      'How often do we have to change our school network passwords?',
      'How many characters does my school network password need?',
      'What is the minimum number of characters for a school network password?',
    ])('%s', (question) => {
      expect(without.answer(question).answered).toBe(false);
      const answer = withIt.answer(question);
      expect(answer.answered).toBe(true);
      expect(answer.citations[0].excerpt).toContain('every term');
    });

    it('still answers other questions about the same passage', () => {
      expect(without.answer('Can I share my school network password with a colleague?').answered).toBe(true);
    });

    it('answers "how much is acceptable?" from a passage that draws the line in words, not a number', () => {
      const personalUse = libraryFrom('personal-use.md', [
        '# Personal use',
        '## 3. Social media at work',
        '3.1 Staff may make reasonable personal use of social media on their own devices during breaks.',
        '3.2 Excessive personal use in working time may be treated as a disciplinary matter.',
      ]);
      const answer = personalUse.answer("How much personal social media use is acceptable while I'm at work?");
      expect(answer.answered).toBe(true);
      expect(answer.citations[0].excerpt).toMatch(/reasonable personal use|Excessive personal use/);
    });

    it('declines "what is the password?": a policy states rules, not the value asked for', () => {
      expect(withIt.answer("What's the school network password?").answered).toBe(false);
      const helpdesk = libraryFrom('helpdesk.md', [...PASSWORDS, '9.4 The IT helpdesk phone number for password resets is extension 2450.']);
      expect(helpdesk.answer("What's the IT helpdesk phone number?").answered).toBe(true);
    });

    it('declines an IT how-to ("how do I reset my password?") unless a passage names the task', () => {
      expect(withIt.answer('How do I reset my school network password?').answered).toBe(false);
      const helpdesk = libraryFrom('helpdesk.md', [...PASSWORDS, '9.4 To reset your school network password, phone the IT helpdesk on extension 2450.']);
      expect(helpdesk.answer('How do I reset my school network password?').citations[0].excerpt).toContain('phone the IT helpdesk');
    });

    it('declines "how do I connect my laptop to the board?" when the rules name connecting but not the board', () => {
      const network = libraryFrom('network.md', [
        '# Network',
        '## 4. Devices',
        '4.1 Staff must not connect any personal device to the school network without approval from the network manager.',
        '4.2 School laptops must be locked when left unattended.',
      ]);
      expect(network.answer('How do I connect my laptop to the interactive whiteboard?').answered).toBe(false);
      expect(network.answer('How do I connect my own tablet to the school network?').answered).toBe(true);
    });

    it('declines "I lost my school laptop, what now?" when no passage speaks of anything lost, unless data was on it', () => {
      const devices = libraryFrom('devices.md', [
        '# Devices',
        '## 4. School laptops',
        '4.1 School laptops must be locked when left unattended and carried in a case between sites.',
        '4.2 Personal data taken off site on any device or memory stick must be encrypted.',
      ]);
      expect(devices.answer('I think I left my school laptop on the bus and it got nicked, what do I do?').answered).toBe(false);
      expect(devices.answer('Lost my memory stick with pupil data on it, not encrypted, what do I do?').answered).toBe(true);
      const reporting = libraryFrom('devices.md', [
        '# Devices',
        '## 4. School laptops',
        '4.1 A lost or stolen school laptop must be reported to the business manager the same day.',
      ]);
      expect(reporting.answer('I think I left my school laptop on the bus and it got nicked, what do I do?').answered).toBe(true);
    });
  });

  // "Does someone need to be told?" asks whom to tell: the sentence naming who is notified comes before other rules.
  it('puts the whom-to-tell sentence first among the rules when asked whether someone needs to be told', () => {
    const family = libraryFrom('family.md', [
      '# Family',
      '## 6. Relatives who are pupils',
      '6.1 Staff who are friends on social media with a pupil who is a relative should keep contact to family matters and never discuss school on Facebook.',
      '6.2 Staff must notify the headteacher of any family relationship with a pupil.',
      '6.3 Staff must not be friends with pupils on social media.',
    ]);
    const answer = family.answer('My nephew is in Year 4 here and we are friends on Facebook. Does someone need to be told?');
    const sections = answer.citations.map((c) => c.section);
    expect(sections.indexOf('6.2')).toBeGreaterThanOrEqual(0);
    expect(sections.indexOf('6.2')).toBeLessThan(sections.indexOf('6.3'));
  });

  // "What will the school actually do?" asks what the school undertakes for its staff, not the rule someone broke.
  it('answers "what will the school actually do about it?" with what the school undertakes to do', () => {
    const support = libraryFrom('support.md', [
      '# Social media',
      '## 3. Staff and parents',
      '3.1 Staff must not contact parents through personal social media or discuss school matters with parents on Facebook.',
      '3.2 The school will support staff who receive abusive comments online and will report serious cases to the police.',
      '3.3 Parents should raise concerns through the school office.',
    ]);
    const answer = support.answer('A parent keeps slagging me off on a village Facebook group. What will the school actually do about it?');
    expect(answer.citations[0].section).toBe('3.2');
  });

  // Files and folders on the school system are part of acceptable use, like email and devices.
  it('counts a question about files, folders or the school page as on the policy\'s subject', () => {
    const { features } = library.assess('Who sorts it out when a folder I need for marking will not open?');
    expect(features.onSubject).toBe(true);
    expect(library.assess('How fast must we reply to a complaint left on the school page?').features.onSubject).toBe(true);
    expect(library.assess('Who do I ask about the staff car park?').features.onSubject).toBe(false);
  });

  it("counts unfriending or unfollowing someone as on the policy's subject", () => {
    expect(library.assess('My nephew is in Year 3 now. Do I have to unfriend him?').features.onSubject).toBe(true);
    expect(library.assess('Should I unfollow the parents from my old school?').features.onSubject).toBe(true);
  });

  // "Who is our data protection officer?" is not answered by a passage about data protection that
  // never names the officer; it is once the policy names the role.
  describe('a who-is question about a role needs a passage that names that role', () => {
    const DATA = [
      '# Data protection',
      '## 4. Personal data',
      '4.1 Staff must protect personal data about pupils and parents and must not share it on social media or by personal email.',
      '4.2 Report a lost laptop or a data breach to the headteacher on the same day.',
    ];
    const named = [...DATA, '4.3 Our data protection officer is Ms Okafor, who advises staff on data protection questions.'];
    const without = libraryFrom('data.md', DATA);
    const withIt = libraryFrom('data.md', named);

    it('declines when the role is never named and answers once it is', () => {
      expect(without.answer('Who is our data protection officer?').answered).toBe(false);
      const answer = withIt.answer('Who is our data protection officer?');
      expect(answer.answered).toBe(true);
      expect(answer.citations[0].excerpt).toContain('Ms Okafor');
    });

    it('still answers who-is-responsible questions about the same passages', () => {
      expect(without.answer('Who do I report a data breach to?').answered).toBe(true);
    });
  });

  // "What are the password rules for laptops?" is not answered by a passage about online security that
  // never mentions passwords; it is once the policy has a passage on them.
  describe('a question about the rules on a topic needs a passage that names the topic', () => {
    const SECURITY = [
      '# Online security',
      '## 3. Staying safe online',
      '3.1 Staff must be careful what information they post about themselves on school laptops and social media, due to security risks.',
      '3.2 The school monitors its IT systems for inappropriate use.',
    ];
    const without = libraryFrom('security.md', SECURITY);
    const withIt = libraryFrom('security.md', [...SECURITY, '3.3 Passwords for school laptops must be at least 12 characters and kept private.']);

    it('declines when the topic is never named and answers once it is', () => {
      expect(without.answer('What are the password rules for school laptops?').answered).toBe(false);
      const answer = withIt.answer('What are the password rules for school laptops?');
      expect(answer.answered).toBe(true);
      expect(answer.citations[0].excerpt).toContain('12 characters');
    });

    it('still answers other questions about the same passages', () => {
      expect(without.answer('Can I post about myself on a school laptop?').answered).toBe(true);
    });
  });

  it('lets the school say who to ask', () => {
    const lib = PolicyLibrary.build([sample], { whoToAsk: 'Mrs Patel (DSL)' });
    expect(lib.answer('What is the dress code?').notCovered?.whoToAsk).toBe('Mrs Patel (DSL)');
  });

  it('abstains when no policies are loaded', () => {
    expect(PolicyLibrary.build([]).answer('Can I use Facebook at lunch?').answered).toBe(false);
  });
});

describe('report suggestions on answers', () => {
  it('offers the incident type for an incident and none for a rules question', () => {
    expect(library.answer('A year 9 girl added me on Instagram, can I accept?', inSample).suggestedReport).toBe('pupil_contact');
    expect(library.answer('Can I use Instagram at lunch?', inSample).suggestedReport).toBeNull();
  });
});

describe('out-of-date policies', () => {
  it('flags citations from a policy whose next review date has passed', () => {
    const answer = library.answer('Can I accept a follow request from a pupil at another school?', {
      documentFileName: 'numbered.txt',
      clock: fixedClock('2026-03-01T00:00:00Z'),
    });
    expect(answer.citations[0].review).toEqual({
      lastReviewed: '03/10/2024',
      nextReview: 'Autumn 2025',
      mayBeOutOfDate: true,
    });
  });

  it('does not flag it while the review is still due', () => {
    const answer = library.answer('Can I accept a follow request from a pupil at another school?', {
      documentFileName: 'numbered.txt',
      clock: fixedClock('2025-11-01T00:00:00Z'),
    });
    expect(answer.citations[0].review?.mayBeOutOfDate).toBe(false);
  });
});

describe('related sections', () => {
  const internet = parsePolicyDocument(
    'internet.md',
    [
      '# Staff Internet Policy',
      '## 1. Monitoring',
      '1.1 The school monitors the use of its network and may investigate the websites staff visit during working hours.',
      '## 2. Personal use',
      '2.1 Staff may browse websites for personal use during breaks, provided the sites are appropriate.',
      '## 3. Passwords',
      '3.1 Keep your network password private and change it every term.',
    ].join('\n\n'),
  );
  const lib = PolicyLibrary.build([internet]);

  it('links a section that answers part of the question under the one quoted', () => {
    const answer = lib.answer('Does the school monitor the websites I visit on my break?');
    expect(answer.citations.map((c) => c.section)).toEqual(['1.1', '2.1']);
  });

  it('does not link a section that shares no part of the question', () => {
    const answer = lib.answer('Does the school monitor the websites I visit on my break?');
    expect(answer.citations.map((c) => c.section)).not.toContain('3.1');
  });
});

describe('word forms staff use that the policy spells differently', () => {
  const doc = parsePolicyDocument(
    'forms.md',
    [
      '# Staff ICT Policy',
      '## 1. Security',
      '1.1 Staff must keep anti-virus software switched on on school laptops at all times.',
      '1.2 Laptops must be locked when left unattended.',
      '## 2. Conduct',
      '2.1 Content that amounts to discrimination will be treated as misconduct.',
      '2.2 Swearing in front of pupils damages the professionalism of staff.',
      '2.3 Swearing at colleagues may be treated as bullying.',
      '## 3. Printing',
      '3.1 Printing in colour is for display work and must be approved.',
    ].join('\n\n'),
  );
  // A toy document scores lower than a real policy; this is about which section is found.
  const lib = PolicyLibrary.build([doc], { abstainBelow: 0 });

  it.each([
    ['Can I post something discriminatory?', '2.1'],
    ['Is swearing unprofessional?', '2.2'],
  ])('%s -> %s', (question, section) => {
    const answer = lib.answer(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].section).toBe(section);
  });

  it('reads a hyphenated word and its joined spelling as the same word', () => {
    expect(analyze('keep anti-virus on').terms).toContain(analyze('antivirus').terms[0]);
    expect(analyze('keep anti-virus on').terms).toEqual(expect.arrayContaining(analyze('anti virus').terms));
  });
});

describe('what a question describes without naming it', () => {
  it('answers "do I have to watch a clip before I show it?" with the rule on previewing, not on what may be shown', () => {
    const internet = [
      '# Internet use in lessons',
      '1.1 Staff must not show inappropriate websites or online content to pupils on any device.',
      '1.2 Staff should preview websites and online resources before using them in lessons.',
      '1.3 Staff must not search for images through open search engines with pupils.',
      '1.4 Staff must report any unsuitable website to the IT team.',
    ];
    const answer = libraryFrom('internet.txt', internet).answer(
      'Do I have to watch a YouTube clip all the way through before I show it to my class?',
    );
    expect(answer.citations[0].section).toBe('1.2');
  });

  it('reads "do I have to say something?" as asking whom to tell, and cites the rule on telling the head', () => {
    const conduct = [
      '# Social media',
      '1.1 Staff must think carefully before posting on Instagram or other social media.',
      '1.2 Staff must alert the headteacher where a breach of this policy by another employee is suspected.',
      '1.3 Staff should keep their profiles private.',
    ];
    const answer = libraryFrom('conduct.txt', conduct).answer(
      'A colleague keeps posting about the kids on Instagram. Do I have to say something?',
    );
    expect(answer.citations.map((c) => c.section)).toContain('1.2');
    const supposed = libraryFrom('conduct.txt', conduct).answer(
      'A colleague keeps posting about the kids on Instagram. Am I supposed to tell someone?',
    );
    expect(supposed.citations[0].section).toBe('1.2');
  });

  it('reads "who sorts my permissions out?" as asking who changes access permissions', () => {
    const access = [
      '# Access',
      '1.1 All users will have clearly defined access rights to school systems.',
      '1.2 Staff who need their access permissions changed should contact the school Business Manager.',
      '1.3 Staff must lock their screens when away from their desks.',
    ];
    // A toy document scores lower than a real policy; this is about which section is found.
    const lib = PolicyLibrary.build([parsePolicyDocument('access.txt', access.join('\n\n'))], { abstainBelow: 0 });
    const answer = lib.answer("I can't open a folder on the shared drive, who sorts my permissions out?");
    expect(answer.citations[0].section).toBe('1.2');
  });
});

describe('quoting a long section', () => {
  const filler = [
    'Staff should lock their screens when they leave a classroom.',
    'Printers are serviced each half term by the site team.',
    'Interactive whiteboards must be switched off at the end of the day.',
    'Visitors sign in at reception and wear a lanyard at all times.',
    'The library is open to staff before registration on weekdays.',
    'Laminators may only be used in the staff workroom.',
  ];
  const long = parsePolicyDocument(
    'long.md',
    [
      '# Staff Conduct Policy',
      '## 4. Everyday expectations',
      [
        'Staff must:',
        '- never share their school password with pupils or colleagues',
        ...filler.map((f) => `- ${f.charAt(0).toLowerCase()}${f.slice(1)}`),
        ...filler.map((f) => `- remember that ${f.charAt(0).toLowerCase()}${f.slice(1)}`),
        '- change their school password straight away if they think someone else knows it',
      ].join('\n'),
    ].join('\n\n'),
  );

  it('quotes the sentences that answer the question even when they are far apart', () => {
    const answer = PolicyLibrary.build([long]).answer('What if someone else knows my school password?');
    const excerpt = answer.citations[0].excerpt;
    expect(excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt).toContain('change their school password straight away');
    expect(excerpt).toContain('never share their school password');
    expect(excerpt).toContain('...');
  });
});

describe('sub-items, refusals, frequencies and definitions', () => {
  const ROLES = [
    '# Roles',
    '## Role of the Governing Board',
    'The Governing Board has:',
    '- approved this policy and the staff code of conduct;',
    '- nominated a link governor to:',
    '  - visit the school regularly;',
    '  - meet the headteacher to discuss online safety;',
    '  - report to the full Governing Board every term;',
    '- made sure the policy is published on the school website.',
    '## Images',
    'Staff may take photographs of pupils on school devices for school purposes. If anyone, for any reason, asks not to be filmed or photographed then their wishes should be respected.',
    '## Parents at school events',
    'Parents and carers may take photographs of their own child at school performances, for their own family use only.',
  ];
  const lib = libraryFrom('roles.md', ROLES, '\n');

  it('reads a sub-item with the item it sits under, and "how often" finds "every term"', () => {
    const answer = lib.answer('How often does the link governor report back?');
    expect(answer.answered).toBe(true);
    expect(answer.keySentence).toContain('every term');
    expect(answer.citations[0].excerpt).toContain('nominated a link governor to:');
  });

  it('matches "doesn\'t want their child filmed" to "asks not to be filmed"', () => {
    const answer = lib.answer("A parent doesn't want their child filmed, what do I do?");
    expect(answer.keySentence).toContain('their wishes should be respected');
  });

  it('reads "in this policy" as where to look, not as part of what a definition question asks', () => {
    const ict = [
      '# ICT',
      '## Definitions',
      '- "Personal use": any use of school devices not related to your job.',
      '- "Users": staff, governors and visitors.',
      '## Personal use',
      'Personal use under this policy is allowed at break and lunch, provided that no pupils are present.',
      'Staff must follow this policy when using devices.',
    ];
    const answer = libraryFrom('ict.md', ict, '\n').answer(
      'What does personal use mean in this policy?',
    );
    expect(answer.keySentence).toContain('any use of school devices not related to your job');
  });
});

describe('duties, named examples, self-checks and lunch times', () => {
  const GOVERNANCE = [
    '# Governance',
    '## Role of the Headteacher',
    'The Headteacher will:',
    '- work closely with the link governor;',
    '- make sure all staff are trained in online safety.',
    '## Role of the Governing Board',
    'The Governing Board has:',
    '- nominated a link governor to:',
    '  - visit the school regularly;',
    '  - meet the headteacher to discuss online safety;',
    '- approved this policy.',
  ];

  it('answers "what does the link governor do?" with their list of duties, not a passing mention', () => {
    const answer = libraryFrom('governance.md', GOVERNANCE, '\n').answer('What does the link governor do?');
    expect(answer.citations[0].heading).toBe('Role of the Governing Board');
    expect(answer.citations[0].excerpt).toContain('visit the school regularly');
  });

  it('answers "which sites does it cover?" with the sentence that names them', () => {
    const scope = [
      '# Social media',
      '## Scope',
      'This policy covers the use of social media for personal and school purposes, including blogs and comments on the posts of others.',
      'Social media includes, but is not limited to, sites such as Facebook, Instagram, TikTok and LinkedIn, and also covers forums.',
    ];
    const answer = libraryFrom('scope.md', scope, '\n').answer('Which social media sites does the policy cover?');
    expect(answer.keySentence).toContain('Facebook, Instagram, TikTok and LinkedIn');
  });

  it('reads "at lunch" as a time, never as breaking a rule', () => {
    const ict = [
      '# ICT',
      '## Unacceptable use',
      '- Using school computers to breach copyright or for personal financial gain.',
      '## Personal use',
      'Staff may use school computers for personal use, provided that no pupils are present.',
      '- Break times are the best time for this.',
    ];
    const answer = libraryFrom('ict.md', ict, '\n').answer('Can I use the school PC for personal stuff at lunch?');
    expect(answer.citations[0].heading).toBe('Personal use');
  });

  it('reads "my Gmail" as a personal email address', () => {
    const email = [
      '# Email',
      '## Email use',
      'Staff should reply to email from a parent within two working days.',
      '## Personal accounts',
      'Staff must not contact a parent or conduct any school business using a personal email address.',
    ];
    const answer = libraryFrom('email.md', email, '\n').answer('Can I email a parent from my Gmail?');
    expect(answer.citations[0].excerpt).toContain('using a personal email address');
  });

  it('declines "can pupils ...?" when the best passage is a staff rule that never mentions pupils', () => {
    const devices = [
      '# Devices',
      '## Personal devices',
      'Staff may bring personal phones into school but must keep them locked and out of sight in lessons.',
      '## Online safety lessons',
      'The curriculum teaches pupils how to use social media safely and how to report worries.',
    ];
    const lib = libraryFrom('devices.md', devices, '\n');
    expect(lib.answer('Are pupils allowed to bring their phones into school?').answered).toBe(false);
    expect(lib.answer('Can Year 6 pupils bring their phones into school?').answered).toBe(false);
    expect(lib.answer('Can pupils use social media safely?').citations[0].heading).toBe('Online safety lessons');
  });

  it('declines "are pupils allowed ...?" when the best passage only mentions pupils in a staff rule', () => {
    const phones = [
      '# Devices',
      '## Personal phones',
      'Staff must not use their personal phones to photograph pupils or contact pupils during the school day.',
      '## Online safety',
      'Pupils are taught how to report worrying messages on their phones.',
    ];
    const lib = libraryFrom('phones.md', phones, '\n');
    expect(lib.answer('Are pupils allowed to have their phones out during the school day?').answered).toBe(false);
    expect(lib.answer('Are pupils taught what to do about worrying messages?').answered).toBe(true);
  });

  it('declines "how do I get my password reset?" when no passage speaks of resetting or repairs', () => {
    const passwords = [
      '# Passwords',
      '## Logins',
      'Staff must never share their school laptop password with colleagues or pupils.',
      'School laptop passwords must be at least twelve characters long.',
    ];
    const lib = libraryFrom('logins.md', passwords, '\n');
    expect(lib.answer("I've forgotten my password for the school laptop, how do I get it reset?").answered).toBe(false);
    expect(lib.answer('My login is not working, can I borrow a colleague\'s password?').answered).toBe(true);
    // "Fixtures" is not fixing: a passage on posting fixtures says nothing about repairs.
    const fixtures = libraryFrom('logins.md', ['# Passwords', '## Logins', 'Your school laptop password is needed to post the sports fixtures online.'], '\n');
    expect(fixtures.answer("I've forgotten my school laptop password, how do I get it reset?").answered).toBe(false);
    const helpdesk = libraryFrom('logins.md', [...passwords, 'Forgotten passwords are reset by the IT technician.'], '\n');
    expect(helpdesk.answer("I've forgotten my password for the school laptop, how do I get it reset?").answered).toBe(true);
  });

  it('reads "when I start" as induction and "refresher" as periodic training', () => {
    const training = [
      '# Training',
      '## Training',
      'All staff will:',
      '- have equal chances of training, career development and promotion;',
      '- receive training on induction which covers this policy;',
      '- receive periodic training so that they are kept up to date.',
    ];
    const lib = libraryFrom('training.md', training, '\n');
    expect(lib.answer('What training will I get when I start?').keySentence).toContain('on induction');
    expect(lib.answer('Will I get refresher training?').keySentence).toContain('periodic training');
  });

  it('answers "where can I find ...?" with where it is available, and "keep confidential" with "confidentiality is maintained"', () => {
    const conduct = [
      '# Conduct',
      '## Prevent',
      'The Government has issued statutory guidance on the Prevent duty.',
      'The guidance and our safeguarding policy are both available on the school website.',
      '## Leaving the school',
      'Staff must make sure that confidentiality is maintained on social media even after they leave the employment of the school.',
    ];
    const lib = libraryFrom('conduct.md', conduct, '\n');
    const where = lib.answer('Where can I find the Prevent guidance?');
    expect(where.answered).toBe(true);
    expect(where.keySentence).toContain('available on the school website');
    const after = lib.answer("Do I still have to keep things confidential once I've left the school?");
    expect(after.answered).toBe(true);
    expect(after.keySentence).toContain('confidentiality is maintained');
  });

  it('reads "are parents expected to ...?" as what parents should do', () => {
    const roles = [
      '# Roles',
      '## Role of Parents/Carers',
      'Parents and carers will:',
      '- work in partnership with the school;',
      '- talk to their child about staying safe online.',
      '## Role of Staff',
      'Staff will report any concern about a pupil to the DSL.',
    ];
    const answer = libraryFrom('roles.md', roles, '\n').answer('Are parents expected to work with the school on this?');
    expect(answer.answered).toBe(true);
    expect(answer.keySentence).toContain('work in partnership with the school');
  });

  it('reads "stick to" and "abide by" as complying with the policy', () => {
    const duties = [
      '# Duties',
      '## Headteacher',
      'The headteacher publishes this policy and tells the governors of any serious breach of it.',
      '## Employees',
      'Every employee must read this policy. Any failure to abide by this policy may result in disciplinary action.',
    ];
    const answer = libraryFrom('duties.md', duties, '\n').answer("What happens if I don't stick to this policy?");
    expect(answer.answered).toBe(true);
    expect(answer.keySentence).toContain('failure to abide by this policy');
  });

  it('answers a "can I" question from the rules, not from the glossary that names the same words', () => {
    const contact = [
      '# Contact with pupils',
      '## Definitions',
      'In this policy, the following definitions apply:',
      '- "Former pupil": a pupil who has left the school in the last five years.',
      '## Former pupils',
      'Staff must be cautious about any online contact with former pupils.',
    ];
    const answer = libraryFrom('contact.md', contact, '\n').answer('Can I stay friends online with pupils who have left?');
    expect(answer.citations[0].heading).toBe('Former pupils');
  });

  it('answers "are parents allowed to ...?" from the rules for parents', () => {
    const roles = [
      '# Social networking',
      '## Advice for staff',
      'Staff on Facebook should be wary of friends who are parents.',
      '## Role of Parents/Carers',
      'Parents and carers will:',
      '- not ask staff to be friends on social networking sites;',
      '- support the school in keeping pupils safe online.',
    ];
    const answer = libraryFrom('roles.md', roles, '\n').answer('Are parents allowed to add me on Facebook?');
    expect(answer.citations[0].heading).toBe('Role of Parents/Carers');
  });

  it('answers someone telling what happened with what to do about it', () => {
    const contact = [
      '# Contact with pupils',
      '## Social media',
      'Staff must never be in contact with a Year 9 pupil through apps.',
      '## Requests from pupils',
      'Staff should alert the headteacher if they receive a follow request from a pupil.',
    ];
    const answer = libraryFrom('contact.md', contact, '\n').answer('A Year 9 has just sent me a follow request on TikTok.');
    expect(answer.suggestedReport).toBe('pupil_contact');
    expect(answer.citations[0].heading).toBe('Requests from pupils');
  });

  it('finds "ask themselves" for "what should I ask myself"', () => {
    const personal = [
      '# Personal use',
      '## Unacceptable use',
      'Staff must not post private or confidential information about pupils or colleagues.',
      '## Private conversations',
      'Staff may hold private conversations on social media. Staff should ask themselves the following question: "if this became public knowledge, could it bring the school into disrepute?"',
    ];
    const answer = libraryFrom('personal.md', personal, '\n').answer('What should I ask myself before posting something private?');
    expect(answer.keySentence).toContain('ask themselves');
  });

  it('reads "can I give my login to my TA?" as disclosing a password', () => {
    const logins = [
      '# Using school computers',
      '## Access',
      'Each member of staff is given their own login for the school network and the online register.',
      '## Passwords',
      'Keep your password secure. Staff who disclose account or password details may face disciplinary action.',
    ];
    const answer = libraryFrom('logins.md', logins, '\n').answer('My TA asked for my login so she can do the register, is that ok?');
    expect(answer.citations[0].heading).toBe('Passwords');
  });

  it('answers "what do I need to do first?" with whose agreement is needed', () => {
    const accounts = [
      '# School accounts',
      '## Class accounts',
      'Staff must keep class accounts private.',
      '## New accounts',
      'Staff who want to start a new account must get it agreed with the headteacher in advance.',
    ];
    const answer = libraryFrom('accounts.md', accounts, '\n').answer(
      'I want to start a Twitter account for my class, what do I need to do first?',
    );
    expect(answer.citations[0].heading).toBe('New accounts');
  });

  it('answers "will the school do anything?" with what the school undertakes, not the rule the other person broke', () => {
    const support = [
      '# Social networking',
      '## Role of parents',
      'Parents will not make abusive comments about staff.',
      '## Supporting staff',
      'We support all staff, and any abusive comments made about them on social media will be taken very seriously.',
    ];
    const answer = libraryFrom('support.md', support, '\n').answer(
      'A parent has posted a nasty comment about me on Facebook. Will the school do anything?',
    );
    expect(answer.citations[0].heading).toBe('Supporting staff');
  });

  it('answers "is it alright to message a parent?" from the staff rule, not from the duties of parents', () => {
    const contact = [
      '# Social networking',
      '## Role of Parents/Carers',
      'Parents/carers will not message staff on Facebook.',
      '## Contact with parents',
      'Staff should not message parents on social media.',
    ];
    const answer = libraryFrom('contact.md', contact, '\n').answer('Is it alright to message a parent on Facebook about their child?');
    expect(answer.citations[0].heading).toBe('Contact with parents');
  });

  it('answers "what\'s the difference between X and Y?" and "what counts as \'X\' of Y?" with a definition', () => {
    const terms = [
      '# Online abuse',
      '## Reporting',
      'Staff must report cyberbullying or trolling online to the headteacher.',
      '## Trolling',
      'Trolling can be defined as starting arguments on purpose.',
      '## Using school IT',
      'Staff may make personal use of school IT at lunchtime.',
      '## Definitions',
      '- "Personal use": any use of IT that is not part of your job.',
    ];
    const lib = libraryFrom('terms.md', terms, '\n');
    expect(lib.answer("What's the difference between trolling and cyberbullying?").citations[0].heading).toBe('Trolling');
    expect(lib.answer("What counts as 'personal use' of school IT?").citations[0].heading).toBe('Definitions');
  });

  it('reads an EHCP as sensitive information and answers "anything I need to do?" with the precaution', () => {
    const email = [
      '# Email',
      '## Use of email',
      'Staff must only use their school email address to email sensitive information.',
      '## Attachments',
      'Email attachments containing sensitive information must be encrypted.',
    ];
    const lib = libraryFrom('email.md', email, '\n');
    const answer = lib.answer("Need to email a pupil's EHCP to the local authority. Anything I need to do?");
    expect(answer.citations[0].heading).toBe('Attachments');
    expect(lib.assess('Can I email an EHCP?').features.unseenShare).toBe(lib.assess('Can I email sensitive information?').features.unseenShare);
  });

  it('answers "what actually happens if I break the rules?" with what the consequences are', () => {
    const conduct = [
      '# Conduct online',
      '## Posting',
      'Staff must follow these social media rules when they post.',
      '## Headteacher',
      'The headteacher will take disciplinary action against staff who break this policy.',
    ];
    const answer = libraryFrom('conduct.md', conduct, '\n').answer('What actually happens if I break the social media rules?');
    expect(answer.citations[0].heading).toBe('Headteacher');
  });
});

describe("questions about the policy's own review", () => {
  const doc = [
    'Staff Online Safety Policy',
    '',
    'Approved by:\tGoverning Board\tDate:\t01/09/2025',
    'Review cycle:\tAnnual\tNext review:\tAutumn 2026',
    '',
    '1. Social media',
    '',
    '1.1 Staff must not accept friend requests from pupils on any personal account, and must review their privacy settings every term.',
    '',
    '1.2 Report any concern about a pupil to the DSL the same day.',
  ].join('\n');
  const lib = PolicyLibrary.build([parsePolicyDocument('online-safety.txt', doc)]);

  it('answers "when is this policy due for review?" from the document-control table', () => {
    const answer = lib.answer('When is this policy due for review?');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].excerpt).toContain('Next review: Autumn 2026');
  });

  it('still prefers the rules for a question that only uses the word review', () => {
    expect(lib.answer('How often should I review my privacy settings?').citations[0].excerpt).toContain('every term');
  });
});

describe('scope questions', () => {
  const doc = parsePolicyDocument(
    'scope.md',
    [
      '# Staff Online Safety Policy',
      '## 1. Scope',
      '1.1 Everyone who works for the school must follow this policy, including supply staff, volunteers and governors.',
      '## 5. Role of governors',
      '5.1 The governing body approves this policy and governors check it is working.',
      '## 6. Devices',
      '6.1 Staff devices must be locked when unattended.',
    ].join('\n\n'),
  );
  // A toy document scores lower than a real policy; this is about which section is found.
  const lib = PolicyLibrary.build([doc], { abstainBelow: 0 });

  it('answers "does this policy apply to ..." from the scope, not from where the group is named', () => {
    expect(lib.answer('Does this policy apply to governors?').citations[0].section).toBe('1.1');
  });

  it('reads "do governors have to follow this policy?" as a scope question', () => {
    expect(lib.answer('Do governors have to follow this policy?').citations[0].section).toBe('1.1');
    const duties = [
      '# Staff policy',
      '## Scope',
      '1.1 This policy applies to all employees, trainees and apprentices, volunteers and agency staff.',
      '## Roles and responsibilities',
      '2.1 Adults working in the school must:',
      '- be familiar with the contents of this policy;',
      '- follow this policy and the guidance in it.',
    ];
    const answer = libraryFrom('duties.md', duties, '\n').answer('Do apprentices have to follow this policy?');
    expect(answer.citations[0].section).toBe('1.1');
  });

  it('answers "does it cover ...?" with the sentence that says what the policy applies to', () => {
    const blogs = [
      '# Social media',
      '## Definitions',
      'Social media means any interactive online media, such as blogs, comments, forums and video sites.',
      '## Use of social media',
      "The rules here also apply to personal blogs and to comments made on other people's blogs.",
    ];
    const answer = libraryFrom('blogs.md', blogs, '\n').answer("Does it cover comments I leave on someone else's blog?");
    expect(answer.citations[0].heading).toBe('Use of social media');
  });

  it('answers "does this apply to ...?" about people the policy names, however little else it says is on topic', () => {
    const answer = library.answer('does this apply to contractors who come in to fix the boiler?', inSample);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].section).toBe('1.1');
  });
});

describe('one document as the knowledge base', () => {
  it('answers only from the named document', () => {
    const answer = library.answer('Can I add former pupils on social media?', { documentFileName: 'numbered.txt' });
    expect(answer.citations.every((c) => c.fileName === 'numbered.txt')).toBe(true);
    expect(answer.citations[0].section).toBe('2.2');
  });

  it('rejects an unknown document with a typed error', () => {
    expect(() => library.answer('Can I use Facebook?', { documentFileName: 'nope.txt' })).toThrow(NotFoundError);
  });
});

describe('bad questions', () => {
  it.each(['', '   ', 'x'.repeat(1001)])('are rejected politely', (q) => {
    expect(() => library.answer(q)).toThrow(ValidationError);
  });

  it('a question of only common words is answered or declined, never a crash', () => {
    expect(() => library.answer('Can I?')).not.toThrow();
    expect(library.answer('?!').answered).toBe(false);
  });

  it('rejects two files with the same name', () => {
    expect(() => PolicyLibrary.build([sample, sample])).toThrow(ValidationError);
  });

  it('finds a passage by id', () => {
    const id = library.answer('Can I check Facebook at lunch?', inSample).citations[0].passageId;
    expect(library.passage(id)?.section).toBe('2.5');
    expect(library.passage('missing#1')).toBeUndefined();
  });
});
