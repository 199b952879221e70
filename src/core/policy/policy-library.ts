/**
 * The policy knowledge base as one use case: build it from documents, ask it a question, get back
 * the quoted passage with its citation, related sections, an out-of-date warning, a "Report this"
 * suggestion, or a plain "our policy doesn't cover that".
 */
import { systemClock, type Clock } from '../clock';
import { NotFoundError, ValidationError } from '../errors';
import type { IncidentTypeId } from '../incidents/incident-types';
import { analyze } from './analyzer';
import { answerability, POLICY_SUBJECT_TERMS, type AnswerabilityFeatures } from './answerability';
import { chooseExcerpt } from './excerpt';
import { detectIncident, INCIDENT_EMPHASIS, INCIDENT_TOPIC_TERMS } from './incident-detector';
import type { Passage, PolicyDocument } from './model';
import { leadInOf, PassageIndex, scopeObjectOf, type ScoredPassage } from './retriever';
import { isReviewOverdue } from './review';
import { SchoolWords, type SchoolWordProblem } from './school-words';

export interface CitationReview {
  lastReviewed?: string;
  nextReview?: string;
  /** The next-review date has passed: the card says the policy may be out of date. */
  mayBeOutOfDate: boolean;
}

export interface Citation {
  passageId: string;
  document: string;
  fileName: string;
  section: string | null;
  heading: string | null;
  /** At most 600 characters: exactly what the card quotes. */
  excerpt: string;
  /** The whole passage, for "Show full section". */
  fullText: string;
  review?: CitationReview;
}

export interface PolicyAnswer {
  answered: boolean;
  /** The best-matching sentence, shown first on the card. */
  keySentence?: string;
  /** Best first: [0] is the quoted passage, then up to two related sections. Empty when not answered. */
  citations: Citation[];
  suggestedReport: IncidentTypeId | null;
  notCovered?: { message: string; whoToAsk: string; offerSendToSlt: true };
  /** 0..1 likelihood that the policy answers the question (see answerability.ts); below the threshold we abstain. */
  confidence: number;
}

export interface AnswerOptions {
  clock?: Clock;
  /** Only this document (by file name) is the knowledge base for the question. */
  documentFileName?: string;
}

export interface LibraryOptions {
  /** Who the "not covered" answer tells staff to ask. */
  whoToAsk?: string;
  /** Answerability below which we say the policy does not cover the question. */
  abstainBelow?: number;
  /** The school's own words for things its policies name differently (school-words.txt). */
  schoolWords?: SchoolWords;
}

export const MAX_QUESTION_CHARS = 1000;
const DEFAULT_WHO_TO_ASK = 'your line manager or the Designated Safeguarding Lead (DSL)';
export const DEFAULT_ABSTAIN_BELOW = 0.41;
/** A related section must score at least this share of the quoted one ... */
const RELATED_MIN_SHARE = 0.5;
/** ... and match at least this share of the question: a near miss is still worth a link. */
const RELATED_MIN_COVERAGE = 0.15;
const MAX_RELATED = 2;

export class PolicyLibrary {
  private readonly index: PassageIndex;
  private readonly passages = new Map<string, Passage>();
  private readonly docsByFile = new Map<string, PolicyDocument>();
  private readonly whoToAsk: string;
  private readonly abstainBelow: number;
  private readonly schoolWords: SchoolWords;

  private constructor(
    readonly documents: readonly PolicyDocument[],
    options: LibraryOptions,
  ) {
    for (const d of documents) {
      this.docsByFile.set(d.fileName, d);
      for (const p of d.passages) this.passages.set(p.id, p);
    }
    this.schoolWords = options.schoolWords ?? SchoolWords.none;
    this.index = new PassageIndex(documents.flatMap((d) => d.passages), this.schoolWords);
    this.whoToAsk = options.whoToAsk ?? DEFAULT_WHO_TO_ASK;
    this.abstainBelow = options.abstainBelow ?? DEFAULT_ABSTAIN_BELOW;
  }

  static build(documents: readonly PolicyDocument[], options: LibraryOptions = {}): PolicyLibrary {
    const names = new Set<string>();
    for (const d of documents) {
      if (names.has(d.fileName)) {
        throw new ValidationError(`Two policy files are called "${d.fileName}"; please rename one.`);
      }
      names.add(d.fileName);
    }
    return new PolicyLibrary([...documents], options);
  }

  get passageCount(): number {
    return this.passages.size;
  }

