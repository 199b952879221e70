/**
 * Passage retrieval: a compact BM25 index over lexicon-analysed terms finds candidates; a re-ranker
 * then scores each candidate by how much of the question its best sentence covers (IDF-weighted,
 * with the lead-in and heading counting for part), plus term proximity. That coverage is also the
 * confidence used to abstain.
 */
import { analyze, analyzeQuestion, termOf, type QueryGroup } from './analyzer';
import { OFF_SCOPE_WORDS, PHRASES } from './lexicon';
import type { Passage } from './model';
import { SchoolWords } from './school-words';

export interface Segment {
  /** Character offsets into passage.text. */
  start: number;
  end: number;
  terms: string[];
  termSet: Set<string>;
  /** The segment is a bullet item (its lead-in is the passage's first segment). */
  bullet: boolean;
  /** Leading spaces of a bullet line: a deeper bullet is a sub-item of the shallower one above it. */
  indent: number;
  /** People named only inside a list of people ("colleagues, parents, pupils, governors"). */
  listedPeople?: Set<string>;
}

interface IndexedPassage {
  passage: Passage;
  firstUnderHeading: boolean;
  /** A glossary passage ("Definitions", "the following definitions apply"). */
  glossary: boolean;
  /** Under a heading listing the duties of people other than staff ("Role of Parents/Carers"). */
  otherRole: boolean;
  segments: Segment[];
  headTerms: Set<string>;
  allTerms: Set<string>;
}

export interface ScoredPassage {
  passage: Passage;
  score: number;
  /** 0..1: IDF-weighted share of the question matched around the best sentence. */
  coverage: number;
  /** Index of the best-matching segment. */
  bestSegment: number;
  segmentScores: number[];
  segments: Segment[];
}

/**
 * Index of the sentence that introduces bullet i, or -1: for a sub-item the item it sits under
 * ("nominated a link governor to:"), otherwise the last non-bullet sentence before it.
 */
export function leadInOf(segments: readonly { bullet: boolean; indent: number }[], i: number): number {
  const indent = segments[i]?.indent ?? 0;
  for (let j = i - 1; j >= 0; j--) {
    if (!segments[j].bullet) return j;
    if (indent > 0 && segments[j].indent < indent) return j;
  }
  return -1;
}

/** Splits passage text into sentences and bullet items, with offsets. */
export function segmentPassage(text: string): Omit<Segment, 'terms' | 'termSet'>[] {
  const out: Omit<Segment, 'terms' | 'termSet'>[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    const bullet = /^\s*- /.test(line);
    const indent = bullet ? line.length - line.trimStart().length : 0;
    // Sentence ends: ". " followed by a capital, quote or digit; keeps "e.g. the" together.
    const re = /[.!?]["')]?\s+(?=["'(]?[A-Z0-9])/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      const before = line.slice(Math.max(0, m.index - 4), m.index + 1).toLowerCase();
      if (/\b(e\.g|i\.e|etc|no|dr|mr|mrs|ms|st)\.$/.test(before)) continue;
      const end = m.index + m[0].trimEnd().length;
      out.push({ start: lineStart + last, end: lineStart + end, bullet, indent });
      last = m.index + m[0].length;
    }
    if (last < line.length) out.push({ start: lineStart + last, end: lineStart + line.length, bullet, indent });
  }
  return out;
}

/** Ranking weights, tuned on the question sets in test/fixtures/eval. */
export const RANKING = {
  headCredit: 0.8,
  leadCredit: 0.7,
  /** Credit for a term found in the sentence before (not a list lead-in). */
  prevSentenceCredit: 0.5,
  passageCredit: 0.35,
  /** Weight of a question term that appears nowhere in the knowledge base (capped IDF). */
  unseenTermWeight: 2.5,
  /** Weight of an unseen question term that names an everyday non-policy topic (pay, leave, trips...). */
  offScopeTermWeight: 5,
  /** Cap on any term's IDF weight, so one rare word cannot decide alone. */
  idfCap: 2.0,
  idfFloor: 1.0,
  bm25Share: 0.1,
  /** Bonus weight for the share of the question named by the passage's heading ("Training", "Remote access"). */
  headingBonus: 0.2,
  /** "Does this policy apply to X?" is answered in the scope, purpose or introduction, not where X is named. */
  scopeHeading: 0.1,
  /** Small preference for the first passage under a heading, which usually states the rule. */
  firstUnderHeading: 0.03,
  /** Share of the score from coverage over the whole passage (heading counted in full). */
  passageShare: 0.2,
  /** IDF cap used for ranking weights (confidence uses idfCap). */
  rankIdfCap: 2.0,
  proximity: 0.08,
  /** Bonus for a definition ("X can be defined as") when the question asks what something is. */
  definition: 0.15,
  /** Further bonus when the sentence defines the very term the question asks about. */
  definedTerm: 0.2,
  /** Bonus when a sentence answers the kind of question asked (who / how often / what happens / what to do). */
  intent: 0.12,
  /** Bonus for a sentence naming several things when the question asks which sites, apps or platforms. */
  namedList: 0.15,
  /** Penalty for a sentence about current pupils when the question is about a former pupil. */
  contrast: 0.15,
  /** Penalty when the heading is about someone else ("A pupil adds you" for a question about a parent). */
  actorMismatch: 0.15,
  /** Bonus for passages about the situation an incident question describes. */
  topic: 0.08,
  /** Weight of those situation terms in the candidate search, so such passages are considered at all. */
  topicCandidateWeight: 0.3,
  /** Penalty for a glossary passage when the question asks neither what a word means nor what the policy covers. */
  glossary: 0.1,
  /** Bonus when the heading names who the question is about ("Are parents allowed to ..." -> "Role of Parents"). */
  subjectActor: 0.15,
  /** Multiplier for flattened header tables (document control, change logs). */
  metadataFactor: 0.6,
  /** Confidence multiplier when a when-question's best sentence says nothing about time. */
  noTimeFactor: 0.75,
  candidates: 20,
  /** Weight of a knowledge-base word from the same family as a question word (religion ~ religious). */
  familyWeight: 0.8,
  /**
   * Credit for a person named only in a list of people ("remarks about colleagues, parents, pupils,
   * governors"): the list says little about that person, unlike a sentence that is about them.
   */
  listedPersonCredit: 0.6,
};

