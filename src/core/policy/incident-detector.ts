/**
 * Decides whether a question describes an incident and, if so, which report type to pre-fill.
 * Rule-based on purpose: every suggestion can be explained, and a wrong "Report this" is cheap to
 * ignore, while a missed one is not. Questions about rules ("can I use Facebook at lunch?") get none.
 */
import type { IncidentTypeId } from '../incidents/incident-types';

/** Something happened, is happening, or the member of staff asks what to do about a situation. */
const EVENT_CUES = [
  /\b(has|have|had|'s|'ve)\s+(just\s+|now\s+|been\s+|already\s+)?(set|changed|replaced|added|sent|messaged|contacted|followed|posted|shared|written|commented|found|seen|accessed|emailed|texted|called|rung|rang|phoned|tagged|uploaded|said|told|asked|threatened|shown|taken|lost|left|got|started|created|made|put|requested|tried|approached|mentioned|reported|searched|viewed|forwarded|leaked|called|named|filmed|liked)\b/i,
  /\b(added|sent|messaged|contacted|followed|dm'?d|dmed|texted|emailed|rang|phoned|called|tagged|threatened|approached|asked|told|showed|found|saw|noticed|discovered|overheard|received|got|lost|left|forwarded|posted|shared|uploaded|filmed|photographed|commented|accused|named|invited|requested|searched|accessed|clicked|opened|leaked|emailed|mentioned|wrote|liked|screenshotted|hacked|stole|asking|sharing|spreading|posting|sending|messaging|contacting|following|adding|bullying|harassing|trolling|threatening|saying|calling|watching|viewing|accessing|using)\s+(me|my|us|a|an|the|some|that|this|her|him|them|it|another|one|our|their|his|photos?|pictures?|images?|videos?|comments?|messages?|posts?|personal|nasty|abusive|rude|indecent|inappropriate|explicit|racist|sexist|homophobic|offensive|horrible|hateful|vile|threatening|fake|negative|friend|follow|about|on|in|to|at)\b/i,
  /\bkeeps?\s+(on\s+)?\w+ing\b/i,
  /\b(was|were|has\s+been|have\s+been|got|is|are)\s+(stolen|lost|hacked|leaked|taken|sent|shared|posted|deleted|friends\s+with|following|messaging|texting)\b/i,
  /\b(is|are|was|were|'re|'s)\s+\w+ing\s+(me|about\s+me|my|us|him|her|them)\b/i,
  /\b(came|popped|showed)\s+up\b|\bappeared\b/i,
  /\bthere(\s+(is|are|was|were)|'s|s)\s+.*\b(posts?|comments?|repl(y|ies)|videos?|photos?|pictures?|images?|messages?|accounts?|pages?|groups?|reviews?)\b/i,
  /\b(go\s+to|contact|call|ring|involve|tell)\s+the\s+police\b/i,
  // "Some boys set up an account", but not "can I set up a class Instagram?" or "I'd love to set up ...".
  /\bhave\s+set\s+up\b|\bhas\s+set\s+up\b|\bset\s+up\s+a\s+(fake|group|page|account)\b|(?<!\b(i|we|you|to|can|could|may|might|should|would|will)\s)\bset\s+up\s+(a|an)\s+(\w+\s+){0,3}(account|instagram|insta|facebook|tiktok|twitter|snapchat|channel|blog|chat)\b/i,
  /\bpretending\s+to\s+be\b/i,
  /\b(i|we)\s+set\s+up\s+(a|an)\b[^.?!]{0,80}\b(ago|back|last\s+(week|month|term|year)|yesterday)\b|\b(didn'?t|did\s+not|never)\s+(really\s+)?(run|ran)\s+it\s+(past|by)\b/i,
  // "The supply teacher was on a dating app in the lesson": being on an app or site is an event.
  /\b(was|were|has\s+been|have\s+been|keeps?\s+going)\s+on\s+(a|an|his|her|their|the|some)\s+(\w+\s+){0,2}(apps?|sites?|websites?|phone|mobile)\b/i,
  // Ongoing or intended acts: "I'm getting abusive messages", "wants to follow me", "has started WhatsApping me".
  /\b(i'?m|i\s+am|i\s+keep|we'?re|we\s+are)\s+(getting|receiving|being\s+sent)\b/i,
  /\b(wants?|wanted|is\s+trying|has\s+tried|keeps?\s+trying|asked)\s+to\s+(follow|add|friend|message|contact|meet|interview|quote|speak\s+to|talk\s+to|chat)\b|\bwants?\s+(a\s+)?(quote|comment|interview|statement)\b/i,
  /\b(has|have|had|'s|'ve)\s+started\s+\w+ing\b|\bstarted\s+\w+ing\s+me\b/i,
  /\b(didn'?t|did\s+not|doesn'?t|does\s+not|hasn'?t|has\s+not)\s+(block|stop|filter|catch|work)\b/i,
  /\b(i\s+think|i'?m\s+worried|i\s+am\s+worried|i'?m\s+concerned|i\s+am\s+concerned|i'?m\s+being|i\s+am\s+being|i'?ve\s+been|i\s+have\s+been|someone\s+(is|has)|somebody\s+(is|has)|there\s+(is|are)\s+(a|some)\b.*\b(post|comment|video|photo|picture|image|message|account|page|group)s?\b|is\s+being|are\s+being|was\s+being|by\s+mistake|accidentally|wrong\s+person|what\s+(should|do|can)\s+i\s+do|what\s+do\s+i\s+do|what\s+happens\s+if|what\s+if\s+a|how\s+do\s+i\s+(deal|handle|report|respond)|should\s+i\s+(report|tell|block|screenshot|delete|raise|flag|mention)|i\s+should\s+(raise|flag|report|mention|pass\s+on)|who\s+do\s+i\s+(tell|report|inform)|do\s+i\s+need\s+to\s+report|do\s+i\s+have\s+to\s+report|should\s+i\s+report|help\b)/i,
  /\b(if|when)\s+(a|my|one\s+of\s+my|an?\s+\w+)\s+(pupil|student|child|kid|parent|mum|dad|carer|colleague|journalist|reporter)s?\b.*\b(adds?|sends?|messages?|contacts?|follows?|posts?|keeps?|asks?|requests?|shares?|comments?|tags?|is|are|has)\b/i,
  // Finding access one should not have: "I can open the SEN folder, pretty sure I'm not meant to".
  /\b(i|we)\s+(can|could)\s+(open|see|access|get\s+into|view|edit|read)\b[^?!]{0,120}\b(not\s+(meant|supposed|allowed)\s+to|shouldn'?t|should\s+not)\b/i,
  // Kit or software that stopped working: "the licences ran out", "it won't switch on", "has a big crack".
  /\b(ran|run)\s+out\b|\b(won'?t|will\s+not)\s+(switch|turn|power)\s+on\b|\bstopped\s+working\b|\b(has|have|had|got)\s+(a\s+)?(big\s+|huge\s+|massive\s+|long\s+)?(crack|dent|hole)\s+(across|in|down|on)\b|\bspilt\b/i,
  /\b(can'?t|cannot|couldn'?t|unable\s+to)\s+(get\s+(into|in|onto)|log\s*(in|on)|access|sign\s+in)\b|\blocked\s+out\b|\b(doesn'?t|does\s+not|don'?t|isn'?t)\s+(exist|work(ing)?)\b/i,
];

/**
 * A sentence that tells what happened rather than asks about a rule: it does not open like a question
 * ("Can I...", "What is...") and it has a verb in the past, the perfect or the progressive, or reported
 * speech ("Y11 boy says..."). Staff describe incidents like this far more often than with fixed phrases.
 */
const QUESTION_OPENING =
  /^\s*(can|could|may|might|am|is|are|do|does|did|should|shall|must|will|would|what|what's|whats|who|who's|whom|whose|where|when|how|why|which|please|any|tell\s+me)\b/i;
const IRREGULAR_PAST =
  /\b(sent|got|saw|seen|found|told|made|left|took|taken|gave|given|put|said|showed|shown|came|went|gone|heard|wrote|written|drew|drawn|met|lost|rang|rung|began|brought|caught|stole|stolen|spoke|broke|broken|had|did|done|nicked|says|keeps|wants|reckons|claims|shows|flags|flagged|reveals|runs|films|posts|shares|messages|texts|follows|adds|uses|sends|comments|likes|tags|uploads|streams|vlogs)\b/i;
const REGULAR_PAST = /\b[a-z]{3,}(?:ed|'d)\b|\bdm'?d\b/gi;
const NOT_VERBS =
  /^(need|speed|feed|seed|shed|bleed|breed|embed|hundred|naked|wicked|sacred|allowed|supposed|needed|required|concerned|interested|related|based|used|qualified|registered|limited|restricted|blocked|banned|encrypted|advanced|detailed|experienced|expected|permitted|prohibited|recommended|approved|authorised|authorized|licensed|protected|involved|tired|scared|bored|married|red|bed|led|wed|shared|named|unsupervised|supervised|closed|locked|worried)$/i;
const PROGRESSIVE =
  /\b(is|are|was|were|am|been|'s|'re|'m)\s+(?:\w+\s+)?(?!going\s+to\b|wondering\b|thinking\b|planning\b|hoping\b)\w{2,}ing\b/i;
/** Evidence described without a verb: "Loads of horrible comments on the school's TikTok". */
const EVIDENCE =
  /\b(horrible|nasty|abusive|rude|racist|sexist|homophobic|offensive|threatening|hateful|vile|negative|fake|spam)\s+(\w+\s+)?(comments?|messages?|posts?|replies|reviews?|dms|emails?|texts?|memes?|accounts?|profiles?)\b/i;
const ABOUT_RULES =
  /\b(the|our|this|school)\s+(policy|policies|rules?|guidance|handbook|code\s+of\s+conduct|procedure|law)\b/i;

function narrates(sentence: string): boolean {
  const whenItHappened = /^\s*when\s+(i|we|he|she|they)\s+(went|got|came|saw|found|arrived|opened|checked|walked|looked|logged)\b/i.test(sentence);
  if ((QUESTION_OPENING.test(sentence) && !whenItHappened) || ABOUT_RULES.test(sentence)) return false;
  if (IRREGULAR_PAST.test(sentence) || PROGRESSIVE.test(sentence) || EVIDENCE.test(sentence))
    return true;
  return (sentence.match(REGULAR_PAST) ?? []).some((w) => !NOT_VERBS.test(w));
}

function isEvent(q: string): boolean {
  return EVENT_CUES.some((re) => re.test(q)) || COLLEAGUE_ON_APP.test(q) || q.split(/[.?!\n]+/).some(narrates);
}

interface TypeRule {
  type: IncidentTypeId;
  /** Evaluated in order; the first rule that matches wins (most specific first). */
  test: (q: string) => boolean;
}

const PUPIL =
  /\b(she|he)('?s|\s+is)\s+(only\s+)?([4-9]|1[0-6])\b(?!\s*(am|pm|o'?clock|:))|\b([1-9]|1[0-7])[-\s]?(year[-\s]?olds?|yos?)\b|\b(pupils?|students?|child(ren)?|kids?|learners?|year\s?\d{1,2}s?|y\d{1,2}s?|boys?|girls?|lads?|teen(ager)?s?|sixth\s?formers?|young\s+(person|people)|tutees?|classmates?|(my|a)\s+(tutor|form)\s+group|my\s+(class|form|set))\b/i;
const FORMER =
  /\b(former|ex-?|past|previous|old)\s*(pupils?|students?)|\b(left|leaver|leavers)\b.*\b(school|last\s+(year|summer|term|july)|year\s+1[13]|college|sixth\s+form|in\s+(july|june|the\s+summer))\b|\bwho\s+left\b|\b(i|we)\s+(taught|used\s+to\s+teach)\b/i;
const PARENT =
  /\b(parents?|carers?|mum|mother|dad|father|guardians?|step-?(mum|dad)|grand(parent|mother|father|ma|pa|ad|dad)|gran|granny|nan|nana|nanny|grandad)s?\b/i;
const ROLE = String.raw`(tutors?(?!\s+(groups?|time|period|room|base|sessions?|reports?)\b)|colleagues?|co-?workers?|teachers?|tas|ta|teaching\s+assistants?|lsas?|hltas?|snas?|learning\s+support(\s+assistants?)?|support\s+staff|nursery\s+nurses?|early\s+years\s+practitioners?|ects?|nqts?|trainee(\s+teachers?)?|student\s+teachers?|sendcos?|dsl|pastoral\s+(lead|manager|staff)|cover\s+supervisors?|supply(\s+(teachers?|staff))?|lunchtime\s+(supervisors?|staff)|midday\s+supervisors?|governors?|volunteers?|caretakers?|site\s+managers?|technicians?|receptionists?|office\s+(staff|manager)|business\s+managers?|senco|deputy(\s+head)?|head\s+of\s+\w+|hod|line\s+manager|mentor|member\s+of\s+staff|staff\s+member|(?<!\b(on|off|onto|into|in|from)\s+(the|a)\s+(school\s+|trip\s+)?)coach(es)?|job[-\s]?share(\s+partner)?)`;
/** On an app, a site or a phone. */
const ON_APP = String.raw`on\s+(\w+\s+){0,2}(tiktok|facebook|instagram|insta|snapchat|snap|twitter|youtube|phones?|mobiles?|social\s+media|netflix|apps?|sites?)\b`;
/** "My job share partner is on TikTok half the afternoon": a colleague's habit is a thing to report. */
const COLLEAGUE_ON_APP = new RegExp(
  String.raw`\b${ROLE}\s+((is|are|was|were|keeps\s+being|'s)\s+(always\s+|constantly\s+|often\s+|still\s+)?${ON_APP}|${ON_APP}\s+(all|the\s+whole|half|most)\s+(of\s+)?(the\s+)?(lesson|day|afternoon|morning|time)|${ON_APP}\s+again)` +
    String.raw`|\b(spends?|spent|spending)\s+(\w+\s+){0,8}(scrolling|${ON_APP})`,
  'i',
);
const COLLEAGUE = new RegExp(
  String.raw`(?<!\bif\s)\bone\s+of\s+(the|our)\s+(\w+\s+)?staff\b|\b(someone|somebody|one\s+person)\s+(else\s+)?(in|from)\s+(my|our|the)\s+(department|dept|team|faculty|year\s+group|phase|office|staffroom)\b|(^|\b(a|an|the|our|my|another|one\s+of\s+(the|our|my)|a\s+fellow|other)\s+)((?!as\b|i\b|for\b|of\b|to\b|with\b)\w+\s+){0,2}${ROLE}\b|\b(other|some|some\s+of\s+(the|our)|a\s+few(\s+of\s+(the|our))?|several|a\s+group\s+of)\s+staff\b|^\s*${ROLE}\b`,
  'i',
);
/** Phrases in which a colleague only passes the news on ("my TA told me", "the cover supervisor said"). */
const COLLEAGUE_REPORTS = new RegExp(
  String.raw`\b((a|an|the|our|my|one\s+of\s+(the|our|my))\s+)?((new|\w+)\s+)?${ROLE}\s+(told|tells|said|says|mentioned|reported|heard|overheard|noticed|saw|showed|asked|thinks|warned)\b|\bi'?m\s+((only|just)\s+)?(one\s+of\s+(the|our)\s+|a\s+|an\s+|the\s+)(\w+\s+){0,2}${ROLE}\b|\bi\s+am\s+((only|just)\s+)?(one\s+of\s+(the|our)\s+|a\s+|an\s+|the\s+)(\w+\s+){0,2}${ROLE}\b|^\s*(\w+\s+){0,2}${ROLE}\s+here\b|\b(become|became|becoming|train(ing|s)?\s+to\s+be|wants?\s+to\s+be)\s+(a|an)\s+(\w+\s+)?${ROLE}\b|^\s*(\w+\s+){0,2}${ROLE}(\s+\d{1,2})?\s*([.,:;]|\s-\s)|\bas\s+(a|an|the)\s+(\w+\s+)?${ROLE}\b|\b(i|we)\s+(coach|teach|mentor|run)\b` +
    // Told or asked a colleague, or a colleague got the same: "should I tell my line manager?", "my colleague and I".
    String.raw`|\b(tell|told|telling|inform|informed|ask|asked|let|warn|warned|mention\s+(it\s+|this\s+)?to|mentioned\s+(it\s+|this\s+)?to|speak\s+to|spoke\s+to|talk\s+to|talked\s+to|go\s+to|went\s+to|report(ed)?\s+(it\s+|this\s+)?to)\s+((my|the|a|an|our|another)\s+)?((\w+\s+)?${ROLE})\b|\b((my|a|the|another)\s+)?${ROLE}\s+and\s+(i|me|myself)\b|\b(i|me)\s+and\s+((my|a|the|another)\s+)?${ROLE}\b` +
    // Where a colleague was, not what they did: "my mentor's off until Thursday", "Ms Grant was teaching next door".
    String.raw`|\b((my|the|our)\s+)?${ROLE}(\s+(mr|mrs|ms|miss|dr)\.?\s+\w+)?('s|\s+is|\s+was|\s+were)\s+(off|away|out|absent|not\s+in|on\s+(leave|a\s+course|holiday|duty)|teaching|covering|in\s+the\s+(room|library|hall|office|classroom))\b`,
  'gi',
);
const CONTACT_ACT =
  /\b(add(ed|s|ing)?\s+me|adds?\s+from|friend(ed)?\s*(request|me)?|follow(ed|s|ing|\s+request)?|messag(e|ed|es|ing)|(message|follow|friend)\s+requests?|dm'?d?|dms|texted|texting|whatsapp(ed|ing|s)?|snap(chat|ped|ping|s)?|sending\s+me|contact(ed|ing|s)?|email(ed|ing|s)?|call(ed|ing|s)?\s+me|ringing\s+me|rang\s+(me|my)|sent\s+me|reach(ed)?\s+out|request(ed|s)?|instagram|insta|facebook|tiktok|discord|roblox|fortnite|connect(ed)?|invit(e|ed|es|ing)|found\s+(me|my)|got\s+(hold\s+of\s+)?my\s+(number|email|address|mobile)|comment(ed|ing|s)?\s+on\s+my|lik(e|ed|es|ing)\s+(all\s+)?my)\b/i;
const ABUSE =
  /\b(horrible|vile|disgusting|hurtful|cruel|degrading|humiliat(e|ed|ing)|abus(e|ed|ive|ing)|harass(ed|ing|ment)?|troll(ed|ing|s)?|bull(y|ied|ying)|cyberbull(y|ied|ying)|threat(s|en|ened|ening)?(?!\s+(alerts?|warnings?|detected|found))|nasty|rude|insult(s|ed|ing)?|defam(e|ed|atory|ation)|lies|lying|slag(ged|ging)?|mock(ed|ing)?(?!\s+(results?|exams?|papers?|tests?|interviews?|grades?|data))|hate|hateful|offensive|spread(ing)?\s+(rumou?rs|lies)|rumou?rs|(having|had|has|have|taking|took|takes|making|made|makes)\s+(a\s+)?(digs?|swipes?|pops?|a\s+go)\s+at|(little|snide|sly|nasty)\s+digs|tak(e|es|ing|en)\s+the\s+(mick(ey)?|piss|mickey)|wind(ing)?\s+(me|us)\s+up|(should|ought\s+to|needs?\s+to)\s+be\s+(sacked|fired|struck\s+off|locked\s+up|arrested)|shouldn'?t\s+be\s+allowed\s+near|nonce|paedo\w*|pedo\w*|groomer|mak(e|es|ing)\s+fun\s+of|laugh(ing|ed)?\s+at\s+(me|my)|fake\s+(insta(gram)?|facebook|tiktok|twitter|snap(chat)?|profile|account|page)|slat(e|ed|es|ing)|bad-?\s?mouth\w*|smear\w*|ridicul\w*|slander\w*|libel\w*|pile[-\s]?on|name\s*-?calling|called\s+me|call(s|ing)\s+me\s+(a\s+|an\s+)?\w+|impersonat(e|ed|ing)|(account|profile|page|instagram|insta|tiktok|facebook|twitter|snapchat)\s+(with|using|under|in)\s+my\s+(name|photos?|pictures?|details|face)|pretend(ing|s)?\s+to\s+be\s+me|in\s+my\s+name|fake\s+(\w+\s+)?(account|profile|page)|racist|sexist|homophobic|doxx?(ed|ing)?|my\s+(home\s+)?address|(better\s+)?watch\s+(myself|yourself|your\s+back|my\s+back)|knows?\s+where\s+i\s+(live|park)|know\s+(which|what)\s+(road|street|house)\s+(you|i)\s+live|sexual\s+comments|what\s+car\s+i\s+drive)\b/i;
/** Someone says or posts things about the member of staff: "posting ... that I'm a danger to kids". */
const ABOUT_ME =
  /\b(saying|says|said|posting|posted|writing|wrote|claiming|claims|claimed|telling\s+(everyone|people|other\s+\w+)|told\s+(everyone|people|other\s+\w+)|accusing\s+me|accused\s+me)\b[^.?!]{0,60}\b(that\s+)?(i'?m|i\s+am|i\s+was|i'?ve|i\s+have|i\s+['"]?\w+(ed|s)?\b\s+(their|his|her|the|on|at|kids|children|pupils|favourites)|about\s+me)\b|\babout\s+me\b|\b(comments?|jokes?|memes?|posts?|stuff|things|remarks)\s+about\s+my\s+(weight|accent|looks|appearance|hair|clothes|voice|teeth|face|body|size|age|height|skin|religion|disability)\b|\b(filming|filmed|videoing|videoed|recording|recorded|photographing|photographed)\s+me\b|\b(photos?|pictures?|pics?|videos?|clips?|memes?|images?|cartoons?|drawings?|gifs?|lies|rumou?rs|posts?|comments?|stuff|things|jokes?)\s+(\w+\s+){0,2}of\s+me\b/i;
/** Phrases in which the member of staff only tells or sees what happened, not the one it happens to. */
const REPORTER =
  /\b(i|we)\s+(just\s+)?(saw|see|seen|'ve\s+seen|have\s+seen|noticed|think|thought|found|heard|overheard|came\s+across|spotted|know|believe|suspect|reckon|was\s+told|were\s+told|wonder)\b|\b(i|we)'ve\s+(just\s+|now\s+|also\s+)?(seen|noticed|found|heard|overheard|spotted|come\s+across|been\s+told)\b|\b(i'?m|i\s+am)\s+(worried|concerned|not\s+sure)\b|\bit'?s\s+(not\s+)?my\s+place\b|\b(told|tells|telling|showed|shown|shows|asked|informed|warned|alerted)\s+me\b|\b(my|our)\s+(class|form|tutor\s+group|tutees?|set|pupils?|students?|school|ta|colleagues?|kids|year\s?\d+s?|y\d+s?|department|dept|team|office|year\s+group|faculty|phase|staffroom)\b|\bone\s+of\s+my\b|\b(in|during|at|after)\s+my\s+(lesson|class|classroom|room|session|club|group|form\s+time|tutor\s+time|duty|break)\b|\b(what|should|do|can|must|how)\s+(should\s+|do\s+|can\s+)?i\b|\bwho\s+(would|should|do|can|must)\s+i\b|\b(i|we)\s+(need|want|would\s+like)\s+(some\s+)?(advice|help|guidance)\b|\b(i'?m|i\s+am)\s+not\s+(his|her|their)\s+(line\s+)?(manager|boss|mentor)\b|\b(i'?m|i\s+am)\s+(pretty|fairly|quite|almost|not)\s+(sure|certain)\b|\bi\s+don'?t\s+want\s+to\s+get\s+(her|him|them|anyone)\b|\bam\s+i\s+(supposed|meant|expected|required|obliged)\b|\b(i'?m|i\s+am)\s+(a|an|the)\s+(\w+\s+)?(ta|teacher|teaching\s+assistant|cover\s+supervisor|member\s+of\s+staff|governor|volunteer|senco|dsl|head(teacher)?|deputy|ect|nqt|trainee|tutor)\b/gi;
const ME = /\b(me|my|i|i'm|i've|myself)\b/i;
const INDECENT =
  /\b(photos?|pictures?|pics?|images?|videos?)\b[\s\S]{0,200}\b(it'?s|it\s+is)\s+(of\s+)?a\s+(child|kid|boy|girl|pupil)\b[^.?!]{0,40}\b(not\s+right|not\s+ok(ay)?|indecent)\b|\b(involv\w*|shows?|showed|showing|of|caught)\s+(a\s+)?(child|children|kids?|pupils?|girls?|boys?)\s+in\s+a\s+way\s+(that\s+)?(it\s+)?(really\s+|absolutely\s+|definitely\s+)?(shouldn'?t|should\s+not|isn'?t\s+(ok|okay|right)|could\s+(easily\s+)?be\s+(seen|taken|read)\s+(\w+\s+)?wrong(ly)?|could\s+(easily\s+)?be\s+misread)\b|\b(videos?|pics?|pictures?|photos?|images?|clips?)\b[^.?!]{0,60}\b(child|children|kids?|minors?|classmates?)\b[^.?!]{0,80}\b(illegal|indecent|(shouldn'?t|should\s+not)\s+exist)\b|\billegal\s+(pics?|pictures?|photos?|images?|videos?)\s+of\b|\b(videos?|photos?|pictures?|pics?|filmed|filming|recorded|recording)\b[^.?!]{0,40}\b(getting\s+changed|in\s+the\s+changing\s+rooms?|in\s+the\s+showers?)\b|\b(photos?|pictures?|pics?|videos?|images?)\s+of\s+(a|an|the|his|her|some)\s+(\w+\s+)?(lad|boy|girl|pupil|student|kid|child|classmate)'?s\s+(private\s+parts|privates|genitals|bits)\b|\b(pics?|pictures?|photos?|images?|videos?)\s+(that\s+)?no\s+(child|kid|pupil)\s+should\s+(ever\s+)?(be\s+in|appear\s+in|be\s+seen\s+in)\b|\b(child|children|kids?|pupils?|boys?|girls?)\b[^.?!]{0,80}\b((shouldn'?t|should\s+not)\s+exist|should\s+never\s+have\s+been\s+(photographed|taken|filmed))\b|\b(pics?|pictures?|photos?|images?|videos?)\b[^.?!]{0,80}\b(one\s+of\s+our|our|a)\s+(kids|pupils?|children|child|girls?|boys?|students?)\b[^.?!]{0,40}\b(looks?|seems?|is|it'?s)\s+(really\s+|very\s+|definitely\s+)?(not\s+ok(ay)?|not\s+right|wrong|indecent|dodgy)\b|\billegal\b[^.?!]{0,40}\b(kids|children|child|minors|under-?age)\b|\b(trying\s+to\s+find|searching\s+for|searched\s+for|looking\s+for|searches\s+for)\s+(\w+\s+){0,2}(pictures?|photos?|images?|pics?|videos?)\s+of\s+(young\s+|little\s+)?(kids|children|child|minors|girls|boys)\b|\b(pictures?|photos?|images?|pics?|videos?)\s+of\s+(young\s+|little\s+|small\s+)?(children|kids|child|pupils?|minors|girls|boys)\s+(that|which)\s+(\w+\s+){0,5}(wrong|dodgy|sexual|indecent|not\s+(be\s+)?(right|ok(ay)?|appropriate|normal))\b|\b(pictures?|photos?|images?|pics?|videos?|thumbnails?)\s+of\s+(a\s+|an\s+|some\s+)?(young\s+|little\s+|small\s+)?(children|kids|child|pupils?|minors|girls|boys)\b[^.?!]{0,80}?((\bnot|n't)\b[^.?!]{0,25}?\b(right|ok(ay)?|appropriate|normal|legal|allowed|be\s+there)|\b(illegal|criminal|abuse)|\b(nobody|no\s+one|no-one)\s+should\s+(have|see|be\s+looking\s+at)|(shouldn'?t|should\s+not)\s+exist)\b|\b(indecent|child\s+(sexual\s+)?abuse\s+(images?|material)|csam|sexting|sexts?|sexual(ly)?\s+explicit\s+(images?|photos?|pictures?|videos?|content)\s+of\s+(a\s+)?(child|pupil|student|minor))\b/i;
/** Nudity or sex in a picture; of a child when a young person is named anywhere in the question. */
const NUDITY =
  /\b(nudes?|naked|topless|underwear|no\s+clothes|without\s+(any\s+)?clothes|undressed|sex\s+(videos?|tapes?|clips?|pics?)|sexual\s+(videos?|photos?|pictures?|images?|pics?|clips?|selfies?)|(explicit|sexual|sexualised|sexualized|inappropriate|indecent|porn\w*)\s+(images?|photos?|pictures?|pics?|videos?|selfies?)\s+of\s+(what\s+looks?\s+like\s+)?(a\s+|an\s+|some\s+)?(young\s+|little\s+|small\s+)?(child|children|kids?|minors?|babies|baby|toddlers?|under-?age))\b/i;
const YOUNG_PERSON =
  /\b(pupils?|students?|child(ren)?|kids?|year\s?\d{1,2}s?|y\d{1,2}s?|boys?|girls?|lads?|teen(ager)?s?|sixth\s?formers?|classmates?|daughter|son|girlfriend|boyfriend|selfies?|minors?|under-?age)\b/i;
const RADICAL =
  /\b(radicali[sz](ed|ing|ation)?|radical|extremis[mt]s?|extreme\s+(views|right|left|content|material)|terroris[mt]s?|terror\s+(groups?|attacks?|cells?|organi[sz]ations?|plots?)|jihad\w*|far[-\s]right|neo-?nazi\w*|nazis?|swastikas?|hitler|white\s+(power|pride|supremac\w*)|isis|islamic\s+state|daesh|al[-\s]?qaeda|andrew\s+tate|incels?|misogyn\w*|propaganda|race\s+war|(violent|armed)\s+(revolution|uprising|struggle)|take\s+up\s+arms|(white\s+)?nationalist\s+(groups?|movements?|organi[sz]ations?|propaganda)|recruit\w*\s+(\w+\s+){0,4}(to|into)\s+(a|an|the|their|his|her)\s+(\w+\s+)?(group|cause|movement)|(mass|school)\s+shooting|(?<!person\s)shooters?(?!\s+games?)|(make|making|made|build|building)\s+(a\s+)?bombs?|(fight|fighting)\s+(overseas|abroad)|(go|going|travel\w*)\s+abroad\b[^.?!]{0,40}\b(cause|fight|jihad|war)|help\s+the\s+cause|(celebrat\w*|prais\w*|glorif\w*|cheer\w*)\s+(\w+\s+){0,3}(attacks?|bombings?|shootings?|killings?|terror\w*|massacres?)|(people|we|they|us|everyone|men)\s+(need|needs|must|should|have|has)\s+to\s+(rise\s+up|fight\s+back|take\s+(it|our\s+country|the\s+country|this\s+country|things)\s+back)|tak(e|ing)\s+(the|our|this)\s+country\s+back|tak(e|ing)\s+back\s+(the|our|this)\s+(streets|country|land)|(immigrants?|migrants?|refugees?|foreigners?|they|them|people)\b[^.?!]{0,30}\binvaders\b|\babout\s+['"]?invaders\b|(immigrants?|migrants?|refugees?|foreigners?|asylum\s+seekers?)\b[^.?!]{0,30}\binvad(ing|ed|e)\b|defend(ing)?\s+our\s+(streets|country|people|race|women)|(people|immigrants|migrants|refugees|muslims|jews|foreigners)\s+([\w']+\s+){0,4}(are|as|being)\s+['"]?(invaders|vermin|animals|parasites|the\s+enemy)|deserv\w*\s+what'?s\s+coming|(people|race|religion|them|they)\b[^.?!]{0,30}\bshould\s+(all\s+)?be\s+['"]?(removed|eliminated|exterminated|got\s+rid\s+of)|(go|going)\s+(and\s+)?fight\s+(for|in|overseas|abroad)|fight\s+for\s+the\s+cause|(banned|proscribed|outlawed)\s+(terror\w*\s+|extremist\s+)?(groups?|organi[sz]ations?)|(groups?|organi[sz]ations?)\s+(that\s+|which\s+)?([\w']+\s+){0,4}(is|are)\s+(banned|proscribed|outlawed)|people\s+like\s+(us|me|him|them)\b[^.?!]{0,40}\b(fight\s+back|rise\s+up|take\s+(it\s+|things\s+)?back)|(telling|tells|told|urging|urges|urged|calling\s+on)\s+(\w+\s+){0,3}(kids|children|people|boys|men|lads|whites?|muslims|christians)\s+to\s+['"]?(fight\s+back|rise\s+up|take\s+up\s+arms|arm\s+themselves)|(attack\w*|kill\w*|bomb\w*|shot|shoot\w*|stabb\w*)\b[^.?!]{0,40}\bhero(es)?\b|(join|joins|joining|joined)\s+(the|their|his|her|a)\s+(fight|war|cause|struggle|jihad)|(repeat\w*|saying|says|said|spout\w*|talk\w*)\s+(\w+\s+){0,4}(things|stuff|views|ideas|comments)\s+(\w+\s+){0,3}about\s+(a\s+particular|certain|one\s+particular)\s+(group|religion|race|faith|community|nationality)|videos?\s+(\w+\s+){0,4}(that|which)\s+(tell|show|expose)\s+(the|what\s+is)\s+(real\s+)?truth|prevent\s+(referral|concern)|britain\s+first|great\s+replacement|(being|been)\s+invaded|(go|send(ing)?|sent)\s+(them\s+|people\s+)?back\s+where\s+they\s+came\s+from|non-?believers|unbelievers|vermin|cockroaches|sub-?humans?|infidels?|kuffar|kafir|caliphate|holy\s+war|martyr(s|dom)?|fight(ing)?\s+(against\s+)?the\s+west|(men|people|fighters)\s+with\s+(\w+\s+){0,3}guns|(our|my|their|his|her)\s+people\b[^.?!]{0,40}\b(fight\s+back|rise\s+up|take\s+(it\s+|things\s+)?back|being\s+replaced|wiped\s+out)|grooming\s+.*\b(ideolog|extrem)\w*|reject\w*\s+(british|western|uk|english)\s+(laws?|values|democracy|society)|sabotag\w+\s+(\w+\s+)?(pipelines?|railways?|power\s+stations?|infrastructure)|taking\s+out\s+(\w+\s+)?(bosses|politicians|police|officials|mps)|call(s|ed|ing)?\s+for\s+(people\s+to\s+(attack|burn|bomb|kill|hurt)|violence\s+against|attacks?\s+on)|(attack|attacking|burn|burning|bomb|bombing|torch|torching)\s+(a|the|our|their|that)\s+(local\s+)?(mosques?|synagogues?|churches|church|temples?|gurdwaras?))\b|\b(should|must|deserves?\s+to|needs?\s+to|needing\s+to|ought\s+to)\s+(all\s+)?be\s+['"]?(attacked|bombed|killed|shot|destroyed|wiped\s+out|exterminated|gassed|executed|deported|sent\s+back|kicked\s+out)\b/i;
/** "IS videos", "IS propaganda": Islamic State in capitals, never the verb "is". */
const RADICAL_CASED = /\b(IS|ISIS|ISIL)[-\s](type|style|related)\b|\b(IS|ISIL)\s+(are\s+(heroes|right|brave|good)|videos?|propaganda|fighters?|flags?|beheadings?|recruit\w*|content|supporters?|posts?|songs?|nasheeds?)\b/;
/** A pupil at risk whoever tells it: grooming, exploitation, self-harm, an adult or stranger in contact. */
const PUPIL_RISK =
  /\b((asked|asking|asks)\s+(\w+\s+){0,2}for\s+(a\s+)?(pictures?|photos?|pics?|videos?|selfies?)\s+of\s+(him|her|them)(self|selves)?|giving\s+(him|her|them)\s+(robux|v-?bucks|gifts?|money|credits)|(send|sending|sent)\s+(\w+\s+){0,3}(photos?|pictures?|pics?|images?|videos?)\s+of\s+(herself|himself|themselves)|with\s+(her|his|their)\s+tops?\s+off|(asking|asked|asks)\s+(\w+\s+){0,6}(which|what)\s+school|(asking|asked|asks|ask)\s+(\w+\s+){0,3}where\s+(he|she|they)\s+(lives?|goes\s+to\s+school)|(asking|asked|asks)\s+(for\s+)?(his|her|their)\s+(snapchat|number|address|location|photos?)|(online|tiktok|youtube|viral|internet)\s+['"]?challenges?|challenges?\s+(off|on|from)\s+(tiktok|youtube|the\s+internet|online|snapchat)|(tells?|telling|told)\s+(you|kids|children|them)\s+to\s+(hurt|harm|cut|kill|do\s+things\s+to)\s+(yourself|themselves)|blackout\s+challenge|choking\s+game|(hold|holding)\s+(your|their|his|her)\s+breath\s+(till|until)|groom(ed|ing)?|being\s+bullied|cyberbull(ied|ying)|bullied\s+online|sharing\s+(nudes|images|photos|pictures)|sent\s+(nudes|images)|sextortion|blackmail(ed|ing)?|exploit(ed|ation)?|self[-\s]?harm\w*|suicid\w*|kill\s+(her|him|them)sel(f|ves)|end\s+(his|her|their)\s+life|predator|stranger|older\s+man|older\s+men|meet(ing)?\s+up|(meeting|meet|meets|met)\s+(up\s+with\s+)?(someone|somebody|a\s+(stranger|friend|guy|man|boy|girl))\s+(\w+\s+){0,2}(off|from|on|online)\b|(says|said|claims|claimed)\s+(he'?s|she'?s|they'?re|to\s+be)\s+(only\s+)?\d+\s+but\b|(sounds|seems|looks)\s+(a\s+lot\s+|much\s+|way\s+|quite\s+a\s+bit\s+)?older|(giving|gives|gave|sharing|shares|shared|posting|posted|revealing|revealed|saying|says|said|telling)\s+(out\s+)?((his|her|their)\s+(own\s+)?(full\s+name|home\s+address|address|location)|[^.?!]{0,60}\b(which|what)\s+(park|street|road|club|estate)\s+(he|she|they)\b|[^.?!]{0,40}\bwhere\s+(he|she|they)\s+(lives?|plays?|hangs?\s+out))|met\s+(someone|him|her|them|up)|(someone|somebody|people|adults|strangers|men|women|a\s+\w+)\s+(he|she|they)\s+(met|meets|doesn'?t\s+know|don'?t\s+know)|random\s+(video\s+)?chat|someone\s+older|older\s+(person|people|boys?|girls?|man|men|lads?|students?)|(?<!\bof\s)(a|an|some|this)\s+(?!naked|nude|topless|half-naked)(\w+\s+)?(man|men|guy|bloke|woman|stranger)|randoms|random\s+(people|men|adults|accounts|strangers)|(going|goes|went)\s+live|live-?stream\w*|(1[89]|[2-9]\d)[-\s]?(year[-\s]?olds?|yo)\b|pretending\s+to\s+be\s+(\d+|a\s+(child|kid|girl|boy|teenager))|keep\s+(it|this|them|things|their\s+\w+|our\s+\w+|the\s+\w+)\s+(a\s+)?secret|(move|switch|go|moving|switching)\s+(to|onto)\s+(a\s+)?(different|another|private|other|new)\s+(app|chat|platform|site)|adult\s+(account|profile|user)\b[^.?!]{0,40}\b(asking|asked|messag\w*|replied|contact\w*)|not\s+to\s+tell|threaten(ed|ing|s)?\s+to\s+(post|share|send|leak)|unless\s+(he|she|they)\s+(pays?|sends?)|(a|an)\s+(stranger|adult)\s+(is|has|was)\b|grown[-\s]?ups?\s+(on\s+(there|it|the\s+server|discord|roblox|the\s+game)|online)|(asking|asked|asks|ask)\s+(\w+\s+){0,5}(bank\s+card|card\s+details|(mum|dad|parents)'?s\s+(bank\s+)?card))\b/i;
/** A pupil's own address or phone number in a public bio: the pupil is at risk; nothing of the school's leaked. */
const OWN_DETAILS_PUBLIC =
  /\b(address|bus\s+route|location|phone\s+number|mobile\s+number)\b[^.?!]{0,60}\b(in|on)\s+(her|his|their)\s+(public\s+)?(\w+\s+)?(bio|profile)\b/i;
/** Weaker signs that only count when the pupil is not simply contacting me and no content rule fits better. */
const PUPIL_RISK_WEAK =
  /\b(adults?(?!\s+(sex|content|sites?|websites?|stuff|material|images?|videos?|pictures?|films?|games?|apps?|pop-?ups?|ads?))|unsafe|at\s+risk|danger(ous)?|(online\s+)?challenges?|pass(ed|es)?\s+out|inappropriate\s+(messages|contact)|asking\s+(him|her|them)\s+(for|to\s+send)|ask(ing|ed|s)?\s+(him|her|them\s+)?for\s+(pictures|pics|photos|nudes|images|selfies)|offer(ed|ing|s)?\s+(him|her|them))\b/i;
/** The pupil or parent contacted the member of staff: "messaged me", "added me", "sent me a request". */
const CONTACTS_ME =
  /\b(messag\w*|texted|texting|emailed|emailing|dm'?d|dming|contacted|contacting|added|adding|rang|ringing|phoned|called|sent|sending|followed|following|friended|whatsapp\w*|snapchatted|invit\w*|found)\s+me\b/i;
const MEDIA =
  /\b(journalists?|reporters?|press|newspapers?|the\s+media(?!\s+(suite|studies|room|department|dept|lessons?|teacher|class|centre|center|library))|media\s+enquir(y|ies)|(local|national|bbc|itv|sky|channel\s+\d|evening|daily|sunday|regional)\s+(news|paper|radio|post|echo|mail|standard|express|telegraph|chronicle|herald|gazette)|news\s*(paper|desk|site|website|outlet|channel|programme|team|crew)|bbc|itv|tabloid|radio\s+(station|show|presenter)?|tv\s+(crew|channel|company|programme|producer|researcher)|(programme|documentary|news)\s+researchers?|film\s+crew|documentary|magazine|freelance(r|\s+(writer|journalist))?|bloggers?|vloggers?|podcasters?|podcasts?|(woman|man|someone|somebody|person|people|lady|guy|bloke)\s+(with|holding|carrying)\s+(a|the)\s+(big\s+|tv\s+)?camera|camera\s+crew|press\s+card|interview\s+(me|us|staff|the\s+head)|local\s+paper|the\s+(echo|gazette|herald|chronicle|argus|advertiser|courier|telegraph|daily\s+mail|mail\s+online|evening\s+standard))\b/i;
/** "A comment under a local news post": where something was posted, not the press getting in touch. */
const NEWS_PAGE =
  /\btagged\s+(in\s+)?(a|an|the|their|our)?\s*(\w+\s+){0,2}(news|paper|newspaper)\w*\b|\b(under|on|below|beneath|in\s+the\s+comments\s+(of|on|under))\s+(a|an|the|their|our)\s+(\w+\s+){0,2}(news|paper'?s?|newspaper'?s?)\s+(facebook\s+)?(post|page|story|article|site|group)s?\b/gi;
const MEDIA_CASED =
  /\b(the|The|from|at)\s+(Sun|Times|Mirror|Post|Star|Mail|Express|Independent|Observer|Standard|Record)\b|\b(from|at|for|with|to)\s+the\s+[A-Z][a-z]+\s+(News|Gazette|Echo|Herald|Post|Times|Chronicle|Mail|Observer|Advertiser|Argus|Courier|Express|Star|Standard|Telegraph|Journal|Recorder|Mercury|Examiner|Sentinel)\b/;
const PLATFORM = String.raw`(facebook|fb|instagram|insta|ig|twitter|x|tiktok|youtube|linkedin|threads|blog|website)`;
/** "Our" page is the school's, unless it is "our village page". */
const OURS = String.raw`our(?!\s+(village|local|community|town|parish|area|street|road|estate|neighbourhood|neighborhood|church|mosque|club)\b)`;
const SCHOOL_ACCOUNT = new RegExp(
  // "My school account" is my own work login, not the school's page.
  String.raw`(?<!\b(my|your|his|her|their)\s)\b(school'?s?|official|${OURS}|department|dept|pta|trust'?s?)\s+((\w+\s+){0,2}${PLATFORM}\s*)?(page|account|feed|channel|profile|posts?)\b|\bschool'?s?\s+((\w+\s+){0,2})${PLATFORM}\b|\b(${OURS}|department|dept)\s+([\w']+\s+){0,2}${PLATFORM}\b|\b(page|account|feed|channel)\s+(of|for)\s+the\s+school\b|\bpretending\s+to\s+be\s+(the|our)\s+school\b` +
    String.raw`|\b(set\s+up|started|made|created|opened)\s+(a|an)\s+(\w+\s+){0,3}${PLATFORM}\s+(\w+\s+)?(for|called)\s+(the\s+|our\s+|their\s+|his\s+|her\s+|my\s+)?(\w+\s+){0,2}(dept|department|class|team|club|year\s+group|faculty|sport|pe|fixtures|results|teams|leavers|choir|band|orchestra|parents)\b` +
    String.raw`|\b(dept|department|faculty|pe\s+team)\s+(has\s+)?(set\s+up|started|made|created|opened)\s+(a|an|its\s+own|their\s+own)\s+(\w+\s+)?${PLATFORM}\b` +
    String.raw`|\b(set\s+up|started|made|created|opened)\s+(a|an)\s+(\w+\s+)?${PLATFORM}\s+((page|account|channel|group)\s+)?called\b` +
    String.raw`|\bthe\s+(\w+\s+)?(sixth[-\s]form|department|dept|pe|year\s+\d+|class|team|club|choir|band|library|sports?|house|parents'?)('?s)?\s+${PLATFORM}\b` +
    String.raw`|\b(set\s+up|started|made|created|opened)\s+(a|an|their\s+own|our\s+own)\s+(class|department|dept|year\s+group|team|club|faculty|phase|sports?|pe)\s+${PLATFORM}\b`,
  'i',
);
/** Someone else's page or account passing itself off as the school's: that is the problem in itself. */
const SCHOOL_IDENTITY_TAKEN = new RegExp(
  String.raw`\b(using|uses|copied|stole|stolen)\s+(the|our)\s+school'?s?\s+(logo|name|badge|crest|photos)\b` +
    String.raw`|\b(with|using|uses|has|shows?|copied|stole|stolen)\s+(the\s+|our\s+)?(school'?s?\s+)?(name\s+and\s+)?(logo|badge|crest)\b(?!\s+on\s+(her|his|my|their)\s+(lanyard|jumper|top|shirt|hoodie|id))` +
    String.raw`|\b(page|account|profile|group)\s+(called|calling\s+itself|claiming\s+to\s+be)\b[^.?!]{0,40}\bschool\b|\b(page|account|profile|group|channel)\b[^.?!]{0,30}\b(with|using|under|in)\s+(the|our)\s+school'?s?\s+name\b`,
  'i',
);
const ACCOUNT_PROBLEM =
  /\b(without\s+(asking|permission|approval|checking|telling|consulting|clearing\s+it)|permission\s+first|(don'?t|doesn'?t)\s+think\s+(the\s+)?(head|headteacher|slt|anyone|leadership)\s+knows|(head|slt|leadership|anyone|nobody)\s+(\w+\s+){0,2}(has\s+no\s+idea|doesn'?t\s+know|knows?\s+nothing)|who\s+(approved|authori[sz]ed|signed\s+off|agreed)|never\s+(came|went)\s+through|(didn'?t|did\s+not)\s+(come|go)\s+through|should\s+have\s+(asked|gone|run\s+it|checked|cleared)|(didn'?t|did\s+not|never)\s+(really\s+)?(run|ran)\s+it\s+(past|by)|asked\s+first|didn'?t\s+ask|advertis\w*|(her|his|their|own)\s+(\w+\s+)?business|comments?|commented|reviews?|replies|replying|negative|hack(ed|ing)?|compromised|password|log-?\s?in|logins?|locked\s+out|access|get\s+into|can'?t\s+(get|log)|fake|pretend\w*|impersonat\w*|cop(y|ied|ies|ying)|clon(e|ed|es|ing)|spam\w*|scam\w*|posts?|posted|posting|rants?|left|nobody|no\s+one|logo)\b|\b(didn'?t|did\s+not|doesn'?t|does\s+not)\s+(\w+\s+){0,3}(come|came)\s+from\s+(us|the\s+school|school|anyone\s+here)\b|\bnot\s+(from|by)\s+(us|the\s+school|anyone\s+here)\b/i;
const DATA_NOUN = String.raw`(seating\s+plans?|home\s+address(es)?|lists?|spreadsheets?|registers?|records?|reports?|data|details|info(rmation)?|notes|files?|documents?|folders?|ehcps?|ieps?|grades|results|marks|addresses|medical|safeguarding|child\s+protection|consent\s+forms?|forms|papers?|letters?|attachments?|attached)`;
/** A child whose family said no to photos: "on the do-not-publish list", "no photo consent". */
const NO_CONSENT =
  /\b(never|not)\s+(have|be)\s+(his|her|their)\s+(picture|photo|image)s?\s+(published|taken|shared|posted)|must\s+(never|not)\s+be\s+(photographed|published|filmed)|\b(do[-\s]not[-\s](publish|photograph|photo|share)|no[-\s](photos?|pictures?|images?|media|publicity|consent)|without\s+(photo\s+|media\s+|parental\s+)?consent|(photo|media|image)\s+consent|opted\s+out)\b/i;
/** "The clipboard in the shot shows the register", "readable in the background": personal data in a posted picture. */
const DATA_IN_SHOT = new RegExp(
  String.raw`\b(in\s+the\s+(shot|photo|picture|background|corner|video)|(the\s+)?(corner|background|edge)\s+of\s+the\s+(screenshot|photo|picture|shot|image)|behind\s+(me|us|her|him|them|it|my|the)\b)[^.?!]{0,40}\b(shows?|showing|showed|visible|readable|legible|has|had|with)\b[^.?!]{0,30}\b(${DATA_NOUN}|names)\b` +
    String.raw`|\b(readable|legible|you\s+can\s+read)\b[^.?!]{0,30}\bin\s+the\s+(background|photo|picture|shot|video|corner)\b|\b(${DATA_NOUN}|names)\b[^.?!]{0,40}\b(visible|you\s+can\s+see)\b[^.?!]{0,30}\bin\s+the\s+(background|photo|picture|shot|video|corner)\b|\b(visible|you\s+can\s+see)\b[^.?!]{0,30}\b(${DATA_NOUN}|names)\b[^.?!]{0,30}\bin\s+the\s+(background|photo|picture|shot|video|corner)\b|\b(readable|legible)\s+if\s+you\s+zoom\b`,
  'i',
);
const DATA_NOUN_RE = new RegExp(String.raw`\b${DATA_NOUN}\b`, 'i');
const DEVICE = String.raw`(laptops?|memory\s+sticks?|usbs?|usb\s+sticks?|pen\s*drives?|phones?|mobiles?|ipads?|tablets?|devices?|hard\s+drives?|computers?|bags?)`;
const DATA = new RegExp(
  [
    String.raw`\bwrong\s+(person|parent|email|address|recipient|family|group|class|child|pupil|school|people|year|\w+\s+list|screenshot|photo|picture|file|attachment|document|spreadsheet|version|link)`,
    // Receiving someone else's data is a breach too: "an email meant for someone else", "sent to me in error".
    String.raw`\b(meant|intended|supposed\s+to\s+go)\s+(for|to)\s+(someone|somebody|another|a\s+((completely|totally|entirely)\s+)?different|the\s+other|a\s+colleague|the\s+(dsl|head|headteacher|senco|office|deputy|(\w+\s+)?teacher))\b|\b(not|wasn'?t|isn'?t|was\s+not|is\s+not|weren'?t)\s+(meant|intended|addressed)\s+for\s+me\b|\b(received|got|(sent|emailed|forwarded|copied|cc'?d)\s+me)\b[^.?!]{0,80}\bin\s+error\b`,
    // Access to data one should not have is a breach to report, not a perk.
    String.raw`\b(i|we)(\s+really)?(\s+shouldn'?t|\s+should\s+not|(\s+am|\s+are|'m|'re|m)\s+not\s+(supposed|meant|allowed)\s+to)\s+(have|be\s+able\s+to)\s+(any\s+)?(access|see|open|view|read)\b|\baccess\s+(to\s+)?(\w+\s+){0,4}(i|we)\s+(shouldn'?t|should\s+not)\s+have\b`,
    String.raw`\bby\s+mistake|\baccident(al)?l?y\s+(sent|emailed|shared|cc'?d|forwarded|replied|posted|uploaded|deleted|attached|gave|printed|published|put)\b`,
    String.raw`\bsent\s+.*\bto\s+the\s+wrong\b|\bdata\s+breach|\bbreach(ed)?\s+(of\s+)?data`,
    // Sent, given or saved where it should not go: to another family, a personal account, instead of someone.
    String.raw`\b(sent|emailed|forwarded|posted|gave|given|shared|uploaded|attached|printed|saved|copied|downloaded|moved|transferred|put)\b[^.?!]{0,120}\b(instead\s+of|to\s+(another|a\s+different|the\s+other|the\s+whole|all\s+the)\s+(family|parent|pupil|child|school|class|person|staff|year)|(to|onto|into|on)\s+(my|a|his|her|their)\s+([\w']+\s+){0,2}?(own\s+|home\s+|personal\s+)+(email|e-?mail|account|computer|pc|laptop|device|phone|drive|cloud|dropbox)|(gmail|hotmail|yahoo|icloud|dropbox)\b)`,
    String.raw`\b${DATA_NOUN}\b[^.?!]{0,80}\b(public|publicly|anyone\s+with\s+the\s+link)\b`,
    // "Someone shared a screenshot of a pupil's SEN report in the staff chat": a copy of the record is the record.
    String.raw`\b(shared|posted|sent|forwarded|uploaded|put|attached)\b[^.?!]{0,60}\b(screenshots?|screenies?|photos?|pictures?|pics?|cop(y|ies)|scans?)\s+of\s+([\w']+\s+){0,3}${DATA_NOUN}\b|\bscreenshott?ed\s+([\w']+\s+){0,3}${DATA_NOUN}\b`,
    // "I put the assembly photos up and one child is on the do-not-publish list": consent withheld is a breach.
    String.raw`\b(posted|put|shared|uploaded|published|tweeted)\b[\s\S]{0,200}${NO_CONSENT.source}`,
    // "The register shows in the shot", "the plan is readable in the background": exposed in a picture.
    DATA_IN_SHOT.source,
    // "In the background you can clearly read a list of pupils": the data is exposed in the picture.
    String.raw`\b(can|could)\s+((clearly|easily|actually|still)\s+)?(read|make\s+out|zoom\s+in\s+on)\b[^.?!]{0,40}\b(${DATA_NOUN}|trackers?|full\s+names)\b|\b(can|could)\s+(clearly|easily)\s+see\b[^.?!]{0,40}\b${DATA_NOUN}\b`,
    // "I didn't notice the class list was up on the screen behind me": data caught in the picture.
    String.raw`\b(didn'?t|did\s+not|never)\s+(notice|see|spot|realise|realize|check)\b[^.?!]{0,60}\b(${DATA_NOUN}|names)\b[^.?!]{0,80}\b(behind|background|in\s+(the\s+)?(shot|photo|picture|frame|video)|on\s+(the\s+)?(screen|board|wall|desk)|visible)\b`,
    // "I meant to send it to my teacher but it went into the parents' group instead".
    String.raw`\b(meant|intended|supposed|trying)\s+to\s+(send|email|post|share|forward|message|put|upload|paste)\b[^.?!]{0,200}\b(instead|but\s+it\s+went|went\s+(in)?to)\b`,
    // "I didn't crop it, so the whole class's names and scores are on it".
    String.raw`\b(didn'?t|did\s+not|forgot\s+to)\s+(crop|blur|redact|cover|hide)\b|\bwhole\s+class'?s?\s+(names|scores|results|marks|details|data|grades)\b`,
    // "I shared my screen and the class list was open in another tab".
    String.raw`\bshared\s+my\s+screen\b[^.?!]{0,100}\b${DATA_NOUN}\b|\b${DATA_NOUN}\b[^.?!]{0,40}\b(was|were)\s+(still\s+)?(open|showing|visible|up)\s+(in|on)\s+(another|a|the\s+other)\s+(tab|window|screen)\b`,
    String.raw`\b(i|we)\s+(definitely\s+|really\s+|surely\s+)?(shouldn'?t|should\s+not)\s+(see|be\s+seeing|have\s+seen|be\s+in|be\s+looking\s+at)\s+(this|these|that|it|them)\b`,
    // "I can open the HR folder with everyone's pay details; I'm pretty sure I'm not meant to."
    String.raw`\bcan\s+(open|see|access|view|read|get\s+into|edit)\b[^.?!]{0,80}\b${DATA_NOUN}\b[\s\S]{0,120}\b(not\s+(meant|supposed|allowed)|shouldn'?t|should\s+not)\b`,
    String.raw`\b(lost|losing|left|misplaced|dropped)\s+(my\s+|a\s+|the\s+|our\s+|some\s+)?(own\s+|personal\s+|printed\s+|paper\s+)?(school\s+|work\s+|staff\s+|class\s+)?(${DEVICE}|${DATA_NOUN})\b`,
    String.raw`\b(i|we|he|she|they)\s+(really\s+|surely\s+)?(shouldn'?t|should\s+not|(is|isn'?t|are|aren'?t)\s+(not\s+)?(supposed|meant|allowed)\s+to)\s+have\s+(any\s+)?access\b`,
    String.raw`\b(sent|emailed|forwarded|posted|shared|copied|cc'?d|gave|given|attached|uploaded)\b[^.?!]{0,100}\bto\s+the\s+wrong\b|\b(someone|somebody|a\s+stranger)\s+(has\s+)?(logged|got|hacked)\s+(in)?to\s+my\b|\blogged\s+into\s+from\b|\bcompromised\b`,
    String.raw`\b(${DEVICE}|${DATA_NOUN})\b[^.?!]{0,60}\b(stolen|nicked|pinched|missing|lost|left\s+(on|in|at|behind|unlocked|unattended))\b`,
    String.raw`\bpersonal\s+data|\bpupil\s+data|\breply\s+all|\breplied\s+all|\bcc'?d|\bbcc|\b(to|cc)\s+field\b|\bhacked|\bphishing|\bclicked\s+(on\s+)?a\s+(link|dodgy)|\bpassword\s+(was\s+)?(shared|leaked|stolen)|(?<!\b(roof|pipe|ceiling|water|tap|radiator)('?s|\s+has|\s+had)?\s+)\bleaked`,
    String.raw`(?<!\b(the|a|an|our|one)\s)\b(gave|given|give|giving|shared|sharing|told|lent|lend)\s+(\w+\s+){0,3}(my\s+|our\s+|the\s+)?(log-?\s?in|login|password|passcode|credentials|log-?in\s+details)\b|\b(my|our)\s+(log-?\s?in|login|password)\s+(to|with)\b`,
  ].join('|'),
  'i',
);
const CONTENT_ADJ = String.raw`(unpleasant|racist|sexist|homophobic|transphobic|misogynist\w*|swear(ing|y)?|profan\w*|obscene|crude|filthy|smutty|inappropriate|adult|explicit|porn(ography|ographic)?|offensive|violent|gambling|betting|dating|unsuitable|harmful|graphic|gory|gore|sexual|disturbing|shocking|gruesome|horror|rude|fight(ing)?|shoot(ing|er|em-?up)|killing|x-?rated|nsfw|18\+?)`;
const CONTENT_NOUN = String.raw`(attachments?|emails?|bits|scenes|language|memes?|jokes?|cartoons?|gifs?|content|sites?|websites?|pages?|material|images?|pictures?|pics?|photos?|videos?|clips?|films?|games?|apps?|pop-?ups?|ads?|adverts?|advertisements?|search(es)?|results?|stuff|links?)`;
const SCHOOL_IT = String.raw`(ipads?|chromebooks?|laptops?|computers?|pcs|desktops?|tablets?|whiteboard|interactive\s+(white)?board|smartboard|board|projector|screen|wifi|network|school\s+(email|address|account|device)|work\s+(email|account|laptop|address)|computer\s+suite|ict|youtube|google(\s+images)?|search|lesson|autoplay)`;
const INAPPROPRIATE = new RegExp(
  [
    String.raw`\b${CONTENT_ADJ}\s+(\w+\s+)?${CONTENT_NOUN}\b`,
    // "An advert with loads of swearing came on": the content named after what it was in.
    String.raw`\b${CONTENT_NOUN}\s+(with|containing|full\s+of|showing)\s+(\w+\s+){0,3}(swearing|nudity|violence|gore|sex|bad\s+language|explicit|porn\w*)\b`,
    String.raw`\b(porn\w*|behead\w*|gore|nudes?|naked|topless)\b|\b(password[-\s]cracking|hacking|cracking)\s+(sites?|websites?|tools?|software)\b|\b(clips?|videos?|footage|films?)\b[^.?!]{0,60}\bbeing\s+(killed|stabbed|shot|beaten(\s+up)?|executed|murdered|tortured|hanged)\b|\b(clips?|videos?|footage|films?)\s+of\s+(a\s+|an\s+|some\s+|people\s+)?(\w+\s+){0,2}(fights?|fighting|stabbings?|beatings?|assaults?|shootings?|car\s+crash(es)?)\b|\bsex\s+toys?\b|\b(really|very|quite|so|pretty)\s+(explicit|graphic|sexual)\b|\b(gambling|betting|dating)\s+(site|app|website)s?\b`,
    String.raw`\b(filter(ing|ed|s)?|firewall|blocked\s+sites?|not\s+blocked|unblocked|vpns?|proxy|proxies|bypass(ed|ing)?|pop-?ups?)\b`,
    String.raw`\b(came\s+up|popped\s+up|appeared|showed\s+up)\b[^.?!]{0,80}\b${SCHOOL_IT}\b|\b${SCHOOL_IT}\b[^.?!]{0,80}\b(came\s+up|popped\s+up|appeared|showed\s+up|went\s+(on\s+)?to)\b`,
  ].join('|'),
  'i',
);
/** Explicit, hateful or gory material seen on school IT, in a browser, or passed round by email or a staff chat. */
function contentOnSchoolIt(q: string): boolean {
  return CONTENT.test(q) && SHOWN_OR_SENT.test(q);
}
const CONTENT = new RegExp(
  String.raw`\b${CONTENT_ADJ},\s+(\w+\s+)?${CONTENT_NOUN}\b|\b${CONTENT_NOUN}\s+((came|come|comes|coming)\s+(on|up)\s+|popped\s+up\s+)?(with|containing|full\s+of|showing)\s+(\w+\s+){0,3}(swearing|nudity|violence|gore|sex|bad\s+language|explicit|porn\w*|underwear)\b|\b${CONTENT_ADJ}\s+(\w+\s+)?${CONTENT_NOUN}\b|\b${CONTENT_NOUN}\b[^?!]{0,120}\b(it'?s|it\s+(is|was)|they'?re|they\s+(are|were)|which\s+(is|was)|turned\s+out\s+to\s+be)\s+((really|very|quite|pretty|so|properly|genuinely|seriously)\s+)?${CONTENT_ADJ}\b|\b(porn\w*|behead\w*|gore|gory)\b|\b(gambling|betting|adult)\s+(site|website)s?\b`,
  'i',
);
/** "A 'joke' attachment and it's really racist": a hateful or explicit item, named with what it was. */
const HATEFUL_ITEM = new RegExp(
  String.raw`\b(racist|sexist|homophobic|transphobic|obscene|pornographic)\s+(\w+\s+){0,2}${CONTENT_NOUN}\b|\b${CONTENT_NOUN}\b[^.?!]{0,60}\b(it'?s|its|it\s+is|was|is)\s+((really|very|quite|so)\s+)?(racist|sexist|homophobic|transphobic|obscene|pornographic)\b`,
  'i',
);
const PORN =
  /\b(porn\w*|x-?rated|adult\s+(videos?|films?|sites?|content|material|images?|pictures?)|explicit\s+(\w+\s+)?(pictures?|images?|videos?|photos?|sites?|links?|content|material))\b/i;
const SHOWN_OR_SENT = new RegExp(
  String.raw`\b(ipads?|chromebooks?|laptops?|computers?|pcs?|desktops?|tablets?|whiteboard|projector|screen|school\s+(email|account|device|system)|work\s+(email|account|laptop)|youtube|google|search(es|ed)?|emails?|e-?mailed|e-mails?|inbox(es)?|(school|work)\s+address|browser|history|(the|interactive|smart)\s+board|teams|channel|google\s+classroom|onedrive|sharepoint|tabs?|chain|forwarded|autoplay|staff\s+(group|chat|whatsapp|wa|room)|air-?drop\w*|(class|group|year)\s+chat)\b`,
  'i',
);

/** "... and I could see all the safeguarding files": what was opened makes it a breach. */
const OPENED_DATA = /\b(could\s+see|opened|accessed|read\s+(one|some|it|them))\b/i;

/** "A colleague gave me her login": her conduct (my own login given away is a data breach). */
const COLLEAGUE_SHARED_LOGIN = new RegExp(
  String.raw`\b${ROLE}\s+(\w+\s+){0,2}(gave|given|gives|told|tells|shared|shares|lent|lends)\b[^.?!]{0,40}\b(her|his|their)\s+(own\s+|school\s+)*(password|login|log-?in|credentials|log-?in\s+details)\b`,
  'i',
);

const CONDUCT =
  /\b(breach(ed|ing)?\s+(the\s+)?(policy|code)|posting\s+about\s+(pupils|students|the\s+school|work)|friends?\s+with\s+(\w+\s+){0,2}(pupils|students|kids|year\s?\d+s?|y\d+s?|sixth\s+formers)|following\s+(pupils|students)|drunk|inappropriate\s+(photos?|posts?|comments?|behaviou?r|relationship)|photos?\s+of\s+(pupils|students)|pictures?\s+of\s+(pupils|students)|(is|was|has\s+been)\s+(messaging|texting|contacting|following|posting|sharing|talking\s+to|snapchatting|emailing))\b/i;

/** "Saying I'm the reason she's training to teach": said about me, but kindly. */
const PRAISE = /\b(lovely|kind|thank\w*|grateful|sweet|proud|inspir\w*|the\s+reason\s+(she|he|they|i)\b)/i;

/** The member of staff asking is on the receiving end ("abusing me", "posts about me", "in my name"). */
function staffIsTarget(q: string): boolean {
  return ME.test(q.replace(REPORTER, ' ')) || RECEIVED.test(q);
}

/** "Got a really sexist message on Insta": a sentence that opens with receiving has me as its subject. */
const RECEIVED =
  /(^|[.!?]\s+)((i|i've|i\s+have|i'?m|i\s+am|just|been)\s+)*(got|received|getting|receiving|being\s+sent|been\s+sent)\s+/i;

/** A colleague does something, as opposed to only passing the news on ("the cover supervisor told me ..."). */
function colleagueActs(q: string): boolean {
  return COLLEAGUE.test(q.replace(COLLEAGUE_REPORTS, ' ')) || COLLEAGUE_ADMITS.test(q);
}

/** "A colleague told me he uses a VPN to get round the filter": the teller is the one who acts. */
const COLLEAGUE_ADMITS = new RegExp(
  String.raw`\b${ROLE}\s+(told\s+me|said|admitted|mentioned|bragged|boasted|let\s+slip)\s+(to\s+me\s+)?(that\s+)?(he|she|they)\s+(\w+\s+)?(uses?|used|gets?\s+round|got\s+round|bypass\w*|accepted|added|follows?|followed|is\s+friends|messages|messaged|texts|texted|posts|posted|shares|shared|goes\s+on|went\s+on|watches|watched|looks\s+at|looked\s+at)\b`,
  'i',
);

/** "I posted a rant on Facebook about a meeting at work": my own post about work is a conduct matter. */
const SELF_CONDUCT =
  /\b(i'?ve\s+been|i\s+have\s+been|i\s+keep)\s+(arguing|ranting|rowing|tweeting|commenting)\b[^.?!]{0,80}\b(on\s+)?(x|twitter|facebook|insta\w*|tiktok|social\s+media)\b|(^|[.!?]\s+|(?<!\b(can|could|may|might|should|shall|would|will|do|did|must)\s)\bi\s+|\bi'?ve\s+|\bthat\s+i\s+)(just\s+)?(put|posted|shared|uploaded)\s+(a\s+few|a\s+couple\s+of|a|an|some|the|my)\s+(\w+\s+){0,5}(pics?|pictures?|photos?|videos?|posts?|story|stories)\b[^.?!]{0,60}\bmy\s+(own\s+|personal\s+)?(facebook|insta\w*|tiktok|twitter|x|snapchat|page|account|story)\b|\bmy\s+(own\s+)?(facebook|insta\w*|tiktok|twitter|profile|page|account|photos?|pictures?)\b[\s\S]{0,160}\b(drinking|drunk|swearing|nights?\s+out|bikini|hungover)\b|\b(i|i've|i\s+have)\s+(just\s+)?had\s+a\s+(rant|moan|vent|go|dig)\s+(on|about)\b|(\b(i'?ve|i\s+have)\s+(been\s+)?(putting|put|adding|added|advertis(ed|ing)|promot(ed|ing)|selling|sold)|\bi\s+(put|added|advertised|promoted|sold))\b[^.?!]{0,60}\b(shop|business|products?|candles|flyers?)\b[^.?!]{0,60}\b(school|work|staff)\b|\b(i|i've|i\s+have)\s+(just\s+|stupidly\s+)?(posted|tweeted|wrote|written|shared|commented|put)\b[^.?!]{0,60}\b(our|my)\s+(school'?s?|head|headteacher|management|leadership|leaders|slt|boss|colleagues?|governors?|trust|academy)\b|\b(i|i've|i\s+have|i\s+may\s+have|i\s+might\s+have)\s+(just\s+|accidentally\s+|stupidly\s+)?(posted|shared|written|wrote|tweeted|uploaded|commented|liked|retweeted|reposted|put\s+(some\s+|a\s+|the\s+|those\s+)?(photos?|pictures?|pics?|videos?|posts?|a\s+post|status)|(left|put)\s+(a|an|some|this|that)\s+(\w+\s+)?(comments?|reviews?|repl(y|ies)|posts?))\b[^.?!]{0,80}\b(about|of|on|from)\s+(\w+\s+){0,4}(work|school|colleagues?|pupils?|students?|kids|children|child|class|meeting|head(teacher)?|boss|manager|parents?|ofsted|slt|governors?|chair\s+of\s+governors)\b/i;

/** My own account: what is on it is mine to answer for, even "photos of me". */
const OWN_ACCOUNT = /\bmy\s+(own\s+|personal\s+)?(facebook|insta\w*|tiktok|twitter|profile|page|account|story|feed)\b/i;

/** A nude of a named young person: "a naked pic of a classmate", "nudes of her". */
const NUDITY_OF_YOUNG_PERSON =
  /\b(nudes?|naked|topless|explicit|sexual)\b[^.?!]{0,40}\bof\s+(her|him|herself|himself|(a\s+|an\s+|his\s+|one\s+of\s+\w+\s+|two\s+of\s+\w+\s+|some\s+)?(\w+\s+)?(pupils?|students?|child(ren)?|kids?|classmates?|girls?|boys?|year\s?\d{1,2}s?|y\d{1,2}s?|sixth\s?formers?|daughter|son|minors?))\b/i;
/** Pupils browsing on school IT: the content was adult, not necessarily of a child (that is inappropriate_content). */
const BROWSING_SCHOOL_IT = new RegExp(
  String.raw`\b(looking\s+at|looked\s+at|watching|watched|search\w*|googl\w*|came\s+up|popped\s+up|browsing|websites?|sites?)\b[^.?!]{0,80}\b${SCHOOL_IT}\b|\b${SCHOOL_IT}\b[^.?!]{0,80}\b(looking\s+at|looked\s+at|watching|watched|search\w*|googl\w*|came\s+up|popped\s+up|browsing)\b`,
  'i',
);

/** "A folder I think may contain pictures of children": found on a device or behind a link, and feared. */
/** "I think it's the kind of picture that's illegal" (with a young person named somewhere). */
const ILLEGAL_PICTURE =
  /\b((kind|sort|type)\s+of\s+)?(pictures?|photos?|images?|videos?|screenshots?)\s+(that'?s|that\s+is|which\s+is|that\s+are)\s+(probably\s+|definitely\s+|actually\s+)?illegal\b/i;
const IMAGES_OF_CHILDREN =
  /\b(stuff|content|material|things|something)\s+([\w']+\s+){0,4}involving\s+(kids|children|a\s+child|minors)\b|\b(pictures?|photos?|images?|pics?|videos?|thumbnails?)\s+((on|in)\s+(it|there|them)\s+|([^.?!]{0,40}?\s)?(are|is|were|was)\s+)?of\s+(a\s+|an\s+|young\s+|little\s+|small\s+)*(child|children|kids?|minors?|girls?|boys?)\b/i;
const FOUND_HIDDEN =
  /\b(monitors?|screens?|computer|album|ipads?|tablets?|camera\s+roll|whatsapp|group\s+chat|discord|telegram|comments|folders?|files?|file\s+names|thumbnails?|recycle\s+bin|hard\s+drive|usb|memory\s+stick|pen\s+drive|links?|downloads?|hidden|browser\s+history|search\s+history|laptop|desktop|phone)\b/i;
const SUSPECTED =
  /\b((may|might|could)\s+(be|contain|have|lead|show)|believes?|suspect\w*|worried|worrying|fear\w*|suggest\w*|leads?\s+to|no\s+(adult|one|teacher|grown-?up)\s+should|(anyone|anybody)\s+should\s+have|(definitely\s+|really\s+)?not\s+(ok|okay|right)|(didn'?t|did\s+not)\s+like\s+the\s+look\s+of|(don'?t|doesn'?t|do\s+not|does\s+not)\s+look\s+right|(shouldn'?t|should\s+not)\s+have\s+seen|make\s+me\s+think|point\s+to|don'?t\s+think\s+(they|it)('?re|'?s|\s+(are|is))\s+(ok|okay|right)|i\s+think\s+(there|it|they)|(did\s+not|didn'?t|won'?t|will\s+not)\s+(click|open)|(isn'?t|is\s+not|wasn'?t)\s+(\w+\s+){0,5}(that\s+)?should\s+exist)\b/i;

/** A young person already sent pictures of themselves ("pics of herself to her boyfriend") ... */
const SELF_IMAGES_SENT =
  /\b(sent|sending|send|shared|sharing)\s+(\w+\s+){0,3}(pics?|photos?|pictures?|images?|videos?|selfies?)\s+of\s+(herself|himself|themselves)\b/i;
/** ... and someone now holds them over her, or they are going round: that is an indecent image matter. */
const IMAGES_HELD_OVER =
  /\bthreaten\w*\s+to\s+(share|post|send|leak|show|put)\b|\b(going|passed|sent|shared)\s+(a)?round\b|\bshared\s+(it|them)\s+with\b/i;

/** "A picture of a naked woman came up": adult nudity is inappropriate content, not an image of a child. */
const ADULT_NUDITY = /\b(naked|nude|topless|undressed)\s+(wom[ae]n|m[ae]n|adults?|lady|ladies|models?|celebrit(y|ies))\b/gi;

function indecent(question: string): boolean {
  const q = question.replace(ADULT_NUDITY, ' ');
  if (INDECENT.test(q) || NUDITY_OF_YOUNG_PERSON.test(q)) return true;
  if (IMAGES_OF_CHILDREN.test(q) && FOUND_HIDDEN.test(q) && SUSPECTED.test(q)) return true;
  if (ILLEGAL_PICTURE.test(q) && YOUNG_PERSON.test(q)) return true;
  if (SELF_IMAGES_SENT.test(q) && IMAGES_HELD_OVER.test(q)) return true;
  return NUDITY.test(q) && YOUNG_PERSON.test(q) && !BROWSING_SCHOOL_IT.test(q);
}

/** A pupil or parent, named first, reached the member of staff: "a Year 9 girl has emailed my personal Hotmail". */
const PUPIL_OR_PARENT_CONTACTED_ME =
  /\b(parents?|carers?|mum|dad|mother|father|pupils?|students?|child|kid|girl|boy|year\s?\d{1,2}s?|y\d{1,2}s?|tutees?|sixth\s?formers?)\b[^.?!]{0,40}\b(has\s+|have\s+)?(emailed|messaged|texted|dm'?d|dmed|contacted|added|followed|whatsapped|snapchatted)\s+(me|my)\b/i;

const RULES: TypeRule[] = [
  { type: 'indecent_images', test: indecent },
  { type: 'radicalisation', test: (q) => RADICAL.test(q) || RADICAL_CASED.test(q) },
  {
    type: 'media_contact',
    test: (q) =>
      (MEDIA.test(q.replace(NEWS_PAGE, ' ')) || MEDIA_CASED.test(q)) && !/\bsocial\s+media\b/i.test(q.replace(MEDIA, '')),
  },
  // "A photographer says I used her picture without a licence": a copyright claim, not abuse of me or an account matter.
  { type: 'other', test: (q) => COPYRIGHT_CLAIM.test(q) },
  // Porn left under a post on the school's page: the material is the matter, unless the account was taken over.
  { type: 'inappropriate_content', test: (q) => PORN.test(q) && SCHOOL_ACCOUNT.test(q) && !ACCOUNT_TAKEN_OVER.test(q) && !ABOUT_ME.test(q) },
  {
    type: 'school_account',
    // Comments picking on a pupil under the school's posts put the pupil at risk, whatever page they are on.
    test: (q) =>
      SCHOOL_IDENTITY_TAKEN.test(q) ||
      (SCHOOL_ACCOUNT.test(q) &&
        (ABUSE.test(q) || ACCOUNT_PROBLEM.test(q)) &&
        !pupilIsVictim(q) &&
        !pupilAtRisk(q) &&
        !NO_CONSENT.test(q) &&
        !(AIMED_AT_ME.test(q) && !RUNS_THE_PAGE.test(q) && !ACCOUNT_TAKEN_OVER.test(q)) &&
        !(SENT_BY_MISTAKE.test(q) && DATA_NOUN_RE.test(q)) &&
        !DATA_IN_SHOT.test(q)),
  },
  // "A colleague told me her password so I could print": her conduct; my own shared login is a breach.
  { type: 'staff_conduct', test: (q) => COLLEAGUE_SHARED_LOGIN.test(q) && !(OPENED_DATA.test(q) && DATA_NOUN_RE.test(q)) },
  // "A horrible email full of porn links": what was sent decides, however nasty it felt.
  { type: 'inappropriate_content', test: (q) => (PORN.test(q) || HATEFUL_ITEM.test(q)) && SHOWN_OR_SENT.test(q) && !ABOUT_ME.test(q) },
  // "I clicked a link and now the PC says it is infected": a virus, unless personal data is named.
  { type: 'other', test: (q) => MALWARE.test(q) && !DATA_NOUN_RE.test(q.replace(RENAMED_FILES, ' ')) },
  // "A supply teacher was looking at porn on the classroom laptop": what was on the screen decides, not who.
  { type: 'inappropriate_content', test: contentOnSchoolIt },
  // "A Year 9 girl emailed my personal Hotmail": the pupil made contact; nothing of the school's was sent.
  { type: 'data_breach', test: (q) => DATA.test(q) && !PUPIL_OR_PARENT_CONTACTED_ME.test(q) && !OWN_DETAILS_PUBLIC.test(q) },
  // "I put a rude reply under a news post about our head": my own post is the matter, however rude.
  { type: 'staff_conduct', test: (q) => SELF_CONDUCT.test(q) && (!ABOUT_ME.test(q) || OWN_ACCOUNT.test(q)) && !SCHOOL_ACCOUNT.test(q) && !DATA_IN_SHOT.test(q) },
  // Abuse aimed at me, whoever does it (a parent, a pupil, a colleague); abuse of a pupil is a safeguarding matter.
  {
    type: 'online_abuse',
    test: (q) =>
      (ABUSE.test(q) || (ABOUT_ME.test(q) && !PRAISE.test(q) && !PUPIL_OR_PARENT_CONTACTED_ME.test(q))) &&
      staffIsTarget(q) &&
      !pupilIsVictim(q) &&
      !pupilAtRisk(q),
  },
  // "The student teacher downloaded a free game onto the class laptop": the software is the matter.
  { type: 'other', test: (q) => DOWNLOADED_SOFTWARE.test(q) },
  {
    type: 'staff_conduct',
    // "A pupil has been talking to an adult who said not to tell": the pupil is at risk, not a colleague at fault.
    test: (q) =>
      colleagueActs(q) ||
      SELF_CONDUCT.test(q) ||
      (CONDUCT.test(q) && !staffIsTarget(q) && !pupilAtRisk(q)),
  },
  {
    type: 'pupil_online_safety',
    test: (q) =>
      PUPIL.test(q) &&
      (PUPIL_RISK.test(q) ||
        OWN_DETAILS_PUBLIC.test(q) ||
        pupilIsVictim(q) ||
        ((PUPIL_RISK_WEAK.test(q) || ABUSE.test(q)) &&
          !CONTACTS_ME.test(q) &&
          !INAPPROPRIATE.test(q))),
  },
  // "Now the PC keeps throwing up pop-ups saying it's infected": a virus, not unsuitable content.
  { type: 'other', test: (q) => MALWARE.test(q) },
  { type: 'inappropriate_content', test: (q) => INAPPROPRIATE.test(q) },
  {
    type: 'pupil_contact',
    test: (q) => (PUPIL.test(q) || FORMER.test(q)) && CONTACT_ACT.test(q) && !parentIsActor(q),
  },
  { type: 'parent_contact', test: (q) => PARENT.test(q) && CONTACT_ACT.test(q) },
  // Something went wrong that none of the types above is about: copyright, software, devices on the network.
  { type: 'other', test: (q) => OTHER_INCIDENT.test(q) },
];

/** Someone's work used without the right to: a copyright matter, whoever complains about it. */
const COPYRIGHT_CLAIM = /\b(photo|picture|image|stock)\s+agenc(y|ies)\b|\bbelongs\s+to\s+(them|her|him)\b|\b(download\w*|stream\w*)\b[^.?!]{0,80}\b(not\s+(be\s+)?legal|illegal(ly)?)\b|\b(photographer|illustrator|artist|publisher|author)s?\b[^.?!]{0,80}\b(asking|asked|wants?|demand\w*|invoice\w*|fee|credit|take\s+(it\s+|them\s+)?down|remove)\b|\bscann\w*\s+(in\s+)?(the\s+|a\s+)?(whole|entire)\s+(\w+\s+){0,3}(textbook|book|workbook|novel)|\b(cracked\s+(cop(y|ies)|versions?)|copyright\w*|licen[cs]e[ds]?(?!\s+to\s+(breed|kill|print))|licen[cs]ing|pirat\w*|royalt(y|ies)|chart\s+songs?|disney|watermark\w*)\b/i;
const MALWARE =
  /\b(threats?\s+(detected|found)|virus|viruses|malware|ransomware|trojan|infected|antivirus\s+(\w+\s+){0,5}(warnings?|alerts?|going\s+(mad|off)|flagg\w*)|threat\s+(warnings?|alerts?)|(weird|strange|random)\s+(windows|pop-?ups?|programs?)|(throwing|throws|popping|keeps\s+popping)\s+(up\s+)?pop-?ups?|running\s+(really\s+|very\s+|super\s+)?slow(ly)?|files\s+(have|with)\s+(funny|weird|strange)\s+names|files\s+(are|have\s+been)\s+(locked|encrypted)|pay\s+(a\s+)?ransom|bitcoin)\b/i;
/** Files renamed or locked by ransomware are a symptom, not personal data someone exposed. */
const RENAMED_FILES = /\bfiles\s+((have|with)\s+(funny|weird|strange)\s+names|(are|have\s+been)\s+(locked|encrypted))\b/gi;
/** Software someone put on school machines: licences and viruses, not unsuitable content. */
const DOWNLOADED_SOFTWARE =
  /\b(download\w*|install\w*|put)\s+([\w'-]+\s+){0,5}(games?|apps?|programs?|programmes?|software|tools?|extensions?)\b[^.?!]{0,40}?\s(onto|on\s+to|on|to)\s+(the\s+|my\s+|our\s+|a\s+)?([\w'-]+\s+){0,2}(pcs?|computers?|laptops?|ipads?|chromebooks?|machines?|devices?|tablets?)\b/i;
/** School kit that can be damaged or stop working. */
const EQUIPMENT = String.raw`(laptops?|ipads?|screens?|projectors?|computers?|pcs?|(interactive\s+)?whiteboards?|smart\s?boards?|chromebooks?|tablets?|cameras?|visuali[sz]ers?|printers?|monitors?|keyboards?|speakers?|headphones?|microphones?)`;

const OTHER_INCIDENT = new RegExp(
  String.raw`\b(download\w*|install\w*)\s+([\w'-]+\s+){0,4}(onto|on\s+to|on|to)\s+(the\s+|my\s+|our\s+)?(school|classroom|class|club|lab|work|staff|library|office)\s+(\w+\s+)?(pcs?|computers?|laptops?|ipads?|machines?|devices?|network)\b|\binstall(ed|ing)?\s+(a|an|some|the)\s+(free\s+)?(\w+\s+){0,2}(tool|app|program|programme|software|extension|game)\b` +
    String.raw`|\bconnected\s+(\w+\s+){0,4}(to|into)\s+(the\s+)?(school\s+)?(wifi|wi-fi|network)\b|\bplugged\s+(\w+\s+){0,6}into\s+(the\s+|a\s+)?(network|socket|network\s+socket|network\s+point)\b` +
    String.raw`|\b(broke|broken|cracked|smashed|damaged|dropped)\s+(\w+\s+){0,2}(laptop|ipad|screen|projector|computer|whiteboard|chromebook|tablet|camera)\b|\b(screen|laptop|chromebook|ipad|tablet|projector)('?s|\s+is|\s+was|\s+has\s+been|\s+got)?\s+((completely|totally|badly|really)\s+)?(smashed|cracked|broken|damaged)\b` +
    String.raw`|\b${EQUIPMENT}\b[^.?!]{0,40}\b(has|had|got|with)\s+(a|an)\s+(\w+\s+)?(crack|dent|hole|chip)\b|\b(spilt|spilled|split|knocked)\s+(\w+\s+){0,3}(on|over|onto|into)\s+(\w+\s+){0,2}${EQUIPMENT}\b|\b(water|rain|coffee|tea|juice)\b[^.?!]{0,40}\b(onto|into|over|on)\s+(\w+\s+){0,4}${EQUIPMENT}\b|\b${EQUIPMENT}\b[^.?!]{0,80}\b(won'?t|will\s+not|doesn'?t|does\s+not)\s+(switch|turn|power|start)\s+(on|up)\b`,
  'i',
);

/** How I want to come across, not what was done to me: "say no without being rude". */
const OWN_MANNER =
  /\bnothing\s+(rude|nasty|offensive|abusive|horrible)\b|\bwithout\s+it\s+(looking|seeming|sounding|coming\s+across\s+as)\s+(rude|nasty|mean|unkind)\b|\b(is|was|she'?s|shes|he'?s|hes|they'?re|theyre|it'?s|isn'?t|wasn'?t|aren'?t)\s+(not\s+)?(being\s+)?(rude|nasty|abusive|horrible|mean|offensive|threatening)\s+(but|though|or)\b|\b(feel|feels|felt|seem|seems|would\s+be|it'?d\s+be|it'?s|is\s+it)\s+((a\s+bit|really|so|too|quite)\s+)?(rude|mean|unkind|nasty)\b|\b(without|don'?t\s+want\s+to|do\s+not\s+want\s+to|not\s+want\s+to|avoid|trying\s+not\s+to)\s+(being\s+|be\s+|seem(ing)?\s+|sound(ing)?\s+|com(e|ing)\s+across\s+(as\s+)?|look(ing)?\s+)(rude|nasty|horrible|mean|offensive|unkind|hurtful)\b/gi;

/** "A Y2 parent", "a year 9 mum", "Year 2 teacher here": the year group says whose parent, or which class, not a pupil. */
const YEAR_OF_PARENT_OR_STAFF = new RegExp(
  String.raw`(?<=\b${ROLE}\s+((on\s+placement|based|working|teaching)\s+)?(in|for|with|on)\s+)(year\s?\d{1,2}|y\d{1,2}|reception|nursery)\b|\b(year\s?\d{1,2}|y\d{1,2}|reception|nursery)\s+(?=(parents?|carers?|mums?|dads?|mothers?|fathers?)\b|${ROLE}\b)|(?<=\bhead\s+of\s+)(year\s?\d{1,2}|y\d{1,2})\b`,
  'gi',
);

/** "A boy whose mum ...": the parent is the one the sentence is about. */
const WHOSE_PARENT = /\b(boy|girl|pupil|child|kid|lad|student)\s+whose\s+(?=(mum|dad|parent|mother|father|carer|grand\w*)\b)/gi;

/** "A mum from my class added me": the parent is named before any pupil, so the parent acted. */
function parentIsActor(q: string): boolean {
  const s = q.replace(YEAR_OF_PARENT_OR_STAFF, '').replace(WHOSE_PARENT, '');
  const parent = PARENT.exec(s);
  if (!parent) return false;
  const pupilAt = Math.min(PUPIL.exec(s)?.index ?? Infinity, FORMER.exec(s)?.index ?? Infinity);
  return parent.index < pupilAt;
}

/** A pupil is named and something puts them at risk (grooming, secrecy, strangers): that outweighs other readings. */
function pupilAtRisk(q: string): boolean {
  return PUPIL.test(q) && (PUPIL_RISK.test(q) || OWN_DETAILS_PUBLIC.test(q));
}

/** The pupil, not the member of staff, is on the receiving end ("a pupil is being bullied online"). */
function pupilIsVictim(q: string): boolean {
  return (
    PUPIL.test(q) &&
    (PUPIL_TARGETED.test(q) ||
    /\b(pupil|student|child|kid|girl|boy|lad|year\s?\d+|y\d+)s?\b[^.?!]{0,40}\b(is|are|was|were|has\s+been|have\s+been|being|getting|got)\s+(being\s+)?(bullied|cyberbullied|harassed|trolled|threatened|groomed|targeted|abused|blackmailed|picked\s+on|excluded|sent|asked|pressured|contacted)\b/i.test(
      q,
    ))
  );
}

/** "Calling me lazy", "a rant about me": on the school's page it is still abuse of me, unless I run the page. */
const AIMED_AT_ME = /\b(calling|called|calls|labelling|branding)\s+me\b|\b(slagg?\w*|slat\w*|mock\w*|insult\w*|trash\w*|rubbish\w*|bad-?\s?mouth\w*)\s+me\b|\bagainst\s+(me|(mr|mrs|ms|miss|dr)\.?\s+\w+)\b|\b(about|at|of)\s+me\b|\bnamed\s+me\b/i;
/** Someone got into the account: that is the problem, whatever they wrote. */
const ACCOUNT_TAKEN_OVER = /\b(hack\w*|logged\s+in(to)?|log\s+in(to)?|got\s+into|password|compromised|taken\s+over|took\s+over)\b/i;
/** "Posted the medical list by mistake on the school page": the data is the matter, not the page. */
const SENT_BY_MISTAKE = /\bby\s+mistake\b|\baccident(al)?l?y\b|\bwrong\s+(photo|picture|file|list|document|attachment|version)\b|\binstead\s+of\b/i;
const RUNS_THE_PAGE = /\b(i|we)\s+(manage|run|look\s+after|moderate|administer|post\s+on)\b|\b(i'?m|i\s+am)\s+(one\s+of\s+)?(the\s+|an?\s+)?(admins?|administrators?|moderators?)\b/i;

/** "Nasty comments about one particular girl": what is said is aimed at a pupil. */
const PUPIL_TARGETED =
  /\b(vote|votes|voting|voted|rate|rates|rating|rank|ranks|ranking)\s+(on\s+)?(who'?s|who\s+is)\s+(the\s+)?\w+est\b|\bnobody\s+(wants|likes|cares\s+about)\s+you\b|\b(sending|sent|messaging|messaged)\s+(her|his|their)\s+(son|daughter|child|kid|boy|girl)\s+(\w+\s+){0,3}(messages?|texts?|comments?)\b|\b(mean|nasty|horrible|cruel|rude|hurtful|spiteful)\s+(captions?|comments?|names|messages?|memes?|jokes?)\b[^.?!]{0,40}\b(about|of|under|on)\s+(him|her)\b|\b(pics?|photos?|pictures?|videos?)\s+of\s+(him|her)\s+with\s+(\w+\s+)?(mean|nasty|horrible|cruel|rude|hurtful|spiteful)\b|\b(group|chat)\s+(chat\s+)?called\s+['"]?(everyone|all\s+of\s+us)\s+(but|except|apart\s+from)\b|\b(group|page|account|chat)\s+(\w+\s+){0,4}about\s+(him|her(?!\s+(son|daughter|child|children|kids?|boy|girl|twins?|baby|little|youngest|eldest|lad|husband|partner|own)\b|'s))\b|\branking\s+(\w+\s+){0,2}(photos?|pictures?|pics|girls|boys|pupils|kids)\b|\bfake\s+(\w+\s+)?(account|profile|page)\s+(using|with|in)\s+(her|his|their|a\s+\w+'?s?)\s+([\w']+\s+)?(photo|picture|name|face)|\bposting\s+([\w']+\s+){0,3}as\s+(her|him)\b|\b(call|calls|calling|called)\s+(her|him|them)\s+names\b|\b(calling|called|picking\s+on|piling\s+on(to)?|ganging\s+up\s+on|targeting|mocking|mocks|mocked|laughing\s+at)\s+(a|an|one|this|that|another|one\s+of\s+(my|our|the))\s+(\w+\s+){0,2}(pupil|student|child|kid|girl|boy|lad|year\s?\d+|y\d+)s?\b|\b(comments?|posts?|messages?|memes?|things|stuff|rumou?rs|lies|jokes?)\s+(about|aimed\s+at|targeting|directed\s+at)\s+(a|an|one|this|that|another|one\s+of\s+(my|our|the))\s+(particular\s+)?(\w+\s+)?(pupil|student|child|kid|girl|boy|lad|year\s?\d+|y\d+)s?\b/i;

/**
 * Chat shorthand the rules would otherwise miss: "a yr9 sent me a friend req on fb", "im a TA".
 * Only spellings that mean nothing else are rewritten.
 */
function chatToPlain(q: string): string {
  return q
    .replace(/\byrs?\.?\s?(\d{1,2})(s?)\b/gi, 'year $1$2')
    .replace(/\b(friend|follow)\s+reqs?\b/gi, '$1 request')
    .replace(/\bfb\b/gi, 'facebook')
    .replace(/\bim\b/gi, "i'm")
    .replace(/\bive\b/gi, "i've");
}

/** A crude 'joke', "banter": quote marks around words, which would hide them from the rules. */
const SCARE_QUOTES = /(^|[\s(])['"]([^'"\n]{1,60}?)['"](?=[\s.,!?;:)]|$)/g;

/** Returns the incident type a "Report this" button should pre-fill, or null when the question is not an incident. */
export function detectIncident(question: string): IncidentTypeId | null {
  const q = chatToPlain(question.replace(/[\u2018\u2019\u201c\u201d]/g, (c) => (c < '\u201c' ? "'" : '"')))
    .replace(SCARE_QUOTES, '$1$2')
    .replace(OWN_MANNER, ' ');
  // The gravest types need no event wording ("nudes of a year 10 going round"), unless it is plainly a rules question.
  const severe = (indecent(q) || RADICAL.test(q) || RADICAL_CASED.test(q)) && !QUESTION_OPENING.test(q);
  if (!severe && !isEvent(q)) return null;
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
export const INCIDENT_EMPHASIS: Partial<Record<IncidentTypeId, Readonly<Record<string, number>>>> =
  {
    pupil_contact: { pupil: 1, former: 1 },
    parent_contact: { parent: 1 },
    media_contact: { journalist: 1 },
    radicalisation: { radicalis: 1 },
    indecent_images: { indec: 1 },
  };
