/**
 * Turns text into search terms: lower case, UK spelling, lexicon phrases, Porter2 stems, canonical
 * synonyms. Documents and questions go through the same steps so that "mum" meets "parent/carer".
 */
import stem from 'wink-porter2-stemmer';
import { CANONICAL, LOW_VALUE, PHRASES, RELATED, STOPWORDS } from './lexicon';

const MAX_PHRASE_WORDS = 4;
const phraseKeys = new Map<string, string[]>();
/** First word of a phrase -> longest phrase length starting with it, so most words skip the lookup. */
const phraseStarts = new Map<string, number>();
for (const [phrase, value] of Object.entries(PHRASES)) {
  phraseKeys.set(
    phrase,
    value.split(' ').filter((t) => t.length > 0),
  );
  const parts = phrase.split(' ');
  phraseStarts.set(parts[0], Math.max(phraseStarts.get(parts[0]) ?? 0, parts.length));
}

const stemCache = new Map<string, string>();

/** American -ize spellings fold to the -ise forms UK policies use. */
function ukSpelling(word: string): string {
  if (word.length > 6) return word.replace(/iz(e|ed|es|ing|ation|ations|er|ers)$/, 'is$1');
  return word;
}

/** One word (lower case, no punctuation) -> its canonical term, or null for a stopword. */
export function termOf(word: string): string | null {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached || null;
  let out: string | null;
  if (STOPWORDS.has(word)) out = null;
  else if (CANONICAL[word]) out = CANONICAL[word];
  else {
    const s = stem(ukSpelling(word));
    out = CANONICAL[s] ?? s;
    if (out.length < 2 && !/\d/.test(out)) out = null;
  }
  if (stemCache.size < 50_000) stemCache.set(word, out ?? '');
  return out;
}

export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['\u2018\u2019`]/g, '')
      // "anti-virus" is also written "antivirus" and "anti virus": keep the parts and add the joined word,
      // before them so that a phrase running on from the parts still matches ("a made-up name").
      .replace(/\b([a-z]+)-([a-z]+)\b/g, (m, a: string, b: string) =>
        a.length + b.length <= 15 ? `${a}${b} ${a} ${b}` : m,
      )
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0)
  );
}

/** Canonical terms of the text, in order, with the index of the word each came from. */
export function analyze(text: string): { terms: string[]; positions: number[] } {
  const ws = words(text);
  const terms: string[] = [];
  const positions: number[] = [];
  for (let i = 0; i < ws.length; i++) {
    let matched = 0;
    const longest = phraseStarts.get(ws[i]) ?? 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, longest, ws.length - i); n >= 2; n--) {
      const value = phraseKeys.get(ws.slice(i, i + n).join(' '));
      if (value) {
        for (const v of value) {
          terms.push(v);
          positions.push(i);
        }
        matched = n;
        break;
      }
    }
    if (matched) {
      i += matched - 1;
      continue;
    }
    // "Year 9", "Y10": a pupil, as staff describe them.
    if ((ws[i] === 'year' || ws[i] === 'yr') && /^(1[0-3]|[1-9])s?$/.test(ws[i + 1] ?? '')) {
      terms.push('pupil');
      positions.push(i);
      i += 1;
      continue;
    }
    if (/^y(1[0-3]|[7-9])s?$/.test(ws[i])) {
      terms.push('pupil');
      positions.push(i);
      continue;
    }
    // Bare numbers ("17", "24") are ages, times and dates: no topic on their own.
    if (/^\d+$/.test(ws[i])) continue;
    const t = termOf(ws[i]);
    // A canonical value may be several terms: "Gmail" is a personal email.
    if (t) {
      for (const part of t.split(' ')) {
        terms.push(part);
        positions.push(i);
      }
    }
  }
  return { terms, positions };
}

export interface QueryGroup {
  /** The question's own term. */
  term: string;
  /** The term and its lexicon relatives, with weights (the term itself has 1). */
  alternatives: Map<string, number>;
  /** How much this term matters for the question (generic words matter less). */
  importance: number;
}

/** Scales every lexicon relative's weight; below 1 an exact word beats two partial matches. */
export const EXPANSION = { scale: 1 };

/**
 * A cue names the idea the whole question turns on ("watch it before I show it" is previewing), so it
 * outweighs any one of the question's own words, which neighbouring rules share.
 */
const CUE_IMPORTANCE = 1.5;

/** The question's distinct terms, each with its lexicon expansion. */
export function analyzeQuestion(question: string): QueryGroup[] {
  const seen = new Set<string>();
  const groups: QueryGroup[] = [];
  for (const term of analyze(question).terms) {
    if (seen.has(term)) continue;
    seen.add(term);
    const alternatives = new Map<string, number>([[term, 1]]);
    for (const [alt, w] of Object.entries(RELATED[term] ?? {})) {
      if (!alternatives.has(alt)) alternatives.set(alt, Math.min(1, w * EXPANSION.scale));
    }
    groups.push({ term, alternatives, importance: LOW_VALUE[term] ?? 1 });
  }
  // Some questions name the policy's idea only through what they describe (see QUESTION_CUES).
  for (const cue of QUESTION_CUES) {
    if (cue.pattern.test(question) && !seen.has(cue.term)) {
      seen.add(cue.term);
      groups.push({
        term: cue.term,
        alternatives: new Map([[cue.term, 1]]),
        importance: CUE_IMPORTANCE,
      });
    }
  }
  return groups;
}

