/**
 * Passage retrieval: MiniSearch (BM25+) over lexicon-analysed terms finds candidates; a re-ranker
 * then scores each candidate by how much of the question its best sentence covers (IDF-weighted,
 * with the lead-in and heading counting for part), plus term proximity. That coverage is also the
 * confidence used to abstain.
 */
import MiniSearch from 'minisearch';
import { analyze, analyzeQuestion, type QueryGroup } from './analyzer';
import type { Passage } from './model';

export interface Segment {
  /** Character offsets into passage.text. */
  start: number;
  end: number;
  terms: string[];
  termSet: Set<string>;
  /** The segment is a bullet item (its lead-in is the passage's first segment). */
  bullet: boolean;
}

interface IndexedPassage {
  passage: Passage;
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

/** Splits passage text into sentences and bullet items, with offsets. */
export function segmentPassage(text: string): Omit<Segment, 'terms' | 'termSet'>[] {
  const out: Omit<Segment, 'terms' | 'termSet'>[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    const bullet = /^\s*- /.test(line);
    // Sentence ends: ". " followed by a capital, quote or digit; keeps "e.g. the" together.
    const re = /[.!?]["')]?\s+(?=["'(]?[A-Z0-9])/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      const before = line.slice(Math.max(0, m.index - 4), m.index + 1).toLowerCase();
      if (/\b(e\.g|i\.e|etc|no|dr|mr|mrs|ms|st)\.$/.test(before)) continue;
      const end = m.index + m[0].trimEnd().length;
      out.push({ start: lineStart + last, end: lineStart + end, bullet });
      last = m.index + m[0].length;
    }
    if (last < line.length) out.push({ start: lineStart + last, end: lineStart + line.length, bullet });
  }
  return out;
}

/** Ranking weights, tuned on the held-out staff questions (test/fixtures/eval). */
export const RANKING = {
  headCredit: 0.6,
  leadCredit: 0.7,
  passageCredit: 0.35,
  /** Weight of a question term that appears nowhere in the knowledge base (capped IDF). */
  unseenTermWeight: 2.0,
  /** Cap on any term's IDF weight, so one rare word cannot decide alone. */
  idfCap: 2.0,
  bm25Share: 0.1,
  /** Share of the score from coverage over the whole passage (heading counted in full). */
  passageShare: 0.2,
  /** IDF cap used for ranking weights (confidence uses idfCap). */
  rankIdfCap: 2.0,
  proximity: 0.08,
  /** Bonus for a definition ("X can be defined as") when the question asks what something is. */
  definition: 0.15,
  /** Multiplier for flattened header tables (document control, change logs). */
  metadataFactor: 0.6,
  candidates: 40,
};

export class PassageIndex {
  private readonly search: MiniSearch;
  private readonly byId = new Map<string, IndexedPassage>();
  private readonly df = new Map<string, number>();
  readonly size: number;

