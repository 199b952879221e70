/**
 * Decides whether a question describes an incident and, if so, which report type to pre-fill.
 * Rule-based on purpose: every suggestion can be explained, and a wrong "Report this" is cheap to
 * ignore, while a missed one is not. Questions about rules ("can I use Facebook at lunch?") get none.
 */
import type { IncidentTypeId } from '../incidents/incident-types';

/** Something happened, is happening, or the member of staff asks what to do about a situation. */
const EVENT_CUES = [
  /\b(has|have|had|'s|'ve)\s+(just\s+|now\s+|been\s+|already\s+)?(added|sent|messaged|contacted|followed|posted|shared|written|commented|found|seen|accessed|emailed|texted|called|rung|rang|phoned|tagged|uploaded|said|told|asked|threatened|shown|taken|lost|left|got|started|created|made|put|requested|tried|approached|mentioned|reported|searched|viewed|forwarded|leaked|called|named|filmed|liked)\b/i,
  /\b(added|sent|messaged|contacted|followed|dm'?d|dmed|texted|emailed|rang|phoned|called|tagged|threatened|approached|asked|told|showed|found|saw|noticed|discovered|overheard|received|got|lost|left|forwarded|posted|shared|uploaded|filmed|photographed|commented|accused|named|invited|requested|searched|accessed|clicked|opened|leaked|emailed|mentioned|wrote|liked|screenshotted|hacked|stole|asking|sharing|spreading|posting|sending|messaging|contacting|following|adding|bullying|harassing|trolling|threatening|saying|calling|watching|viewing|accessing|using)\s+(me|my|us|a|an|the|some|that|this|her|him|them|it|another|one|our|their|his|photos?|pictures?|images?|videos?|comments?|messages?|posts?|personal|nasty|abusive|rude|indecent|inappropriate|explicit|racist|sexist|homophobic|offensive|horrible|hateful|vile|threatening|fake|negative|friend|follow|about|on|in|to|at)\b/i,
  /\bkeeps?\s+(on\s+)?\w+ing\b/i,
  /\b(was|were|has\s+been|have\s+been|got|is|are)\s+(stolen|lost|hacked|leaked|taken|sent|shared|posted|deleted|friends\s+with|following|messaging|texting)\b/i,
  /\b(is|are|was|were|'re|'s)\s+\w+ing\s+(me|about\s+me|my|us|him|her|them)\b/i,
  /\b(came|popped|showed)\s+up\b|\bappeared\b/i,
  /\bthere\s+(is|are|was|were|'s)\s+.*\b(posts?|comments?|repl(y|ies)|videos?|photos?|pictures?|images?|messages?|accounts?|pages?|groups?|reviews?)\b/i,
  /\b(go\s+to|contact|call|ring|involve|tell)\s+the\s+police\b/i,
  /\bhave\s+set\s+up\b|\bhas\s+set\s+up\b|\bset\s+up\s+a\s+(fake|group|page|account)\b/i,
  /\bpretending\s+to\s+be\b/i,
  // Ongoing or intended acts: "I'm getting abusive messages", "wants to follow me", "has started WhatsApping me".
  /\b(i'?m|i\s+am|i\s+keep|we'?re|we\s+are)\s+(getting|receiving|being\s+sent)\b/i,
  /\b(wants?|wanted|is\s+trying|has\s+tried|keeps?\s+trying|asked)\s+to\s+(follow|add|friend|message|contact|meet|interview|quote|speak\s+to|talk\s+to|chat)\b|\bwants?\s+(a\s+)?(quote|comment|interview|statement)\b/i,
  /\b(has|have|had|'s|'ve)\s+started\s+\w+ing\b|\bstarted\s+\w+ing\s+me\b/i,
  /\b(didn'?t|did\s+not|doesn'?t|does\s+not|hasn'?t|has\s+not)\s+(block|stop|filter|catch|work)\b/i,
  /\b(i\s+think|i'?m\s+worried|i\s+am\s+worried|i'?m\s+concerned|i\s+am\s+concerned|i'?m\s+being|i\s+am\s+being|i'?ve\s+been|i\s+have\s+been|someone\s+(is|has)|somebody\s+(is|has)|there\s+(is|are)\s+(a|some)\b.*\b(post|comment|video|photo|picture|image|message|account|page|group)s?\b|is\s+being|are\s+being|was\s+being|by\s+mistake|accidentally|wrong\s+person|what\s+(should|do|can)\s+i\s+do|what\s+do\s+i\s+do|what\s+happens\s+if|what\s+if\s+a|how\s+do\s+i\s+(deal|handle|report|respond)|should\s+i\s+(report|tell|block|screenshot|delete)|who\s+do\s+i\s+(tell|report|inform)|do\s+i\s+need\s+to\s+report|do\s+i\s+have\s+to\s+report|should\s+i\s+report|help\b)/i,
  /\b(if|when)\s+(a|my|one\s+of\s+my|an?\s+\w+)\s+(pupil|student|child|kid|parent|mum|dad|carer|colleague|journalist|reporter)s?\b.*\b(adds?|sends?|messages?|contacts?|follows?|posts?|keeps?|asks?|requests?|shares?|comments?|tags?|is|are|has)\b/i,
];

interface TypeRule {
  type: IncidentTypeId;
  /** Evaluated in order; the first rule that matches wins (most specific first). */
  test: (q: string) => boolean;
}

const PUPIL = /\b(pupils?|students?|child(ren)?|kids?|learners?|year\s?\d{1,2}s?|y\d{1,2}s?|boy|girl|teen(ager)?s?|sixth\s?formers?|young\s+(person|people)|tutees?|(my|a)\s+(tutor|form)\s+group|my\s+class)\b/i;
const FORMER = /\b(former|ex-?|past|previous|old)\s*(pupils?|students?)|\b(left|leaver|leavers)\b.*\b(school|last\s+year|year\s+1[13])\b|\bwho\s+left\b/i;
const PARENT = /\b(parents?|carers?|mum|mother|dad|father|guardians?|step-?(mum|dad)|grand(parent|mother|father|ma|pa))s?\b/i;
const COLLEAGUE = /\b(colleagues?|co-?workers?|another\s+(teacher|member\s+of\s+staff|ta)|a\s+(teacher|ta|member\s+of\s+staff|staff\s+member|supply\s+teacher|teaching\s+assistant|cover\s+supervisor|lunchtime\s+supervisor|governor|volunteer)|other\s+staff|one\s+of\s+(the|my)\s+(teachers|colleagues|staff)|a\s+fellow\s+teacher|my\s+(line\s+manager|head\s+of\s+department|hod|mentor))\b/i;
const CONTACT_ACT = /\b(add(ed|s|ing)?\s+me|friend(ed)?\s*(request|me)?|follow(ed|s|ing|\s+request)?|messag(e|ed|es|ing)|dm'?d?|dms|texted|texting|whatsapp(ed|ing|s)?|snap(chat|ped|ping)?|contact(ed|ing|s)?|email(ed|ing|s)?|call(ed|ing|s)?\s+me|ringing\s+me|sent\s+me|reach(ed)?\s+out|request(ed)?|instagram|facebook|tiktok|connect(ed)?|found\s+my\s+(profile|account|number))\b/i;
const ABUSE = /\b(horrible|vile|disgusting|hurtful|cruel|degrading|humiliat(e|ed|ing)|abus(e|ed|ive|ing)|harass(ed|ing|ment)?|troll(ed|ing|s)?|bull(y|ied|ying)|cyberbull(y|ied|ying)|threat(s|en|ened|ening)?|nasty|rude|insult(s|ed|ing)?|defam(e|ed|atory|ation)|lies|lying|slag(ged|ging)?|mock(ed|ing)?|hate|hateful|offensive|spread(ing)?\s+(rumou?rs|lies)|rumou?rs|name\s*-?calling|called\s+me|impersonat(e|ed|ing)|pretend(ing|s)?\s+to\s+be\s+me|fake\s+(\w+\s+)?(account|profile|page)|racist|sexist|homophobic|doxx?(ed|ing)?)\b/i;
const ME = /\b(me|my|i|i'm|i've|myself|about\s+me)\b/i;
const INDECENT = /\b(indecent|nude|nudes|naked|sexual(ly)?\s+(explicit\s+)?(images?|photos?|pictures?|videos?|content)|explicit\s+(images?|photos?|pictures?)\s+of\s+(a\s+)?(child|pupil|student|minor)|child\s+(sexual\s+)?abuse\s+(images?|material)|csam|sexting|sexts?)\b/i;
const RADICAL = /\b(radicali[sz](ed|ing|ation)?|extremis[mt]s?|extreme\s+(views|right|left|content|material)|terroris[mt]s?|jihad\w*|far[-\s]right|neo-?nazi\w*|isis|prevent\s+(referral|concern|duty)|grooming\s+.*\b(ideolog|extrem)\w*)\b/i;
const PUPIL_RISK = /\b(groom(ed|ing)?|being\s+bullied|cyberbull(ied|ying)|bullied\s+online|sharing\s+(nudes|images|photos|pictures)|sent\s+(nudes|images)|sextortion|blackmail(ed)?|exploit(ed|ation)?|self[-\s]?harm|suicid\w*|predator|stranger|older\s+man|older\s+men|adult\s+(is\s+)?(messag|contact)\w*|unsafe|at\s+risk|danger|online\s+challenge|meet\s+up|met\s+someone|inappropriate\s+(messages|contact|photos)|someone\s+older|older\s+(person|people|boy|boys|girl|man|men|student)|asking\s+(him|her|them)\s+(for|to\s+send)|(a|an)\s+(stranger|adult)\s+(is|has|was)\b)\b/i;
const MEDIA = /\b(journalists?|reporters?|press|newspapers?|the\s+media|media\s+enquir(y|ies)|news\s*(paper|desk|site|outlet)?|bbc|itv|tabloid|radio\s+station|tv\s+(crew|channel)|local\s+paper)\b/i;
const SCHOOL_ACCOUNT = /\b(school'?s?|official|our)\s+(facebook|instagram|twitter|x|tiktok|youtube|linkedin|social\s+media)?\s*(page|account|feed|channel|profile|post|posts)\b|\bschool'?s?\s+(facebook|instagram|insta|twitter|x|tiktok|youtube)\b|\b(page|account|feed)\s+(of|for)\s+the\s+school\b/i;
const DATA = /\b(wrong\s+(person|parent|email|address|recipient|family|group)|by\s+mistake|accidentally\s+(sent|emailed|shared|cc'?d|forwarded|replied|posted|uploaded|deleted|attached)|sent\s+.*\bto\s+the\s+wrong\b|data\s+breach|breach(ed)?\s+(of\s+)?data|lost\s+(my\s+|a\s+|the\s+|our\s+)?(school\s+|work\s+|staff\s+)?(laptop|memory\s+stick|usb|pen\s*drive|phone|ipad|tablet|device|files?|papers?|register)|(laptop|usb|memory\s+stick|phone|ipad|device)\s+(was\s+|has\s+been\s+|got\s+)?(stolen|lost|missing)|stolen|left\s+(my\s+|a\s+|the\s+|our\s+)?(school\s+|work\s+)?(laptop|usb(\s+stick)?|memory\s+stick|pen\s*drive|register|files?|papers?|ipad|tablet)\b.{0,60}\b(on|in|at|behind|unlocked|unattended)\b|personal\s+data|pupil\s+data|reply\s+all|cc'?d|bcc|hacked|phishing|clicked\s+(on\s+)?a\s+(link|dodgy)|password\s+(was\s+)?(shared|leaked|stolen)|shared\s+my\s+password|leaked)\b/i;
const INAPPROPRIATE = /\b(inappropriate|adult|explicit|porn(ography|ographic)?|offensive|violent|gambling|dating|unsuitable|harmful|graphic|gore)\s+(content|site|sites|website|websites|material|images?|videos?|pop-?ups?|ads?|adverts?|search(es)?|results?)\b|\b(filter(ing)?|firewall|blocked\s+site|not\s+blocked|get\s+(round|around|past)\s+the\s+filter|vpn|proxy|bypass(ed|ing)?)\b|\bpop-?ups?\b|\b(came\s+up|appeared|popped\s+up)\b.*\b(screen|whiteboard|projector|board|search|lesson)\b/i;
const CONDUCT = /\b(breach(ed|ing)?\s+(the\s+)?(policy|code)|posting\s+about\s+(pupils|students|the\s+school|work)|friends?\s+with\s+(pupils|students|a\s+pupil|a\s+student)|following\s+(pupils|students)|drunk|inappropriate\s+(photos?|posts?|comments?|behaviou?r|relationship)|photos?\s+of\s+(pupils|students)|pictures?\s+of\s+(pupils|students)|(is|was|has\s+been)\s+(messaging|texting|contacting|following|posting|sharing|talking\s+to|snapchatting|emailing))\b/i;

const RULES: TypeRule[] = [
  { type: 'indecent_images', test: (q) => INDECENT.test(q) },
  { type: 'radicalisation', test: (q) => RADICAL.test(q) },
  { type: 'media_contact', test: (q) => MEDIA.test(q) && !/\bsocial\s+media\b/i.test(q.replace(MEDIA, '')) },
  { type: 'school_account', test: (q) => SCHOOL_ACCOUNT.test(q) && (ABUSE.test(q) || /\bcomments?|reviews?|posts?|replies\b/i.test(q)) },
  { type: 'data_breach', test: (q) => DATA.test(q) },
  // A colleague doing something: staff conduct, unless the colleague is abusing me.
  { type: 'online_abuse', test: (q) => ABUSE.test(q) && (ME.test(q) || /\bstaff\b|\bteacher/i.test(q)) && !pupilIsVictim(q) },
  { type: 'staff_conduct', test: (q) => COLLEAGUE.test(q) },
  { type: 'pupil_online_safety', test: (q) => PUPIL.test(q) && (PUPIL_RISK.test(q) || pupilIsVictim(q)) },
  { type: 'pupil_contact', test: (q) => (PUPIL.test(q) || FORMER.test(q)) && CONTACT_ACT.test(q) && !parentIsActor(q) },
  { type: 'parent_contact', test: (q) => PARENT.test(q) && CONTACT_ACT.test(q) },
  { type: 'inappropriate_content', test: (q) => INAPPROPRIATE.test(q) },
  { type: 'staff_conduct', test: (q) => CONDUCT.test(q) && !ME.test(q.replace(/\bi\s+(saw|noticed|found|think)\b/gi, '')) },
];

/** "A mum from my class added me": the parent is named before any pupil, so the parent acted. */
function parentIsActor(q: string): boolean {
  const parent = PARENT.exec(q);
  if (!parent) return false;
  const pupil = PUPIL.exec(q) ?? FORMER.exec(q);
  return !pupil || parent.index < pupil.index;
}

/** The pupil, not the member of staff, is on the receiving end ("a pupil is being bullied online"). */
function pupilIsVictim(q: string): boolean {
  return (
    PUPIL.test(q) &&
    /\b(pupil|student|child|kid|girl|boy|year\s?\d+)s?\b[^.?!]{0,40}\b(is|are|was|were|has\s+been|have\s+been|being|getting|got)\s+(being\s+)?(bullied|cyberbullied|harassed|trolled|threatened|groomed|targeted|abused|blackmailed|picked\s+on|excluded|sent|asked|pressured|contacted)\b/i.test(
      q,
    )
  );
}

/** Returns the incident type a "Report this" button should pre-fill, or null when the question is not an incident. */
export function detectIncident(question: string): IncidentTypeId | null {
  const q = question.replace(/[\u2018\u2019]/g, "'");
  const severe = INDECENT.test(q) || RADICAL.test(q);
  if (!severe && !EVENT_CUES.some((re) => re.test(q))) return null;
  for (const rule of RULES) if (rule.test(q)) return rule.type;
  return null;
}

/**
 * Canonical search terms (see analyzer.ts) for each incident type: what a policy passage about
 * that situation talks about. Used to prefer such passages when a question describes an incident.
 */
export const INCIDENT_TOPIC_TERMS: Record<IncidentTypeId, readonly string[]> = {
  pupil_contact: ['pupil', 'friend', 'follow', 'contact', 'former'],
  parent_contact: ['parent', 'friend', 'contact', 'messag'],
  online_abuse: ['abus', 'harass', 'bulli', 'troll', 'cyberbulli', 'screenshot'],
  inappropriate_content: ['inappropri', 'filter', 'site', 'explicit', 'adult'],
  indecent_images: ['indec', 'imag', 'pupil'],
  radicalisation: ['radicalis', 'prevent', 'extrem'],
  pupil_online_safety: ['pupil', 'safeguard', 'cyberbulli', 'risk', 'safe'],
  staff_conduct: ['breach', 'alert', 'report', 'colleagu', 'staff'],
  data_breach: ['data', 'breach', 'error', 'confidenti', 'encrypt'],
  media_contact: ['journalist', 'media', 'contact'],
  school_account: ['account', 'comment', 'offens', 'delet', 'block'],
  other: [],
};

/** Who or what the incident is about matters most in the question ("a year 9 girl added me ..."). */
export const INCIDENT_EMPHASIS: Partial<Record<IncidentTypeId, Readonly<Record<string, number>>>> = {
  pupil_contact: { pupil: 1, former: 1 },
  parent_contact: { parent: 1 },
  media_contact: { journalist: 1 },
  radicalisation: { radicalis: 1 },
  indecent_images: { indec: 1 },
};