  /** Staff phrases from school-words.txt in use. */
  get schoolWordCount(): number {
    return this.schoolWords.size;
  }

  /** school-words.txt lines whose policy words no loaded document uses (they cannot help). */
  unmatchedSchoolWords(): SchoolWordProblem[] {
    return this.schoolWords.unmatched((t) => this.index.hasTerm(t));
  }

  passage(id: string): Passage | undefined {
    return this.passages.get(id);
  }

  answer(question: string, options: AnswerOptions = {}): PolicyAnswer {
    if (typeof question !== 'string' || question.trim().length === 0) {
      throw new ValidationError('Please type a question about the policy.');
    }
    if (question.length > MAX_QUESTION_CHARS) {
      throw new ValidationError(
        `That question is too long: please keep it under ${MAX_QUESTION_CHARS} characters.`,
      );
    }
    if (options.documentFileName && !this.docsByFile.has(options.documentFileName)) {
      throw new NotFoundError('That policy document is not loaded.', 'unknown policy file');
    }
    const clock = options.clock ?? systemClock;
    const { suggestedReport, results, features } = this.assess(question, options.documentFileName);
    const top = results[0];
    let likelihood = top ? answerability(features) : 0;
    // "How many characters must my password have?": a passage that states no number, frequency or
    // period does not answer a how-many / how-often / how-long question, however well its words match.
    // "How much personal use is acceptable?" asks where the line is, which words can draw, not a number.
    if (top && QUANTITY_QUESTION.test(question) && !EXTENT_QUESTION.test(question) && !statesQuantity(top))
      likelihood *= MISSING_ANSWER_FACTOR;
    // "What's the guest wifi password?": only a passage that gives a value (a number, an address) answers.
    if (top && VALUE_QUESTION.test(question) && !VALUE_ANSWER.test(nearBest(top))) likelihood *= MISSING_ANSWER_FACTOR;
    // "Who is our data protection officer?": a passage that never names that role does not say who it is.
    const role = top ? askedRole(question) : null;
    if (top && role && !namesRole(top, role)) likelihood *= MISSING_ANSWER_FACTOR;
    // "How do I reset my SIMS password?": a passage that never names the task gives no steps for it.
    const task = top ? IT_TASK_QUESTION.exec(question) : null;
    if (top && task && !namesRole(top, analyze(task[1]).terms)) likelihood *= MISSING_ANSWER_FACTOR;
    // "How do I connect my laptop to the whiteboard?": a rule on connecting devices to the network gives no steps for the board.
    else if (top && task && !namesSome(top, taskObject(task[2]))) likelihood *= MISSING_ANSWER_FACTOR;
    // "What are the password rules for laptops?": a passage that names none of the topic has no rules on it.
    const topic = top ? askedTopic(question) : null;
    if (top && topic && !namesSome(top, topic)) likelihood *= MISSING_ANSWER_FACTOR;
    // "Can pupils bring phones into school?": a staff rule that never mentions pupils says nothing about what pupils may do.
    // "I've forgotten my password, how do I get it reset?": a help-desk job no rule describes.
    if (top && IT_FIX_QUESTION.test(question) && ASKS_HOW_OR_WHO.test(question) && !IT_FIX_ANSWER.test(headingAndNearBest(top)))
      likelihood *= MISSING_ANSWER_FACTOR;
    // "Are children who have left counted as part of the school community?" asks the policy's scope instead.
    if (top && PUPIL_SUBJECT_QUESTION.test(question) && !scopeObjectOf(question) && !pupilsAsSubject(top))
      likelihood *= MISSING_ANSWER_FACTOR;
    // "I've lost my school laptop on the train, what's the process?": a passage that never speaks of
    // anything lost or stolen has no procedure for it (with data on it, the data rules do apply).
    if (top && LOSS_QUESTION.test(question) && !DATA_ON_IT.test(question) && !LOSS_ANSWER.test(headingAndNearBest(top)))
      likelihood *= MISSING_ANSWER_FACTOR;
    const confidence = Number(likelihood.toFixed(3));
    if (!top || confidence < this.abstainBelow || this.documents.length === 0) {
      return {
        answered: false,
        citations: [],
        suggestedReport,
        confidence,
        notCovered: {
          message: "Our policy doesn't cover that.",
          whoToAsk: this.whoToAsk,
          offerSendToSlt: true,
        },
      };
    }
    const focus = new Set(analyze(question).terms);
    const citations = [this.cite(top, focus, clock)];
    // Related passages may come from the quoted passage's own section: a long section is split into
    // several passages, and another part of it is often the closest related text.
    for (const r of results.slice(1)) {
      if (citations.length > MAX_RELATED) break;
      if (r.score < top.score * RELATED_MIN_SHARE || r.coverage < RELATED_MIN_COVERAGE) break;
      citations.push(this.cite(r, focus, clock));
    }
    return {
      answered: true,
      keySentence: keySentenceOf(top),
      citations,
      suggestedReport,
      confidence,
    };
  }