const SCHOOL_WATCHES =
  /\b(school|schools|they|the\s+head|headteacher|it|ict|anyone|someone|management|the\s+trust|slt)\s+(actually\s+|really\s+|ever\s+|even\s+)?(check|checks|see(?!\s+as\b)|sees|track|tracks|keep\s+track\s+of|keeps\s+track\s+of|watch|watches|spy\s+on|read|reads|look\s+at|looks\s+at|log|logs|record|records)\b[^.?!]{0,40}\b(what|which|where|my|our|we|i|staff|emails?|internet|online|browsing|history)\b|\b(am|are)\s+(i|we|staff)\s+(being\s+)?(monitored|watched|tracked|checked\s+on|spied\s+on)\b/i;

const ASSUMES_PRIVATE =
  /\b(private|locked(\s+down)?|friends[\s-]only|privacy\s+settings?)\b[^.?!]{0,40}\b(so|surely|means|then|doesn'?t\s+matter|why\s+would|is\s+it\s+(really|actually)\s+private|actually\s+private|right)\b|\bis\s+(it|what\s+i\s+post)\s+(really\s+|actually\s+)?private\b/i;

const POSTS_FOR_ME =
  /\b(posts?|posting|posted|updates?|updating|runs?|running|manages?|managing|tweets?)\b[^.?!]{0,40}\b(for\s+me|on\s+my\s+behalf)\b/i;

const SHARES_LOGIN =
  /\b(give|giving|gave|share|sharing|shared|lend|borrow|tell|telling|hand|pass|wants?|asked\s+for|ask\s+for|use|using)\b[^.?!]{0,30}?\b(my|your|their|his|her|our)\s+(login|log-?in|logon|password|passcode|pin|account\s+details|login\s+details)\b/i;

const LOOK_FIRST =
  /\b(watch|check|look\s+(at|through|over)|view|vet|go\s+through|read)\b[^.?!]{0,40}?\b(first|beforehand|in\s+advance|before\s+(i|we|you|showing|using|sharing|playing|putting|it|they))\b/i;

const NOT_MINE =
  /\b(got|get|getting|received?|been\s+sent|sent\s+me|had|came|landed)\b[^.?!]{0,60}\b(meant|intended|supposed\s+to\s+go)\s+for\s+(?!me\b)\w+|\b(shouldn'?t|should\s+not|not\s+(meant|supposed)\s+to|don'?t\s+think\s+i'?m\s+(meant|supposed)\s+to)\s+(have\s+access|be\s+able\s+to\s+(see|open|access|get\s+into)|see|open|access)\b|\bcan\s+(open|see|access|get\s+into|view)\b[^.?!]{0,80}[.,;!]?\s*(i|we)\s+(definitely\s+|really\s+|surely\s+)?(shouldn'?t|should\s+not)\s+be\s+able\s+to\s*([.!?,]|$)/i;

/** "A cartoon I found online", "a picture off Google": someone else's work, which is a copyright matter. */
const FOUND_ONLINE =
  /\b(found|got|took|taken|downloaded|copied|pinched|grabbed|saved|nicked)\s+(it\s+|them\s+)?(online|on\s+(the\s+)?(internet|web|google|pinterest)|off\s+(the\s+)?(internet|web|google|pinterest)|from\s+(google|pinterest|the\s+internet|the\s+web|online|someone\s+else'?s?\s+\w+))\b/i;

/** "My Twitter bio says where I work", "if I mention the school on my Insta": naming the employer on a personal account. */
const NAMES_EMPLOYER = new RegExp(
  String.raw`\b(says?|said|put|putting|got|have|has|list|lists|listed|mention|mentions|mentioning|name|names|naming|state|states|show|shows|say|saying|include|includes)\s+(\w+\s+)?(where\s+i\s+(work|teach)|(the|my|our)\s+(school|employer|workplace)|who\s+i\s+work\s+for)\b[^.?!]{0,40}\b(my|personal|own)\s+(\w+\s+){0,2}(bio|profile|account|twitter|x|instagram|insta|facebook|fb|linkedin|tiktok|page)\b` +
    String.raw`|\b(bio|profile)\s+(\w+\s+){0,2}(says?|said|mentions?|names?|shows?|lists?|includes?)\s+(where\s+i\s+(work|teach)|(the|my|our)\s+(school|employer|workplace)|who\s+i\s+work\s+for)\b`,
  'i',
);

/** What a question describes, and the policy term for it. */
const QUESTION_CUES: readonly { pattern: RegExp; term: string }[] = [
  // "Do I need to watch a clip before I show it?": looking at something first is previewing it.
  { pattern: LOOK_FIRST, term: 'preview' },
  // "My TA asked for my login, can I give it her?": handing over a login is disclosing it.
  { pattern: SHARES_LOGIN, term: 'disclos' },
  // "Does the school check which websites we go on?": the school looking at staff use is monitoring.
  { pattern: SCHOOL_WATCHES, term: 'monitor' },
  // "My profile is friends only, so surely nothing can come back on me?": whether private posts stay private.
  { pattern: ASSUMES_PRIVATE, term: 'public' },
  // "My husband sometimes posts on my Facebook for me": an account updated by proxy.
  { pattern: POSTS_FOR_ME, term: 'proxi' },
  // "I've been sent an email meant for the DSL", "a folder I shouldn't have access to": received in error.
  { pattern: NOT_MINE, term: 'error' },
  // Naming the school on a personal account is where policies ask for a disclaimer.
  { pattern: NAMES_EMPLOYER, term: 'disclaim' },
  // "Can I post a cartoon I found online on the school page?": sharing someone else's work.
  { pattern: FOUND_ONLINE, term: 'copyright' },
];