/** Three or more short items separated by commas, the last perhaps after "and" / "or". */
const ENUMERATION = /(?:\b[a-z][\w'/-]*(?:\s+[a-z][\w'/-]*){0,2}\s*,\s*){2,}(?:(?:and|or|and\/or)\s+)?[a-z][\w'/-]*(?:\s+[a-z][\w'/-]*){0,2}/gi;

/** People a sentence names only inside a list of two or more kinds of people, or undefined. */
function peopleOnlyListed(text: string): Set<string> | undefined {
  let listed: Set<string> | undefined;
  const rest = text.replace(ENUMERATION, (span) => {
    const people = analyze(span).terms.filter((t) => ACTORS.has(t));
    if (new Set(people).size < 2) return span;
    listed ??= new Set();
    for (const t of people) listed.add(t);
    return ' ';
  });
  if (!listed) return undefined;
  for (const t of analyze(rest).terms) listed.delete(t);
  return listed.size ? listed : undefined;
}

/**
 * Beyond this many sentences a passage's own words count for less as a sentence's context: a long
 * list names nearly everything somewhere, which says little about any one of its lines.
 */
const LONG_PASSAGE_SEGMENTS = 6;

/** Question terms beyond which the incident type's weight grows with the question's length. */
const STORY_TERMS = 6;

/** Word families: the shorter stem has at least this many letters ... */
const FAMILY_MIN = 6;
/** ... and the longer one adds at most this many. */
const FAMILY_MAX_EXTRA = 3;
/** A long stem may be extended further ("discrimin" -> "discriminatori"): short stems would reach unrelated words. */
const FAMILY_LONG_STEM = 8;
const FAMILY_LONG_MAX_EXTRA = 5;
/** Weight of "profession" for a question that says "unprofessional". */
const NEGATED_BASE_WEIGHT = 0.7;

export class PassageIndex {
  private readonly bm25: Bm25Index;
  private readonly indexed: IndexedPassage[] = [];
  private readonly df = new Map<string, number>();
  /** Knowledge-base terms by their first FAMILY_MIN letters, to find a question word's family. */
  private readonly byPrefix = new Map<string, string[]>();
  readonly size: number;