  constructor(passages: readonly Passage[]) {
    this.search = new MiniSearch({
      fields: ['body', 'head'],
      idField: 'id',
      storeFields: [],
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t || null,
      searchOptions: {
        boost: { head: 1.5 },
        tokenize: (s) => s.split(' '),
        processTerm: (t) => t || null,
      },
    });
    const docs: { id: string; body: string; head: string; fileName: string }[] = [];
    for (const passage of passages) {
      const segments = segmentPassage(passage.text).map((s) => {
        const terms = analyze(passage.text.slice(s.start, s.end)).terms;
        return { ...s, terms, termSet: new Set(terms) };
      });
      const headTerms = new Set(analyze(passage.heading ?? '').terms);
      const allTerms = new Set<string>(headTerms);
      for (const s of segments) for (const t of s.terms) allTerms.add(t);
      for (const t of allTerms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      this.byId.set(passage.id, { passage, segments, headTerms, allTerms });
      docs.push({
        id: passage.id,
        body: segments.flatMap((s) => s.terms).join(' '),
        head: [...headTerms].join(' '),
        fileName: passage.fileName,
      });
    }
    this.search.addAll(docs);
    this.size = passages.length;
  }

  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    const n = Math.max(this.size, 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** IDF of the question term, capped; terms the knowledge base never uses get a fixed weight. */
  termWeight(group: QueryGroup, cap = RANKING.idfCap): number {
    let seen = false;
    for (const t of group.alternatives.keys()) if (this.df.has(t)) seen = true;
    if (!seen) return RANKING.unseenTermWeight;
    return Math.min(this.idf(group.term), cap);
  }

  /** Ranked passages for the question, best first; optionally only from one document. */
  rank(question: string, fileName?: string): { groups: QueryGroup[]; results: ScoredPassage[] } {
    const groups = analyzeQuestion(question);
    const wantsDefinition = DEFINITION_QUESTION.test(question.trim());
    if (groups.length === 0) return { groups, results: [] };
    const weights = new Map<string, number>();
    for (const g of groups) {
      for (const [t, w] of g.alternatives) weights.set(t, Math.max(weights.get(t) ?? 0, w * g.importance));
    }
    const hits = this.search.search([...weights.keys()].join(' '), {
      combineWith: 'OR',
      boostTerm: (term) => weights.get(term) ?? 1,
      filter: fileName ? (r) => this.byId.get(r.id as string)?.passage.fileName === fileName : undefined,
    });
    const top = hits.slice(0, RANKING.candidates);
    const maxBm = top.length ? top[0].score : 1;
    const groupWeights = groups.map((g) => g.importance * this.termWeight(g));
    const totalWeight = groupWeights.reduce((a, b) => a + b, 0) || 1;
    const rankWeights = groups.map((g) => g.importance * this.termWeight(g, RANKING.rankIdfCap));
    const rankTotal = rankWeights.reduce((a, b) => a + b, 0) || 1;

    const results: ScoredPassage[] = [];
    for (const hit of top) {
      const ix = this.byId.get(hit.id as string);
      if (!ix) continue;
      const segCoverage: number[] = [];
      const segScores = ix.segments.map((seg, i) => {
        const lead = seg.bullet && i > 0 ? ix.segments[0] : i > 0 ? ix.segments[i - 1] : undefined;
        let covered = 0;
        let rankCovered = 0;
        for (let g = 0; g < groups.length; g++) {
          let best = 0;
          for (const [t, w] of groups[g].alternatives) {
            if (seg.termSet.has(t)) best = Math.max(best, w);
            else if (lead?.termSet.has(t)) best = Math.max(best, w * RANKING.leadCredit);
            else if (ix.headTerms.has(t)) best = Math.max(best, w * RANKING.headCredit);
            else if (ix.allTerms.has(t)) best = Math.max(best, w * RANKING.passageCredit);
            if (best === 1) break;
          }
          covered += best * groupWeights[g];
          rankCovered += best * rankWeights[g];
        }
        segCoverage.push(covered / totalWeight);
        const text = ix.passage.text.slice(seg.start, seg.end);
        const definition = wantsDefinition && covered > 0 && DEFINITION_TEXT.test(text) ? RANKING.definition : 0;
        return rankCovered / rankTotal + RANKING.proximity * proximity(seg.terms, groups) + definition;
      });
      let bestSegment = 0;
      for (let i = 1; i < segScores.length; i++) if (segScores[i] > segScores[bestSegment]) bestSegment = i;
      const coverage = Math.min(1, segCoverage[bestSegment] ?? 0);
      let passageCovered = 0;
      for (let g = 0; g < groups.length; g++) {
        let best = 0;
        for (const [t, w] of groups[g].alternatives) if (ix.allTerms.has(t)) best = Math.max(best, w);
        passageCovered += best * rankWeights[g];
      }
      let score =
        (1 - RANKING.bm25Share - RANKING.passageShare) * (segScores[bestSegment] ?? 0) +
        RANKING.passageShare * (passageCovered / rankTotal) +
        RANKING.bm25Share * (hit.score / maxBm);
      if (ix.passage.metadata) score *= RANKING.metadataFactor;
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
    return { groups, results };
  }
}

const DEFINITION_QUESTION =
  /^(what('s| is| are| does| do)\b.*\b(mean|meant|means|stand for)\b|what('s| is| are)\s+(a\s+|an\s+)?[\w'-]+(\s[\w'-]+)?\s*\??$|(define|definition of)\b)/i;
const DEFINITION_TEXT = /\b(can be defined|is defined|are defined|defined as|means|mean any|refers to|is any|is a broad term|definitions?)\b/i;

/** Share of consecutive question-term pairs that sit within three words of each other. */
function proximity(terms: string[], groups: QueryGroup[]): number {
  if (groups.length < 2 || terms.length < 2) return 0;
  const where = groups.map((g) => {
    const pos: number[] = [];
    terms.forEach((t, i) => {
      if (g.alternatives.has(t)) pos.push(i);
    });
    return pos;
  });
  let near = 0;
  for (let g = 0; g + 1 < groups.length; g++) {
    const a = where[g];
    const b = where[g + 1];
    if (a.some((i) => b.some((j) => i !== j && Math.abs(i - j) <= 3))) near++;
  }
  return near / (groups.length - 1);
}