  /**
   * Ranks the passages for a question and describes the question for the answerability model.
   * Public so that the model's weights can be fitted on question sets (scripts/fit-answerability.ts).
   */
  assess(
    question: string,
    documentFileName?: string,
  ): { suggestedReport: IncidentTypeId | null; results: ScoredPassage[]; features: AnswerabilityFeatures } {
    const suggestedReport = detectIncident(question);
    const topic = suggestedReport ? INCIDENT_TOPIC_TERMS[suggestedReport] : [];
    const emphasis = suggestedReport ? (INCIDENT_EMPHASIS[suggestedReport] ?? {}) : {};
    const { groups, results, scopeQuestion } = this.index.rank(question, documentFileName, topic, emphasis, suggestedReport !== null);
    const top = results[0];
    const features: AnswerabilityFeatures = {
      coverage: top ? top.coverage : 0,
      score: top ? top.score : 0,
      terms: groups.length,
      unseenShare: this.index.unseenShare(groups),
      // "Does this apply to contractors?" asks about the policy itself, whatever it names.
      onSubject: groups.some((g) => POLICY_SUBJECT_TERMS.has(g.term)) || scopeQuestion,
      incident: suggestedReport !== null,
    };
    return { suggestedReport, results, features };
  }

  private cite(r: ScoredPassage, focus: ReadonlySet<string>, clock: Clock): Citation {
    const p = r.passage;
    const doc = this.docsByFile.get(p.fileName);
    const citation: Citation = {
      passageId: p.id,
      document: p.documentTitle,
      fileName: p.fileName,
      section: p.section,
      heading: p.heading,
      excerpt: chooseExcerpt(p.text, r.segments, r.segmentScores, r.bestSegment, focus),
      fullText: p.text,
    };
    if (doc && (doc.review.lastReviewed || doc.review.nextReview)) {
      citation.review = {
        lastReviewed: doc.review.lastReviewed,
        nextReview: doc.review.nextReview,
        mayBeOutOfDate: isReviewOverdue(doc.review, clock),
      };
    }
    return citation;
  }
}