  constructor(
    passages: readonly Passage[],
    private readonly schoolWords: SchoolWords = SchoolWords.none,
  ) {
    const docs: { terms: string[]; head: string[]; file: string }[] = [];
    // Many passages share a heading; analyse each heading once.
    const headings = new Map<string, string[]>();
    for (const passage of passages) {
      const segments = segmentPassage(passage.text).map((s) => {
        const text = passage.text.slice(s.start, s.end);
        const terms = analyze(text).terms;
        return { ...s, terms, termSet: new Set(terms), listedPeople: peopleOnlyListed(text) };
      });
      // The document's own title over its preamble names the whole document's topic, not this passage's.
      const heading = passage.heading && passage.heading !== passage.documentTitle ? passage.heading : '';
      let headList = headings.get(heading);
      if (!headList) {
        headList = analyze(heading).terms;
        headings.set(heading, headList);
      }
      const headTerms = new Set(headList);
      const allTerms = new Set<string>(headTerms);
      for (const s of segments) for (const t of s.terms) allTerms.add(t);
      for (const t of allTerms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      const prev = this.indexed[this.indexed.length - 1]?.passage;
      const firstUnderHeading =
        !prev || prev.fileName !== passage.fileName || prev.heading !== passage.heading;
      const glossary = GLOSSARY.test(`${passage.heading ?? ''}\n${passage.text.slice(0, 80)}`);
      const otherRole = isOtherRole(passage.heading);
      this.indexed.push({ passage, firstUnderHeading, glossary, otherRole, segments, headTerms, allTerms });
      docs.push({ terms: segments.flatMap((s) => s.terms), head: [...headTerms], file: passage.fileName });
    }
    this.bm25 = new Bm25Index(docs);
    for (const t of this.df.keys()) {
      if (t.length < FAMILY_MIN) continue;
      const key = t.slice(0, FAMILY_MIN);
      const list = this.byPrefix.get(key);
      if (list) list.push(t);
      else this.byPrefix.set(key, [t]);
    }
    this.size = passages.length;
  }

  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    const n = Math.max(this.size, 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** IDF of the question term, capped; terms the knowledge base never uses get a fixed weight. */
  termWeight(group: QueryGroup, cap = RANKING.idfCap): number {
    // In a tiny knowledge base every IDF is small; keep seen and unseen terms on one scale.
    if (!this.knows(group)) {
      const weight = OFF_SCOPE.has(group.term) ? RANKING.offScopeTermWeight : RANKING.unseenTermWeight;
      return Math.min(weight, this.idf(''));
    }
    return Math.min(Math.max(this.idf(group.term), RANKING.idfFloor), cap);
  }

  /** 0..1: share of the question's weight carried by terms the knowledge base never uses. */
  unseenShare(groups: readonly QueryGroup[]): number {
    let unseen = 0;
    let total = 0;
    for (const g of groups) {
      const w = this.termWeight(g) * g.importance;
      total += w;
      if (!this.knows(g)) unseen += w;
    }
    return total > 0 ? unseen / total : 0;
  }

  /** Some passage uses this canonical term. */
  hasTerm(term: string): boolean {
    return this.df.has(term);
  }

  /** The knowledge base uses the question term or one of its lexicon relatives. */
  private knows(group: QueryGroup): boolean {
    for (const t of group.alternatives.keys()) if (this.df.has(t)) return true;
    return false;
  }

  /** Ranked passages for the question, best first; optionally only from one document. */
  /**
   * `topicTerms`: canonical terms of the situation the question describes (e.g. from the incident
   * type), used as a small tie-breaking bonus; they do not change the confidence.
   */
  rank(
    question: string,
    fileName?: string,
    topicTerms: readonly string[] = [],
    emphasis: Readonly<Record<string, number>> = {},
    incident = false,
  ): { groups: QueryGroup[]; results: ScoredPassage[]; scopeQuestion: boolean } {
    const groups = analyzeQuestion(question);
    if (this.schoolWords.size) this.schoolWords.expand(groups, analyze(question).terms);
    // Porter2 leaves word families apart ("religion" -> religion, "religious" -> religi): a
    // knowledge-base term that the question term extends, or that extends it, by a few letters counts
    // as a near-synonym.
    for (const g of groups) {
      if (g.term.length < FAMILY_MIN) continue;
      for (const t of this.byPrefix.get(g.term.slice(0, FAMILY_MIN)) ?? []) {
        if (t === g.term || g.alternatives.has(t)) continue;
        const [short, long] = t.length < g.term.length ? [t, g.term] : [g.term, t];
        const maxExtra = short.length >= FAMILY_LONG_STEM ? FAMILY_LONG_MAX_EXTRA : FAMILY_MAX_EXTRA;
        if (long.length - short.length <= maxExtra && long.startsWith(short)) {
          g.alternatives.set(t, RANKING.familyWeight);
        }
      }
    }
    // "unprofessional", "non-compliance": the policy usually states the rule in the positive form.
    for (const g of groups) {
      const base = /^(un|non)(.{5,})$/.exec(g.term)?.[2];
      if (base && this.df.has(base) && !g.alternatives.has(base)) g.alternatives.set(base, NEGATED_BASE_WEIGHT);
    }
    // "Does the policy apply to volunteers?": what the policy might cover is the whole question;
    // "policy", "apply", "cover" only say it is a scope question.
    const scopeObject = scopeObjectOf(question);
    if (scopeObject) {
      const objectTerms = new Set(analyze(scopeObject).terms);
      const merged: Record<string, number> = { ...emphasis };
      for (const g of groups) {
        if (objectTerms.has(g.term) && (g.importance >= 0.5 || objectTerms.size === 1)) merged[g.term] = Math.max(merged[g.term] ?? 0, 1);
        else if (SCOPE_WORDS.has(g.term)) g.importance = Math.min(g.importance, 0.3);
      }
      emphasis = merged;
    }
    // "Does it cover WhatsApp, or is it just Facebook?": what the asker contrasts it with is not what is asked.
    const contrast = CONTRAST_TAIL.exec(question);
    if (contrast) {
      const head = new Set(analyze(question.slice(0, contrast.index)).terms);
      const tail = new Set(analyze(contrast[0]).terms);
      for (const g of groups) if (tail.has(g.term) && !head.has(g.term)) g.importance = Math.min(g.importance, CONTRAST_IMPORTANCE);
    }
    // "What does personal use mean in this policy?": the policy is where to look, not what is asked.
    if (!scopeObject && POLICY_FRAMING.test(question)) {
      for (const g of groups) if (g.term === 'polici') g.importance = Math.min(g.importance, POLICY_FRAMING_IMPORTANCE);
    }
    const wantsDefinition = DEFINITION_QUESTION.test(question.trim());
    // What a definition question asks about ("what counts as personal use" -> person, use), as alternatives.
    const definedSubjects = wantsDefinition ? definitionSubjects(question) : [];
    // Former pupils are a different rule from current ones: a sentence about "current" pupils
    // only does not answer a question about a former pupil.
    const askedFormer = groups.some((g) => g.term === 'former');
    const intents = INTENTS.filter((i) => i.question.test(question)).map((i) => i.answer);
    // "A Year 9 has just sent me a follow request.": someone telling what happened wants to know
    // what to do about it, so the sentence that says what to do and whom to tell answers.
    if (incident && intents.length === 0 && !question.includes('?')) intents.push(WHAT_TO_DO.answer, TELL_SOMEONE.answer);
    const asksWhen = WHEN_QUESTION.test(question);
    // "When is this policy due for review?" is answered by the document-control table itself.
    const asksReview = REVIEW_QUESTION.test(question);
    const asksWho = WHO_QUESTION.test(question);
    const asksForNames = NAMES_QUESTION.test(question);
    if (groups.length === 0) return { groups, results: [], scopeQuestion: scopeObject !== null };
    const weights = new Map<string, number>();
    for (const g of groups) {
      for (const [t, w] of g.alternatives) weights.set(t, Math.max(weights.get(t) ?? 0, w * g.importance));
    }
    // The passages about the incident told ("tell the headteacher of a breach") must be among the
    // candidates even when the story shares few words with them.
    for (const t of topicTerms) weights.set(t, Math.max(weights.get(t) ?? 0, RANKING.topicCandidateWeight));
    const top = this.bm25.search(weights, RANKING.candidates, fileName);
    const altLists = groups.map((g) => [...g.alternatives]);
    // A parent's "son" is a pupil: close lexicon relatives name the people a question is about too.
    const questionActors = [
      ...new Set(groups.flatMap((g) => [...g.alternatives].filter(([t, w]) => w >= ACTOR_RELATIVE && ACTORS.has(t)).map(([t]) => t))),
    ];
    // Whoever asks "can I ..." is a member of staff.
    if (questionActors.length && FIRST_PERSON.test(question) && !questionActors.includes('staff')) questionActors.push('staff');
    // "As head, what do I do if ...?", "I'm a governor: ...": the asker's own role is whose duties apply.
    const askerRole = askerRoleOf(question);
    if (askerRole && !questionActors.includes(askerRole)) questionActors.push(askerRole);
    // "Are parents allowed to ...?", "What should governors do ...?": the people the rule is for.
    const subjectActor = subjectActorOf(question) ?? askerRole;
    const asksOwnConduct = OWN_CONDUCT_QUESTION.test(question);
    const maxBm = top.length ? top[0].score : 1;
    // A long story is full of incidental words (the trip, the coach, lunch): the kind of incident it
    // tells counts for more there, up to three times as much as in a one-line question.
    const storyWeight = Math.min(3, Math.max(1, groups.length / STORY_TERMS));
    // "Which apps ...?", "Does it apply to governors?": there, a list naming the thing is the answer.
    const listedOnly = !scopeObject && !asksForNames;
    // The person or thing an incident is about counts as fully specific even when, like "pupil",
    // it appears in most passages.
    const weigh = (g: QueryGroup, cap: number) =>
      emphasis[g.term] ? cap * emphasis[g.term] : g.importance * this.termWeight(g, cap);
    const groupWeights = groups.map((g) => weigh(g, RANKING.idfCap));
    const totalWeight = groupWeights.reduce((a, b) => a + b, 0) || 1;
    const rankWeights = groups.map((g) => weigh(g, RANKING.rankIdfCap));
    const rankTotal = rankWeights.reduce((a, b) => a + b, 0) || 1;

    const results: ScoredPassage[] = [];
    for (const hit of top) {
      const ix = this.indexed[hit.doc];
      // Only the question's terms that occur somewhere in this passage need looking up per sentence.
      const present = altLists.map((alts) => alts.filter(([t]) => ix.allTerms.has(t)));
      const segCoverage: number[] = [];
      const passageCredit = RANKING.passageCredit * Math.min(1, Math.sqrt(LONG_PASSAGE_SEGMENTS / ix.segments.length));
      const segScores = ix.segments.map((seg, i) => {
        const lead = seg.bullet ? ix.segments[leadInOf(ix.segments, i)] : i > 0 ? ix.segments[i - 1] : undefined;
        const leadCredit = seg.bullet ? RANKING.leadCredit : RANKING.prevSentenceCredit;
        let covered = 0;
        let rankCovered = 0;
        let inSentence = 0;
        for (let g = 0; g < groups.length; g++) {
          let best = 0;
          let rankBest = 0;
          let here = false;
          for (const [t, w] of present[g]) {
            let credit: number;
            let rankCredit: number;
            if (seg.termSet.has(t)) {
              credit = w;
              rankCredit = listedOnly && seg.listedPeople?.has(t) ? w * RANKING.listedPersonCredit : w;
              here = true;
            } else {
              if (lead?.termSet.has(t)) credit = w * leadCredit;
              else if (ix.headTerms.has(t)) credit = w * RANKING.headCredit;
              else credit = w * passageCredit;
              rankCredit = credit;
            }
            best = Math.max(best, credit);
            rankBest = Math.max(rankBest, rankCredit);
            if (rankBest === 1) break;
          }
          covered += best * groupWeights[g];
          rankCovered += rankBest * rankWeights[g];
          if (here) inSentence++;
        }
        segCoverage.push(covered / totalWeight);
        if (covered === 0) return 0;
        let definition = 0;
        if (wantsDefinition) {
          const text = ix.passage.text.slice(seg.start, seg.end);
          if (DEFINITION_TEXT.test(text)) {
            definition = RANKING.definition;
            // The sentence defines exactly what was asked, not some other term.
            const head = definedHead(text);
            if (head && definedSubjects.some((terms) => terms.every((t) => head.has(t)))) definition += RANKING.definedTerm;
          }
        }
        const near = inSentence >= 2 ? proximity(seg.terms, groups) : 0;
        const contrast =
          askedFormer && seg.termSet.has('current') && !seg.termSet.has('former') ? RANKING.contrast : 0;
        let intent = 0;
        // "Are my personal posts covered?": a sentence that states what the policy covers answers.
        if (scopeObject && SCOPE_SENTENCE.test(ix.passage.text.slice(seg.start, seg.end))) intent = RANKING.intent;
        if (intents.length) {
          const text = ix.passage.text.slice(seg.start, seg.end);
          if (intents.some((re) => re.test(text))) intent = RANKING.intent;
          // "Who creates the accounts?": under "Administrator" or "Role of the Headteacher" the
          // heading names who does what the bullets say.
          else if (asksWho && WHO_ANSWER.test(ix.passage.heading ?? '')) intent = RANKING.intent;
        }
        // "Which apps does it cover?": a sentence that names several ("Twitter, Facebook, TikTok") answers best.
        if (asksForNames && NAMED_LIST.test(ix.passage.text.slice(seg.start, seg.end))) intent += RANKING.namedList;
        return rankCovered / rankTotal + RANKING.proximity * near + definition + intent - contrast;
      });
      let bestSegment = 0;
      for (let i = 1; i < segScores.length; i++) if (segScores[i] > segScores[bestSegment]) bestSegment = i;
      let coverage =
        Math.min(1, segCoverage[bestSegment] ?? 0) * (ix.passage.metadata && !asksReview ? RANKING.metadataFactor : 1);
      // "When are the school photos taken?": a sentence with no time in it does not answer a when-question.
      if (asksWhen && ix.segments[bestSegment]) {
        const seg = ix.segments[bestSegment];
        if (!TIME_ANSWER.test(ix.passage.text.slice(seg.start, seg.end))) coverage *= RANKING.noTimeFactor;
      }
      let passageCovered = 0;
      for (let g = 0; g < groups.length; g++) {
        let best = 0;
        for (const [, w] of present[g]) best = Math.max(best, w);
        passageCovered += best * rankWeights[g];
      }
      let headingCovered = 0;
      for (let g = 0; g < groups.length; g++) {
        let best = 0;
        for (const [t, w] of present[g]) if (ix.headTerms.has(t)) best = Math.max(best, w);
        headingCovered += best * rankWeights[g];
      }
      const topic = topicTerms.length
        ? topicTerms.filter((t) => ix.allTerms.has(t)).length / topicTerms.length
        : 0;
      let score =
        RANKING.topic * storyWeight * topic +
        (1 - RANKING.bm25Share - RANKING.passageShare) * (segScores[bestSegment] ?? 0) +
        RANKING.passageShare * (passageCovered / rankTotal) +
        RANKING.bm25Share * (hit.score / maxBm) +
        RANKING.headingBonus * (headingCovered / rankTotal) +
        (ix.firstUnderHeading ? RANKING.firstUnderHeading : 0);
      // "Do governors have to follow this policy?" asks about the policy's scope, not the governors' role.
      if (subjectActor && !scopeObject && ix.headTerms.has(subjectActor)) score += RANKING.subjectActor;
      if (questionActors.length) {
        const headActors = [...ix.headTerms].filter((t) => ACTORS.has(t));
        if (headActors.length && !headActors.some((t) => questionActors.includes(t))) {
          score -= RANKING.actorMismatch;
        }
      }
      // "Is it alright to message a parent on Messenger?": the staff member asks about their own
      // conduct, so another group's list of duties ("Role of Parents/Carers") is not the rule.
      if (asksOwnConduct && ix.otherRole) score -= RANKING.actorMismatch;
      if (scopeObject && SCOPE_HEADING.test(ix.passage.heading ?? '')) score += RANKING.scopeHeading;
      // "Can I stay friends with pupils who have left?": a glossary names the words, the rules answer.
      if (ix.glossary && !wantsDefinition && !scopeObject) score -= RANKING.glossary;
      if (ix.passage.metadata && !asksReview) score *= RANKING.metadataFactor;
      results.push({
        passage: ix.passage,
        score,
        coverage,
        bestSegment,
        segmentScores: segScores,
        segments: ix.segments,
      });
    }
    results.sort((a, b) => b.score - a.score);
    return { groups, results, scopeQuestion: scopeObject !== null };
  }
}

/** Canonical terms of the off-scope topic words (see lexicon.ts). */
const OFF_SCOPE = new Set(OFF_SCOPE_WORDS.map((w) => termOf(w)).filter((t): t is string => t !== null));
// Lexicon phrases built on those words ("annual leave", "off sick") are off-scope topics too.
for (const [phrase, value] of Object.entries(PHRASES)) {
  if (!value.includes(' ') && phrase.split(' ').some((w) => OFF_SCOPE_WORDS.includes(w))) OFF_SCOPE.add(value);
}

const SCOPE_HEADING = /\b(scope|purpose|aims?|introduction|definitions?|application|applies|overview|who\s+(this|the)\s+policy)\b/i;

/** ", or is it really just about Facebook and Instagram?": the alternative the asker sets against the question. */
const CONTRAST_TAIL = /,?\s+or\s+(is\s+it\s+|does\s+it\s+|do\s+they\s+)?(really\s+|just\s+|only\s+|mainly\s+)+[^?]*/i;
const CONTRAST_IMPORTANCE = 0.3;

/** "in this policy", "according to the policy": where the answer is, not part of the question. */
const POLICY_FRAMING = /\b(in|under|according\s+to|by|within|from)\s+(this|the|our|that)\s+polic(y|ies)\b/i;
const POLICY_FRAMING_IMPORTANCE = 0.05;

/** A glossary: its heading, or the sentence it opens with, says so. */
const GLOSSARY = /^(definitions?|glossary|key\s+terms|terminology)\b|\bthe\s+following\s+definitions\b/im;
/** A sentence that says what the policy covers. */
const SCOPE_SENTENCE = /\b(scope\s+of|appl(y|ies)\s+to|(this|the)\s+policy\s+(also\s+)?(covers|includes)|covered\s+by)\b/i;
/** Words that only mark a question as being about the policy's scope. */
const SCOPE_WORDS = new Set(['polici', 'appli', 'cover', 'includ', 'count', 'scope', 'compli']);

/**
 * The thing a scope question asks about: "does this policy apply to volunteers", "is LinkedIn
 * covered", "does it cover gaming". Null for other questions.
 */
export function scopeObjectOf(question: string): string | null {
  const q = question.trim().replace(/[?!.]+$/, '');
  const verb = '(apply|applies|cover|covers|include|includes|extend|extends|count|counts|relate|relates)';
  const m =
    new RegExp(`\\b(?:does|do|will|would|is|are)\\s+(?:this|the|our|that|it|these|its)?\\s*(?:policy|policies|rules?|guidance|guidelines?|it)?\\s*(?:also\\s+|still\\s+)?${verb}\\s+(?:to\\s+|for\\s+|as\\s+)?(.+)$`, 'i').exec(q) ??
    /\b(?:is|are|does|do)\s+(.+?)\s+(?:covered|included|counted|count\s+as|in\s+scope|part\s+of\s+(?:this|the)\s+policy|subject\s+to\s+(?:this|the)\s+policy)\b/i.exec(q) ??
    /\bpolicy\s+(?:apply|applies|cover|covers)\s+(?:to\s+)?(.+)$/i.exec(q) ??
    // "Do apprentices have to follow this policy?"
    /^\s*(?:do|does|must|should|will|would)\s+(.+?)\s+(?:have\s+to\s+|need\s+to\s+|also\s+)?(?:follow|comply\s+with|stick\s+to|abide\s+by)\s+(?:this|the|our)\s+polic(?:y|ies)\b/i.exec(q) ??
    /^(?:which|what)\s+(?:kinds?\s+of\s+|types?\s+of\s+|sorts?\s+of\s+)?(.+?)\s+(?:does|do|is|are)\s+(?:this|the|it|our)?\s*(?:policy\s+)?(?:cover|covered|apply\s+to|applies\s+to|include|included)\b/i.exec(q);
  if (!m) return null;
  const object = m[m.length - 1].replace(/\b(by|in|under)\s+(this|the)\s+polic(y|ies)\b.*$/i, '').trim();
  return object.length > 0 ? object : null;
}

/** The people a question asks a rule for, when they are its grammatical subject; otherwise null. */
function subjectActorOf(question: string): string | null {
  const m = SUBJECT_QUESTION.exec(question);
  if (!m) return null;
  const t = analyze(m[1]).terms[0];
  return t && ACTORS.has(t) && t !== 'staff' ? t : null;
}
const SUBJECT_QUESTION =
  /^\s*(?:can|could|are|do|does|may|should|must|will|would|is|what\s+(?:should|do|must|will|can))\s+(?:the\s+|our\s+|a\s+|any\s+)?((?:parents?|carers?|pupils?|students?|kids|children|governors?|volunteers?|headteacher|head|journalists?|press|colleagues?)(?:\s*\/\s*\w+)?)\b/i;

/** "As head, ...", "I'm a governor and ...": the asker names a role whose duties a policy may list. */
function askerRoleOf(question: string): string | null {
  const m = ASKER_ROLE.exec(question);
  if (!m) return null;
  return /^head/i.test(m[1]) ? 'headteach' : (analyze(m[1]).terms[0] ?? null);
}
const ASKER_ROLE =
  /(?:^|[.,;:!?]\s*)(?:as|i'?m|i\s+am)\s+(?:the\s+|a\s+|an\s+|one\s+of\s+the\s+)?(head(?:teacher|\s+teacher)?|governors?|volunteers?)\b(?!\s+(?:of|teacher'?s|office))/i;

/** The people a passage or question can be about. */
const ACTORS = new Set(['pupil', 'parent', 'colleagu', 'journalist', 'governor', 'volunt', 'headteach', 'staff']);
/** Weight a lexicon relative needs to name who a question is about. */
const ACTOR_RELATIVE = 0.6;
/** "Can I ...", "Is it ok to ...", "Am I allowed to ...": a staff member asking about their own conduct. */
const OWN_CONDUCT_QUESTION =
  /^\s*(can|could|may|should|must|shall)\s+i\b|^\s*(am\s+i|are\s+we)\s+(allowed|permitted|ok|okay|able)\b|^\s*is\s+it\s+(ok|okay|alright|all\s+right|fine|acceptable|appropriate|a\s+problem)\s+(for\s+me\s+)?(to|if\s+i)\b|^\s*(do|would)\s+i\s+(need|have)\s+to\b/i;
/** A heading that lists another group's duties: "Role of Parents/Carers", "Responsibilities of the Governors". */
const ROLE_HEADING = /^\s*(the\s+)?(roles?|responsibilit(y|ies)|duties)\s+of\s+(the\s+)?(.+)$/i;

function isOtherRole(heading: string | null): boolean {
  const m = ROLE_HEADING.exec(heading ?? '');
  if (!m) return false;
  const actors = analyze(m[5]).terms.filter((t) => ACTORS.has(t));
  return actors.length > 0 && !actors.includes('staff');
}

const FIRST_PERSON = /\b(i|me|my|mine|myself|i'm|im|i've|ive|i'd)\b/i;

const WHO_QUESTION = /^\s*(who|whom)\b|\bwho\s+(do|should|can|will|is|are|runs|approves|decides|sorts|deals|handles|fixes|manages|looks\s+after)\b/i;
const WHO_ANSWER =
  /\b(headteacher|head\s+teacher|dsl|designated\s+safeguarding|line\s+manager|governors?|governing|slt|senior\s+(leader|leadership|member)|leadership\s+team|business\s+manager|network\s+manager|administrator|moderator|chair|trust\s+board|trustee\s+board|coordinator|officer|dpo)\b/i;

/** "Which sites does it cover?", "What apps are allowed?": asks for things by name. */
const NAMES_QUESTION =
  /\b(which|what)\s+(\w+\s+){0,2}(sites?|websites?|apps?|applications?|platforms?|services?|networks?|tools?|software|programs?|programmes?|games?|channels?|forums?)\b/i;
/** Three or more capitalised names in a row: "Twitter, Facebook, TikTok and LinkedIn". */
const NAMED_LIST = /\b[A-Z][\w-]+(\s*,\s*(and\s+|or\s+)?[A-Z][\w-]+){2,}/;

/** "What should I do?": a sentence that tells the reader what to do. */
const WHAT_TO_DO = {
  question:
    /\bwhat\s+(should|do|can|must)\s+i\s+do\b|\bhow\s+(do|should)\s+i\s+(deal|handle|respond|report|stop)\b|\bwhat\s+now\b|\bwhat\s+do\s+i\s+say\b/i,
  answer:
    /^\s*-?\s*(report|tell|inform|notify|take|keep|save|block|ignore|delete|do\s+not|don'?t|contact|speak|check|consider|if\s+you)\b|\b(should|must)\s+(report|tell|inform|notify|delete|block|keep|save|contact|speak|not\s+respond)\b/i,
};
/** "Who do I tell?": a sentence that says to report to someone senior. */
const TELL_SOMEONE = {
  question:
    /\b((do|should|must|would)\s+i|am\s+i\s+(supposed|meant|expected|required|obliged)\s+to)\s+(have\s+to\s+|need\s+to\s+|still\s+)?(tell|report|inform|notify|flag|mention|let\s+\w+(\s+\w+)?\s+know|say\s+(something|anything)|speak\s+up|raise\s+(it|this|that|a\s+concern)|pass\s+(it|this|that)\s+on)\b|\bwho\s+(do|should|can|must)\s+i\s+(tell|report|speak|talk|go|contact|inform|notify)\b|\bwho\s+(to|should\s+i)\s+(tell|report)\b|\b(does|do|should|must|will)\s+(someone|somebody|anyone|anybody|school|the\s+school|the\s+head(teacher)?|slt|my\s+line\s+manager)\s+(need\s+to\s+|have\s+to\s+)?(be\s+told|be\s+informed|be\s+notified|know(\s+about)?)\b|\b(need|needs|have)\s+to\s+be\s+(told|reported|flagged|declared)\b/i,
  answer:
    /\b(alert|inform|notify|report(ed)?\s+(it\s+)?(to|immediately)|raised?\s+with|speak\s+(to|with)|contact)\b[^.]{0,60}\b(headteacher|head\s+teacher|senior|line\s+manager|dsl|designated|leadership|slt)\b/i,
};

/** "What happens if ...?", "Could I lose my job over ...?": the sanctions a breach can bring. */
const CONSEQUENCES = {
  question:
    /\bwhat\s+(\w+\s+)?(happens|would\s+happen|will\s+happen)\s+(to\s+\w+\s+)?(if|when)\b|\bconsequences?\b|\b(get|be)\s+in\s+trouble\b|\bpunish|\blose\s+(my|your|their|our)\s+jobs?\b|\b(get|be|being)\s+(sacked|fired|dismissed|disciplined|suspended)\b/i,
  answer: /\b(disciplinary|dismissal|dismissed|sanction|police|referred|serious(ly)?|action\s+will|may\s+result)\b/i,
};

/** Question kinds and what an answering sentence to each usually contains. */
const INTENTS: { question: RegExp; answer: RegExp }[] = [
  {
    question: /\b(which|what)\s+(\w+\s+){0,3}(does|do|is|are)\s+(\w+\s+){0,3}(cover|covers|covered|include|includes|included|count|counts)\b|\bexamples?\s+of\b/i,
    answer: /\b(such\s+as|includ(es|ing)|e\.g\.|for\s+example|for\s+instance|not\s+limited\s+to)\b/i,
  },
  { question: WHO_QUESTION, answer: WHO_ANSWER },
  {
    question: /\bhow\s+(often|quickly|soon|long|frequently)\b|\bwhen\s+(is|are|do|does|should|will|must)\b/i,
    answer:
      /\b(daily|weekly|monthly|annually|annual|biennially|regularly|frequently|every|within|hours?|days?|termly|immediately|straight\s+away|same\s+day|before|after|until|end\s+of)\b/i,
  },
  CONSEQUENCES,
  WHAT_TO_DO,
];

/** Purpose, reporting and monitoring questions; kept apart so their order documents nothing. */
INTENTS.push(
  {
    // "What is the school's Facebook page used for?", "What's the point of ...", "Why do we have ..."
    question: /\bwhat\s+(is|are)\b.*\b(used\s+for|for)\s*\??$|\b(purpose|point)\s+of\b|^\s*why\s+(do|does|is|are)\s+(we|the\s+school|it)\b/i,
    answer: /\b(purpose|used\s+(for|to)|useful|tool\s+for|aims?\s+(is|are|to)|in\s+order\s+to|so\s+that|promot\w*|marketing)\b/i,
  },
  {
    // "Where can I find the Prevent guidance?": where a document is kept or published.
    question: /^\s*where\s+(can|do|would|should|will|might)\s+(i|we|staff)\s+(find|get|see|read|look\s+at|get\s+hold\s+of|access)\b/i,
    answer: /\b(available|can\s+be\s+found|found\s+(on|in|at)|published|website|intranet|handbook|shared\s+drive|appendix|noticeboard|staff\s*room)\b/i,
  },
  {
    // "What does the link governor do?", "What are the DSL's responsibilities?": a list of duties
    // ("nominated a link governor to:") or a statement of responsibility answers.
    question:
      /^\s*what\s+(does|do|should|will|must)\s+(the|our|a|an|my|this\s+school's)\s+([\w'-]+\s+){1,4}do\b|\bwhat\s+(is|are|'s)\s+(the\s+)?(role|roles|duties|job|responsibilit(y|ies))\s+of\b|\bwhat\s+(is|are)\s+(the|our|my)\s+([\w'-]+\s+){1,4}(role|duties|job|responsibilit(y|ies))\b/i,
    answer: /:\s*$|\bresponsible\s+for\b|\b(role|duty|duties)\s+(is|are|includes?)\b/i,
  },
  {
    // "Can I do my online banking at lunch?": a sentence that says what is or is not permitted answers.
    question:
      /^\s*(can|could|may)\s+(i|we|staff)\b|^\s*(am\s+i|are\s+we|are\s+staff)\s+(allowed|permitted)\b|^\s*is\s+it\s+(ok|okay|alright|all\s+right|allowed|acceptable|fine|permitted)\b/i,
    answer:
      /\b(permitted|not\s+permitted|allowed|not\s+allowed|prohibited|forbidden|provided\s+(that|it)|as\s+long\s+as|acceptable|unacceptable)\b/i,
  },
  // "Do I have to tell someone?", "Who do I report it to?", "Should I let the head know?"
  TELL_SOMEONE,
  {
    // "I want to start a class Twitter, what do I need to do first?", "Do I need to ask anyone?":
    // the sentence that says whose approval is needed, or what must be put to them, answers.
    question:
      /\bwhat\s+(do|would|will|should)\s+(i|we)\s+need\b|\b(do|would|will|should)\s+(i|we)\s+(need|have)\s+to\s+(ask|check\s+with|run\s+it\s+(by|past)|get\s+(permission|approval|it\s+approved))\b|\bneed\s+(permission|approval|sign-?off)\b|\b(anything|what)\s+(i|we)\s+(need|have|should)\s+(to\s+)?do(\s+first|\s+beforehand)?\b/i,
    answer:
      /\b(permission|approv(al|ed|e)|authori[sz](ation|ed|e)|agreed|consent|sign(ed)?[\s-]off|in\s+advance|business\s+case|(pedagogical|business)\s+reason|encrypt(ed|ion)?|password[\s-]protect(ed)?)\b/i,
  },
  {
    // "A parent is slagging me off online. Will school actually do anything?": what the school
    // undertakes to do for its staff answers, not the rule the other person broke.
    question:
      /\bwill\s+(the\s+)?(school|they|anyone|management|slt|leadership|the\s+head|the\s+headteacher)\s+(actually\s+|really\s+)?(do\s+(anything|something)|help|act|step\s+in|support|back)\b|\bwhat\s+(will|would|can|does)\s+(the\s+)?(school|slt|the\s+head|management)\s+(actually\s+|really\s+|even\s+)?do\b|\b(will|would)\s+i\s+be\s+(supported|backed)\b|\b(does|will)\s+(the\s+)?school\s+(support|back|protect|stand\s+by)\b/i,
    answer:
      /\b(we|the\s+school)\s+(will\s+)?(support|take|deal|investigate|act|report|respond)\b|\btaken\s+(very\s+)?seriously\b|\bwill\s+be\s+(reported|investigated|dealt\s+with|supported)\b/i,
  },
);

/** About the document's own review or approval ("When is this policy due for review?"), not a product review. */
const REVIEW_QUESTION =
  /\b(next|last)\s+review|\breview\s+(date|cycle)|\b(due\s+(for|a)|due\s+to\s+be)\s+review|\b(polic(y|ies)|it|this|document)\s+(\w+\s+){0,3}(reviewed|renewed|ratified|updated|approved)\b|\b(reviewed|updated|ratified|approved|written)\s+(\w+\s+){0,2}(polic(y|ies)|document)\b|\bversion\s+of\s+(the|this)\s+polic/i;
const WHEN_QUESTION = /^\s*(when|what\s+time|what\s+date|which\s+day)\b/i;
const TIME_ANSWER =
  /\b(during|daily|weekly|monthly|annually|annual|biennially|termly|regularly|frequently|every|within|hours?|days?|weeks?|years?|terms?|times?|before|after|until|while|whilst|when|once|immediately|straight\s+away|promptly|break|lunch|evening|weekend|holidays?|outside|inside|at\s+any\s+time|\d{1,2}(:\d\d)?\s*(am|pm)|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|winter)\b/i;

const DEFINITION_QUESTION =
  /^(what('s| is| are| does| do)\b.*\b(mean|meant|means|stand for)\b|(what|who)\s+counts?\s+as\b|what('s| is| are)\s+(a\s+|an\s+|the\s+)?[\w'-]+(\s[\w'-]+){0,4}\s*\??$|who('s| is| are)\s+(an?\s+|the\s+)?[\w'-]+\s[\w'-]+\s*\??$|(define|definition of)\b)/i;
const DEFINITION_TEXT = /^\s*-?\s*"[^"]{2,40}":|\b(can be defined|is defined|are defined|defined as|means|mean any|refers to|is any|is a broad term|definitions?|includes? but is not limited to)\b/i;

/**
 * What a definition question asks about, as one or more alternative term lists: "What does personal
 * use mean?" -> [[person, use]]; "What's the difference between trolling and cyberbullying?" ->
 * [[troll], [cyberbulli]]; a quoted term is the subject ("what counts as 'personal use' of IT?").
 */
function definitionSubjects(question: string): string[][] {
  let subject = question
    .trim()
    .replace(/[?!.]+$/, '')
    .replace(/^(what('s| is| are| does| do)|who('s| is| are)|(what|who)\s+counts?\s+as|define|definition\s+of)\s+/i, '')
    .replace(/\s+(mean|means|meant|stand\s+for)(\s+in\s+(this|the)\s+policy)?$/i, '')
    .replace(/^(a|an|the)\s+/i, '');
  const quoted = /['"\u2018\u201c]([^'"\u2019\u201d]{2,40})['"\u2019\u201d]/.exec(subject);
  if (quoted) subject = quoted[1];
  const difference = /^differences?\s+between\s+(.+?)\s+and\s+(.+)$/i.exec(subject);
  const parts = difference ? [difference[1], difference[2]] : [subject];
  return parts.map((part) => [...new Set(analyze(part).terms)].filter((t) => t !== 'polici')).filter((terms) => terms.length > 0);
}

/** The terms of the thing a definition sentence defines ("Trolling can be defined as" -> troll), or null. */
function definedHead(text: string): Set<string> | null {
  const quoted = /^\s*-?\s*"([^"]{2,40})":/.exec(text);
  if (quoted) return new Set(analyze(quoted[1]).terms);
  const m = /^(.{2,80}?)\s+(can be defined|is defined|are defined|means|mean|refers to|is any|is a broad term|includes? but is not limited to)\b/i.exec(
    text.replace(/^\s*-\s*/, ''),
  );
  if (!m) return null;
  // Only the last few words before the verb: "For the purposes of this policy, social media is any".
  const head = m[1].split(/[,;:]/).pop() ?? m[1];
  return new Set(analyze(head).terms);
}

