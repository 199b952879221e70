import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, analyzeQuestion } from '../../../src/core/policy/analyzer';
import { PolicyLibrary } from '../../../src/core/policy/policy-library';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

// Staff wording the sample policy never uses still finds the section that answers it, through the
// lexicon (src/core/policy/lexicon.ts); everyday non-policy questions are still declined.
const SAMPLE = 'staff-social-media-and-acceptable-use-policy.md';
const library = PolicyLibrary.build([
  parsePolicyDocument(
    SAMPLE,
    readFileSync(path.join(__dirname, '../../../policies', SAMPLE), 'utf8'),
  ),
]);

describe('staff wording in the lexicon', () => {
  it.each([
    // son -> pupil (a parent's child); "totally" carries no topic; fine -> permission
    ["A mum said she's totally fine with me messaging her son on Snapchat. Is that ok?", '3.1', 'even when a parent or carer gives permission'],
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
    [
      'Can I keep class photos in my camera roll?',
      '5.2',
      'Never keep images of pupils on personal phones',
    ],
    // Everyday register: turn off -> disable ~ bypass (not "turn the screen off")
    [
      'Can I turn off the web filter if a site I need is blocked?',
      '9.3',
      "bypass the school's web filtering",
    ],
    // let (someone) know -> inform, goes missing -> lost
    ['Who do I let know if my work laptop goes missing?', '9.5', 'Report a lost or stolen device'],
    // put up -> post
    [
      'Can I put up pictures of my class on my Instagram?',
      '5.2',
      'never post images of pupils on personal accounts',
    ],
    // note down -> record ~ note, pops up -> appears
    [
      'Should I note down anything when something inappropriate pops up on the board?',
      '9.6',
      'note the time and website',
    ],
    // between lessons -> working hours
    ['Can I go on Instagram between lessons?', '2.5', 'only during breaks'],
    // referral (Porter2 "referr") ~ referred
    ['Could a post get me a referral to the police?', '12.2', 'referred to the police'],
    // let go -> dismissed
    ['Could I be let go for a post?', '12.2', 'dismissal'],
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
    // A boiler that breaks down has not breached anything; emergency contacts are an HR record.
    'Who do I tell if the boiler breaks down?',
    'How do I update my emergency contact details?',
    // School events are linked to activities and trips, but asking when they happen is not a policy question.
    'When is sports day?',
    'When is the nativity?',
  ])('still declines "%s"', (question) => {
    expect(library.answer(question, { documentFileName: SAMPLE }).answered).toBe(false);
  });

  it('folds "my own X" into a personal X, and the head\'s into the headteacher', () => {
    expect(analyze('from my own email').terms).toEqual(['person', 'email']);
    expect(analyze("the head's permission").terms).toEqual(['headteach', 'permit']);
    expect(analyze('medical details').terms).toEqual(['sensit', 'data']);
    expect(analyze('from my Gmail').terms).toEqual(['person', 'email']);
  });

  it('maps plain phrasal verbs and idioms to the policy register', () => {
    expect(analyze('make sure').terms).toEqual(['ensur']);
    expect(analyze('it came across as rude').terms).toEqual(['deem', 'rude']);
    expect(analyze('I came across a post').terms).toEqual(['found', 'post']);
    expect(analyze("it's up to you").terms).toEqual(['discret']);
    expect(analyze('sacked straight away').terms).toEqual(['dismiss', 'immedi']);
    expect(analyze('dismissal without notice').terms).toEqual(['dismiss', 'immedi', 'notic']);
    expect(analyze('she put up with it').terms).toEqual(['toler']);
    expect(analyze('will I be let go').terms).toEqual(['dismiss']);
    expect(analyze('can I let a pupil use it').terms).toEqual(['permit', 'pupil', 'use']);
  });

  it('folds common-topic wording: DBS, traceable, two-factor, invite only, where I live', () => {
    expect(analyze('the Disclosure and Barring Service').terms).toEqual(['dbs']);
    expect(analyze('can my emails be traced').terms).toEqual(['email', 'trace']);
    expect(analyze('emails are traceable').terms).toEqual(['email', 'trace']);
    expect(analyze('two factor login').terms).toEqual(['multifactor', 'login']);
    expect(analyze("make your profile 'invite' only").terms).toEqual(['profil', 'privat', 'invit']);
    expect(analyze('where I live').terms).toEqual(['home', 'address']);
  });

  it('reads year groups in the plural, logging into, getting into and working from home', () => {
    expect(analyze('one of my Year 6s').terms).toEqual(['pupil']);
    expect(analyze('the Y10s').terms).toEqual(['pupil']);
    expect(analyze('log into the school system').terms).toEqual(['login', 'school', 'system']);
    expect(analyze("can't get into the folder").terms).toEqual(['access', 'folder']);
    expect(analyze('will I get into trouble').terms).toEqual(['disciplin']);
    expect(analyze('from home').terms).toEqual(['remot', 'home']);
    expect(analyze('your date of birth').terms).toEqual(analyze('your birthday').terms);
    expect(analyze('platforms such as You Tube').terms).toEqual(analyze('platforms such as YouTube').terms);
    expect(analyze('on Tik Tok or Snap Chat').terms).toEqual(analyze('on TikTok or Snapchat').terms);
    expect(analyze("she DM'd me").terms).toEqual(analyze('she messaged me').terms);
    expect(analyze('the acceptable use policy').terms).not.toContain(analyze('accept a friend request').terms[0]);
    expect(analyze('a girl I taught last year').terms).toContain('former');
    expect(analyze('parking on site').terms).not.toContain(analyze('a gambling site').terms[1]);
    expect(analyze('in my PPA time').terms).toContain(analyze('in working hours').terms[0]);
    expect(analyze('during PPA').terms).toEqual(analyze('during working hours').terms.slice(1));
    expect(analyze('another member of staff is having a go at me').terms).toEqual(analyze('a colleague criticised me').terms);
    expect(analyze('I sell candles on the side').terms).toContain(analyze('a private business').terms[1]);
    expect(analyze('comments brought to our attention').terms).not.toContain(analyze('bring phones').terms[0]);
    expect(analyze("once I've gone").terms).toEqual(analyze('after they leave the employment').terms);
    expect(analyze('a colleague keeps making digs about me').terms).toContain(analyze('criticise').terms[0]);
    expect(analyze('comments to get a reaction').terms).toContain(analyze('provoke').terms[0]);
    expect(analyze('Are dating apps covered? asking for a friend lol').terms).toEqual(analyze('Are dating apps covered?').terms);
    expect(analyze('or is it none of my business?').terms).toEqual([]);
    expect(analyze('is it any of their business?').terms).toEqual([]);
    expect(analyze('fed up with SLT').terms).toEqual(analyze('annoyed with SLT').terms);
    expect(analyze('who makes sure staff follow this policy?').terms).toContain(analyze('comply').terms[0]);
    expect(analyze('who makes sure staff follow this policy?').terms).not.toContain(analyze('follow').terms[0]);
    expect(analyze('who actually sets it up?').terms).toEqual(analyze('who actually set up').terms);
    expect(analyze('what should I call myself on Facebook?').terms).toContain(analyze('display name').terms[0]);
    expect(analyze('what do I need to put together?').terms).toEqual(expect.arrayContaining(analyze('present a case').terms.slice(0, 1)));
    expect(analyzeQuestion('I am fuming').find((g) => g.term === analyze('fuming').terms[0])?.importance).toBeLessThan(0.5);
    expect(analyzeQuestion('can I have a rant about it?').find((g) => g.term === 'rant')?.alternatives.keys()).toContain(
      analyze('the grievance procedure').terms[0],
    );
    expect(analyze('another employee').terms).toEqual(analyze('a colleague').terms);
    expect(analyze('who keeps the log ins').terms).toEqual(analyze('who keeps the logins').terms);
    expect(analyze('starting in Sept').terms).toEqual(analyze('starting in September').terms);
    expect(analyze('I am an ECT').terms).toEqual(analyze('staff induction').terms);
    expect(analyzeQuestion('who keeps the passwords?')[0].alternatives.keys()).toContain(analyze('stored securely').terms[0]);
    expect(analyzeQuestion('can I do online shopping?').find((g) => g.term === 'shop')?.alternatives.keys()).toContain(
      analyze('personal use').terms[2],
    );
  });

  // Prevent guidance sets extremism against "British values": a rule naming them is about extremist material.
  it('reads hostility to a group of people as extremist, and British values as its opposite', () => {
    const extremism = analyze('extremism').terms[0];
    expect(analyze('anti-immigrant posts').terms).toContain(extremism);
    expect(analyze('antisemitic memes').terms).toContain(extremism);
    const group = analyzeQuestion('extremist videos').find((g) => g.term === extremism);
    expect(group?.alternatives.keys()).toContain(analyze('British values').terms[0]);
  });

  it('reads looking into something as investigating it, and starting soon as induction', () => {
    expect(analyze('who looks into a complaint?').terms).toContain(analyze('investigate').terms[0]);
    expect(analyze("I'm starting in January as a TA").terms).toContain(analyze('induction').terms[0]);
  });

  it('reads someone trying to wind me up as provoking, as a policy on trolling puts it', () => {
    expect(analyze('he keeps replying just to wind me up').terms).toContain(analyze('provoke').terms[0]);
    const ebay = analyzeQuestion('is ordering from eBay at lunch ok');
    expect(ebay.some((g) => g.alternatives.has('personaluse'))).toBe(true);
  });

  it('reads a relative who has just started as a pupil starting, and my having just started as being new', () => {
    const newStaff = analyze('new to the school').terms[0];
    expect(analyze("I've just started here as a TA").terms).toContain(newStaff);
    expect(analyze("I've just started in the maths department").terms).toContain(newStaff);
    expect(analyze("My niece's just started in Year 1").terms).not.toContain(newStaff);
    expect(analyze('My cousin has just started here').terms).not.toContain(newStaff);
  });

  it('reads "in the event of" as "if", not as a school event', () => {
    const event = analyze('the summer fair event').terms.at(-1);
    expect(analyze('In the event of abusive replies, block the user').terms).not.toContain(event);
  });

  it("reads the school's own 'business' as its work, and a business of one's own as a business", () => {
    const business = analyze('my cake business').terms.at(-1);
    expect(analyze('Staff should conduct all work-related business by school email').terms).not.toContain(business);
    expect(analyze('Email accounts are provided for business use').terms).not.toContain(business);
    expect(analyze('Promoting a private business is not allowed').terms).toContain(business);
    expect(analyze('ask the school business manager').terms).toContain(business);
  });

  it('keeps the Safeguarding Vulnerable Groups Act apart from a Facebook group', () => {
    const group = analyze('a Facebook group').terms.at(-1);
    expect(analyze('under the Safeguarding Vulnerable Groups Act 2006').terms).not.toContain(group);
  });

  it('reads putting something on Facebook as, in part, posting it', () => {
    const post = analyze('post').terms[0];
    const put = analyzeQuestion('can I put the trip photos on Instagram').find((g) => g.term === analyze('put').terms[0]);
    expect(put?.alternatives.get(post)).toBeGreaterThan(0);
    expect(put?.alternatives.get(post)).toBeLessThan(1);
  });

  it('reads staffing as staff and a swimming gala as a sports event', () => {
    expect(analyze('the staffing cuts').terms).toContain(analyze('staff').terms[0]);
    expect(analyze('photos from the swimming gala').terms).toContain(analyze('sports day').terms[0]);
  });

  it('reads "made known" as awareness and a middle leader\'s team as staff', () => {
    expect(analyze('How is this policy made known?').terms).toContain(analyze('raise awareness').terms.at(-1));
    expect(analyze('how will my team hear of it').terms).toContain(analyze('staff').terms[0]);
  });

  it('reads a trainee as new staff', () => {
    const trainee = analyzeQuestion('I am a trainee, will I be shown this?').find((g) => g.term === analyze('trainee').terms[0]);
    expect(trainee?.alternatives.has(analyze('induction').terms[0])).toBe(true);
  });

  it('reads posts with "nothing to do with school" as those that "do not refer to" it', () => {
    const unrelated = analyze('posts that do not refer to the school').terms;
    expect(analyze("it's got nothing to do with school").terms).toContain(unrelated[unrelated.indexOf('refer') - 1]);
    expect(analyze('my Instagram never mentions work').terms).toContain(unrelated[unrelated.indexOf('refer') - 1]);
  });

  it('reads "people I work with" and "other staff" as colleagues', () => {
    const colleague = analyze('colleagues').terms[0];
    expect(analyze('can I add people I work with on Facebook').terms).toContain(colleague);
    expect(analyze('sending friend requests to other staff').terms).toContain(colleague);
  });

  it('reads "I can\'t tell if it\'s covered" as being unsure, not as telling someone', () => {
    const unsure = analyze('unsure').terms[0];
    const terms = analyze("I honestly can't tell if the policy covers this app").terms;
    expect(terms).toContain(unsure);
    expect(terms).not.toContain(analyze('tell').terms[0]);
  });

  it('reads personal browsing as the personal use rule', () => {
    const personalUse = analyze('personal use').terms;
    expect(analyze('is some personal browsing at lunch ok').terms).toContain(personalUse[personalUse.length - 1]);
    expect(analyze('browsing the intranet for the timetable').terms).not.toContain('personaluse');
  });

  it('reads paying a bill online as personal banking, not as a pay question', () => {
    expect(analyze('can I pay my bills on the school laptop').terms).toContain(analyze('banking').terms[0]);
    expect(analyze('when do we get paid').terms).not.toContain(analyze('banking').terms[0]);
  });

  it('matches a phrase that runs on from a hyphenated word', () => {
    expect(analyze('she uses a made-up name on Facebook').terms).toEqual(
      expect.arrayContaining(analyze('an alias').terms),
    );
    expect(analyze('is anti-virus software needed').terms).toContain(analyze('antivirus').terms[0]);
  });

  it('reads mean comments as nasty ones, and leaves the verb "mean" alone', () => {
    const nasty = analyze('nasty').terms[0];
    expect(analyze('kids posting mean comments under her photo').terms).toContain(nasty);
    expect(analyze('what does personal use mean').terms).not.toContain(nasty);
  });

  it('reads PCs as computers and posting without my name as anonymous', () => {
    expect(analyze('the office PCs').terms).toEqual(analyze('the office computers').terms);
    expect(analyze('can I comment without putting my name to it?').terms).toContain(analyze('anonymous').terms[0]);
    expect(analyze('can I post without giving my name?').terms).toContain(analyze('anonymous').terms[0]);
  });

  it('reads snide posts about someone as criticism', () => {
    const criticism = analyze('criticise').terms[0];
    expect(analyze('she keeps putting snide stuff on Twitter').terms).toContain(criticism);
    expect(analyze('snide tweets about the head').terms).toContain(criticism);
  });

  // "Those new to the school must review their accounts when they join": what staff who just started ask about.
  it('reads having just started as being new to the school and joining it', () => {
    const joining = analyze('new to the school, when they join').terms;
    for (const q of ["I've just started as a cover supervisor", "I'm new here", 'I recently joined the PE team']) {
      const groups = analyzeQuestion(q);
      expect(groups.some((g) => joining.some((t) => g.alternatives.has(t) && g.term !== 'school'))).toBe(true);
    }
    expect(analyzeQuestion('Who can start a new class blog?').some((g) => g.term === analyze('join').terms[0])).toBe(false);
  });

  it('reads a pupil someone used to teach as a former pupil', () => {
    expect(analyze('a boy I used to teach').terms).toEqual(['pupil', 'former', 'pupil']);
  });

  /** The question's terms, cue terms included. */
  const terms = (q: string) => analyzeQuestion(q).map((g) => g.term);

  // [what the question describes, the policy's words for it, questions that describe it, questions that do not]
  it.each([
    [
      'watching or checking something before showing it as previewing it',
      'preview',
      ['Do I need to watch a YouTube clip before I show it to my class?', 'Should I check websites first?'],
      ['Can I watch YouTube at lunch?'],
    ],
    [
      'asking for, giving or borrowing my login as disclosing it',
      'disclose',
      ['my TA wants my login so she can print, is it ok?', 'Can I give my password to the supply teacher?'],
      ['How often must I change my password?'],
    ],
    [
      'the school checking or seeing what staff do online as monitoring',
      'monitor',
      ['Does the school actually check which websites we go on?', 'Can the school read what I do on school computers?'],
      ['What does the school see as the main dangers of social media?'],
    ],
    [
      '"my profile is private, so surely ...?" as asking whether private posts stay private',
      'public',
      ['My Insta is on private so I can post what I like, right?', 'If my Facebook is set to private, is what I post actually private?'],
      ['How do I make my Facebook private?'],
    ],
    [
      'someone posting on my account for me as an account updated by proxy',
      'proxy',
      ['My husband sometimes posts on my Facebook for me, am I responsible?'],
      ['Can I post photos for my class?'],
    ],
    [
      'an email meant for someone else, or access I should not have, as received in error',
      'error',
      [
        "I've been sent an email meant for the DSL, what do I do?",
        "I can open a folder I shouldn't have access to",
        'Turns out I can see the whole payroll spreadsheet on the shared drive. I really should not be able to.',
      ],
      [
        'Is the school Facebook page meant for parents?',
        'Who should have access to the safeguarding folder?',
        'I can see why pupils should not be able to use phones.',
      ],
    ],
    [
      'something found online, to be shared, as someone else\'s work under copyright',
      'copyright',
      ['Can I put a picture I got off Google on our class blog?', 'I want to tweet a poem I found online for World Book Day'],
      ['Can pupils search online for pictures?', 'I found out online that the trip is cancelled'],
    ],
    [
      'naming the school on a personal account as the place for a disclaimer',
      'disclaimer',
      ['My LinkedIn profile says where I teach, is that a problem?', 'I name my school on my own TikTok, do I need to do anything?'],
      ['Can I name the school in a post on the school website?', 'I put a photo from the school fair on my own Facebook'],
    ],
  ])('reads %s', (_what, policyWord, describes, doesNot) => {
    const cue = analyze(policyWord).terms[0];
    for (const q of describes) expect(terms(q)).toContain(cue);
    for (const q of doesNot) expect(terms(q)).not.toContain(cue);
  });
});