/** A how-many / how-much / how-often / how-long question (at the start of a sentence), or "at what age". */
const QUANTITY_QUESTION =
  /(^|[.?!]\s+|\b(rules?|limits?|guidance)\s+(about|on)\s+)(how\s+(many|much|often|frequently|long|soon|quickly|old|big|large)\b|(at\s+)?what\s+(age|length|size)\b|what('s|\s+is|\s+are)\s+the\s+(biggest|largest|smallest|longest|shortest|maximum|minimum|max|min)\b)/i;
const QUANTITY_ANSWER =
  /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|hundred|daily|weekly|monthly|annually|annual|yearly|biennially|termly|regularly|frequently|periodically|every|within|hours?|days?|weeks?|months?|years?|once|twice|immediately|straight\s+away|promptly|as\s+soon\s+as|at\s+least|minimum|maximum|no\s+more\s+than|up\s+to|limit(ed)?|until|age(d)?|over|under)\b/i;
const EXTENT_QUESTION =
  /\bhow\s+much\s+(\w+\s+){0,5}(is|are|would\s+be|counts?\s+as)\s+(acceptable|allowed|ok|okay|permitted|reasonable|fine|too\s+much)\b/i;
/** How much a missing quantity, role or value lowers the likelihood that the passage answers. */
const MISSING_ANSWER_FACTOR = 0.4;

/** The best sentence with the sentences next to it (the whole passage if it has no sentences). */
function nearBest(r: ScoredPassage): string {
  const i = r.bestSegment;
  const from = r.segments[Math.max(0, i - 1)];
  const to = r.segments[Math.min(r.segments.length - 1, i + 1)];
  return from && to ? r.passage.text.slice(from.start, to.end) : r.passage.text;
}

/** The heading with the best sentence and the sentences next to it: where a passage says what it is about. */
function headingAndNearBest(r: ScoredPassage): string {
  return `${r.passage.heading ?? ''} ${nearBest(r)}`;
}

/** The best sentence, or the sentences next to it, state a number, a frequency or a period. */
function statesQuantity(r: ScoredPassage): boolean {
  return QUANTITY_ANSWER.test(nearBest(r));
}

/** Asks for a value to look up (a password, a phone number, an address), not for a rule. */
const VALUE_QUESTION =
  /^\s*what('s|s|\s+is|\s+are)\s+(the|our|my)\s+(\w+\s+){0,3}(password|passcode|pin|code|phone\s+number|number|extension|email\s+address|e-mail\s+address|address|url|web\s*address|link)\s*\??\s*$/i;
/** A phone number or extension (three or more digits), an email or a web address. */
const VALUE_ANSWER = /\d{3,}|@|https?:|www\./i;

/** "Who is the DSL?", "Who's our e-safety lead?": the role asked about; null for other questions. */
const ROLE_QUESTION =
  /^\s*who(?:\s+is|'s|s|\s+are)\s+(?:the|our|my|this\s+school's|the\s+school's|the\s+schools)\s+((?:[\w-]+\s+){0,4}[\w-]+)\s*\??\s*$/i;
/** "Who is the person responsible for ...": asks who does something, not who holds a named role. */
const NOT_A_ROLE = /\b(responsible|in\s+charge|to\s+blame|person|people|one|someone|best|right)\b/i;

/** An IT how-to ("How do I reset / connect / install ..."): policies set rules, help desks give steps. */
const IT_TASK_QUESTION =
  /^\s*how\s+(?:do|can|should)\s+(?:i|we)\s+(reset|connect|install|unlock|repair|fix|recover|print|log\s*in|log\s*on|sign\s+in|set\s+up|add|turn\s+on|switch\s+on|mirror|cast)\b(.*)$/i;

/** The things an IT how-to is about ("my laptop to the interactive whiteboard"), less words any IT passage names. */
function taskObject(rest: string): string[] {
  return [...new Set(analyze(rest).terms)].filter((t) => !GENERIC_IT_TERMS.has(t));
}
const GENERIC_IT_TERMS = new Set(['school', 'devic', 'staff', 'work', 'new']);

/** Something to be fixed or reset: a forgotten password, a lock-out, kit that is broken or not working. */
const IT_FIX_QUESTION =
  /\b(reset|forgot(ten)?\s+(my\s+|the\s+)?([\w-]+\s+)?(password|login|log-?in|pin)|locked\s+out|get\s+(it|them)\s+(repaired|fixed|mended|replaced)|(isn'?t|is\s+not|aren'?t|stopped|not)\s+working|won'?t\s+(work|connect|turn\s+on|switch\s+on|load|print))\b/i;
const ASKS_HOW_OR_WHO = /\b(how\s+(do|can|should|would)\s+(i|we)|who\s+(do|can|should|would)\s+(i|we)|where\s+(do|can)\s+(i|we)|what'?s\s+the\s+process)\b/i;
const IT_FIX_ANSWER = /\b(reset\w*|forgot\w*|locked|repair\w*|fix(ed|es|ing)?|faults?|faulty|broken|damage\w*|not\s+working|help\s*desk|technician|it\s+support)\b/i;

/** Something of the school's was lost or stolen ("lost my laptop", "iPad got nicked"), not a job or a temper. */
const LOSS_QUESTION =
  /\b(lost|lose|losing|misplaced|stolen|nicked|pinched)\s+(?!(my|your|his|her|their|our)\s+(job|temper|rag|patience|way)\b|(control|track|touch|sleep|it)\b)((a|an|the|my|our|one\s+of\s+the|his|her|their|some)\s+)?([\w-]+\s+){0,2}(laptops?|ipads?|tablets?|phones?|mobiles?|devices?|usbs?|memory\s+sticks?|pen\s*drives?|drives?|chromebooks?|computers?|cameras?|files?|folders?|papers?|registers?|lists?|documents?|data)\b|\b(laptops?|ipads?|tablets?|phones?|mobiles?|devices?|usbs?|memory\s+sticks?|chromebooks?|computers?|cameras?)\b[^.?!]{0,40}\b(got\s+|was\s+|been\s+|were\s+)(stolen|nicked|pinched|lost)\b/i;
const DATA_ON_IT =
  /\b(data|reports?|sen|ehcps?|encrypt\w*|emails?|photos?|pictures?|files?|spreadsheets?|information|info|notes|records?|tracking|passwords?|passcodes?|logged\s+in|accounts?|safeguarding|medical|names|addresses)\b/i;
const LOSS_ANSWER = /\b(lost|lose|loss|losing|missing|misplac\w*|stolen|theft|steal\w*)\b/i;

/** Asks what pupils may or must do ("Are pupils allowed to ...", "Can students ..."). */
const PUPIL_SUBJECT_QUESTION =
  /^\s*(can|could|are|do|does|may|should|must|will|is\s+it\s+(ok|okay|alright|fine)\s+for)\s+(the\s+|our\s+|my\s+)?((year|yr|y)\s*\d{1,2}s?\s+|reception\s+|sixth[-\s]form\s+)?(pupils?|students?|kids|children|child)\b/i;

/** "What are the password rules ...", "Is there any guidance on ...": asks for the rules on a topic. */
const TOPIC_QUESTION =
  /^\s*(?:what\s+(?:are|is)|what'?s)\s+the\s+((?:[\w'-]+\s+){1,3})(?:rules?|policy|guidance|guidelines?)\b|^\s*(?:what\s+(?:are|is)|what'?s|(?:are|is)\s+there\s+(?:any\s+)?)\s*(?:the\s+)?(?:rules?|policy|guidance|guidelines?)\s+(?:on|about|for|regarding)\s+(.+)$/i;

function askedTopic(question: string): string[] | null {
  const m = TOPIC_QUESTION.exec(question.trim().replace(/[?!.]+$/, ''));
  if (!m) return null;
  const terms = [...new Set(analyze(m[1] ?? m[2]).terms)];
  return terms.length ? terms : null;
}

/** At least half of the topic's terms appear in the heading, the best sentence or the sentences next to it. */
function namesSome(r: ScoredPassage, topic: readonly string[]): boolean {
  const near = termsNearBest(r);
  return topic.filter((t) => near.has(t)).length * 2 >= topic.length;
}

function askedRole(question: string): string[] | null {
  const m = ROLE_QUESTION.exec(question);
  if (!m || NOT_A_ROLE.test(m[1])) return null;
  const terms = [...new Set(analyze(m[1]).terms)];
  return terms.length ? terms : null;
}

/** Every word of the role (or task) appears in the heading, the best sentence or the sentences next to it. */
function namesRole(r: ScoredPassage, role: readonly string[]): boolean {
  const near = termsNearBest(r);
  return role.every((t) => near.has(t));
}

/** Terms of the heading, the best sentence and the sentences next to it. */
function termsNearBest(r: ScoredPassage): Set<string> {
  return new Set(analyze(headingAndNearBest(r)).terms);
}

/** The best sentence, its list lead-in or its heading says what pupils may, must or are taught to do. */
function pupilsAsSubject(r: ScoredPassage): boolean {
  const seg = r.segments[r.bestSegment];
  if (!seg) return PUPILS_AS_SUBJECT.test(r.passage.text);
  const lead = seg.bullet ? r.segments[leadInOf(r.segments, r.bestSegment)] : undefined;
  const text = `${r.passage.heading ?? ''} ${lead ? r.passage.text.slice(lead.start, lead.end) : ''} ${r.passage.text.slice(seg.start, seg.end)}`;
  return PUPILS_AS_SUBJECT.test(text);
}

/** A sentence that says what pupils may, must or are taught to do, not one that only mentions them. */
const PUPILS_AS_SUBJECT =
  /\b(pupils?|students?|children|child|learners|kids)(\/[\w]+)?\s+(must|may|should|can|cannot|can'?t|are|will|have|need|shall|is|were|bring|use)\b|\b(enable|teach|allow|permit|educate|encourage|help|support)s?\s+(the\s+|our\s+|all\s+)?(pupils?|students?|children|learners)\b|\b(curriculum|taught)\b/i;

function keySentenceOf(r: ScoredPassage): string {
  const seg = r.segments[r.bestSegment];
  const text = seg ? r.passage.text.slice(seg.start, seg.end) : r.passage.text;
  const sentence = text.replace(/^\s*-\s+/, '').replace(/\s+/g, ' ').trim();
  return sentence.length <= 300 ? sentence : `${sentence.slice(0, sentence.lastIndexOf(' ', 297))} ...`;
}