/** Share of consecutive question-term pairs that sit within three words of each other. */
function proximity(terms: string[], groups: QueryGroup[]): number {
  if (groups.length < 2 || terms.length < 2) return 0;
  // Last position where each question term was seen, scanning the segment once.
  const last = new Array<number>(groups.length).fill(-100);
  const near = new Array<boolean>(groups.length).fill(false);
  for (let i = 0; i < terms.length; i++) {
    for (let g = 0; g < groups.length; g++) {
      if (!groups[g].alternatives.has(terms[i])) continue;
      if (g > 0 && i - last[g - 1] <= 3 && last[g - 1] !== i) near[g - 1] = true;
      if (g + 1 < groups.length && i - last[g + 1] <= 3 && last[g + 1] !== i) near[g] = true;
      last[g] = i;
    }
  }
  return near.filter(Boolean).length / (groups.length - 1);
}

/**
 * BM25 over term ids in typed arrays: one pass over the question terms' postings, no per-query
 * objects beyond the candidate list. Heading terms count 1.5 times.
 */
class Bm25Index {
  private readonly termIds = new Map<string, number>();
  private readonly postings: { docs: Int32Array; tfs: Float32Array }[] = [];
  private readonly docFile: Int32Array;
  private readonly fileIds = new Map<string, number>();
  private readonly norm: Float32Array;
  private readonly scores: Float64Array;
  private readonly seen: Uint8Array;
  private readonly n: number;

  constructor(docs: readonly { terms: string[]; head: string[]; file: string }[], k1 = 1.2, b = 0.75) {
    this.n = docs.length;
    this.docFile = new Int32Array(this.n);
    const lengths = new Float32Array(this.n);
    const lists: { docs: number[]; tfs: number[] }[] = [];
    docs.forEach((d, i) => {
      if (!this.fileIds.has(d.file)) this.fileIds.set(d.file, this.fileIds.size);
      this.docFile[i] = this.fileIds.get(d.file) as number;
      const tf = new Map<string, number>();
      for (const t of d.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of d.head) tf.set(t, (tf.get(t) ?? 0) + 1.5);
      let len = 0;
      for (const [t, f] of tf) {
        len += f;
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = lists.length;
          this.termIds.set(t, id);
          lists.push({ docs: [], tfs: [] });
        }
        lists[id].docs.push(i);
        lists[id].tfs.push(f);
      }
      lengths[i] = len;
    });
    for (const l of lists) this.postings.push({ docs: Int32Array.from(l.docs), tfs: Float32Array.from(l.tfs) });
    let total = 0;
    for (let i = 0; i < this.n; i++) total += lengths[i];
    const avg = this.n ? total / this.n : 1;
    this.norm = new Float32Array(this.n);
    for (let i = 0; i < this.n; i++) this.norm[i] = k1 * (1 - b + (b * lengths[i]) / (avg || 1));
    this.k1 = k1;
    this.scores = new Float64Array(this.n);
    this.seen = new Uint8Array(this.n);
  }

  private readonly k1: number;

  /** Top `k` documents for the weighted terms, best first; optionally only one file's passages. */
  search(weights: ReadonlyMap<string, number>, k: number, file?: string): { doc: number; score: number }[] {
    const onlyFile = file === undefined ? -1 : (this.fileIds.get(file) ?? -2);
    if (onlyFile === -2) return [];
    const touched: number[] = [];
    for (const [term, w] of weights) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const { docs, tfs } = this.postings[id];
      // A term in most passages barely moves BM25 but costs the most to score; the re-ranker still uses it.
      if (this.n >= 50 && docs.length * 2 > this.n && weights.size > 1) continue;
      const idf = Math.log(1 + (this.n - docs.length + 0.5) / (docs.length + 0.5));
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j];
        if (onlyFile >= 0 && this.docFile[d] !== onlyFile) continue;
        const tf = tfs[j];
        if (!this.seen[d]) {
          this.seen[d] = 1;
          this.scores[d] = 0;
          touched.push(d);
        }
        this.scores[d] += (w * idf * (tf * (this.k1 + 1))) / (tf + this.norm[d]);
      }
    }
    // Keep the best k in a small sorted array rather than sorting every touched passage.
    const best: { doc: number; score: number }[] = [];
    for (const d of touched) {
      this.seen[d] = 0;
      const score = this.scores[d];
      if (best.length === k && score <= best[k - 1].score) continue;
      let i = best.length < k ? best.length : k - 1;
      if (best.length < k) best.push({ doc: d, score });
      while (i > 0 && best[i - 1].score < score) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = { doc: d, score };
    }
    return best;
  }
}
