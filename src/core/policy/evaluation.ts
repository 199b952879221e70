/**
 * Offline evaluation of answers against a question set (dev-qa.jsonl format). Scoring follows the
 * project's rules: normalise text, a question counts at rank k when one of its evidence phrases is in
 * one of the first k excerpts and it was answered; "abstain" lines count when not answered; "report"
 * lines count when the suggested report type matches.
 */
import { ValidationError } from '../errors';
import { isIncidentTypeId, type IncidentTypeId } from '../incidents/incident-types';
import type { PolicyDocument } from './model';
import { PolicyLibrary, type LibraryOptions } from './policy-library';

export interface EvalQuestion {
  policy: string;
  q: string;
  evidence?: string[];
  expect?: 'abstain';
  report?: IncidentTypeId;
}

export interface EvalOutput {
  q: string;
  answered: boolean;
  citations: { document: string; section: string | null; heading: string | null; excerpt: string }[];
  suggestedReport: IncidentTypeId | null;
}

export interface EvalSummary {
  answerable: number;
  top1: number;
  top3: number;
  wronglyAbstained: number;
  offTopic: number;
  abstained: number;
  reportLines: number;
  reportCorrect: number;
}

/** Lower case, drop apostrophes and quote marks, every other non-alphanumeric run -> one space. */
export function normaliseForScoring(text: string): string {
  return text
    .toLowerCase()
    .replace(/['"\u2018\u2019\u201c\u201d`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function parseQuestionLines(jsonl: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new ValidationError(`Line ${i + 1} of the questions file is not valid JSON.`);
    }
    const o = v as Record<string, unknown>;
    if (typeof o.policy !== 'string' || typeof o.q !== 'string') {
      throw new ValidationError(`Line ${i + 1} of the questions file needs "policy" and "q".`);
    }
    if (o.report !== undefined && !isIncidentTypeId(o.report)) {
      throw new ValidationError(`Line ${i + 1} has an unknown report type.`);
    }
    out.push(o as unknown as EvalQuestion);
  });
  return out;
}

/** Rank (1-based) of the first excerpt containing an evidence phrase, or null. */
export function evidenceRank(q: EvalQuestion, out: EvalOutput): number | null {
  if (!out.answered || !q.evidence?.length) return null;
  const phrases = q.evidence.map(normaliseForScoring);
  for (let i = 0; i < out.citations.length; i++) {
    const ex = normaliseForScoring(out.citations[i].excerpt);
    if (phrases.some((p) => ex.includes(p))) return i + 1;
  }
  return null;
}

export function summarise(questions: readonly EvalQuestion[], outputs: readonly EvalOutput[]): EvalSummary {
  const s: EvalSummary = { answerable: 0, top1: 0, top3: 0, wronglyAbstained: 0, offTopic: 0, abstained: 0, reportLines: 0, reportCorrect: 0 };
  questions.forEach((q, i) => {
    const out = outputs[i];
    if (q.expect === 'abstain') {
      s.offTopic++;
      if (!out.answered) s.abstained++;
    } else if (q.evidence?.length) {
      s.answerable++;
      if (!out.answered) s.wronglyAbstained++;
      const rank = evidenceRank(q, out);
      if (rank !== null && rank <= 1) s.top1++;
      if (rank !== null && rank <= 3) s.top3++;
    }
    if (q.report) {
      s.reportLines++;
      if (out.suggestedReport === q.report) s.reportCorrect++;
    }
  });
  return s;
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

export function formatSummary(s: EvalSummary): string {
  return [
    `top-1 ${pct(s.top1, s.answerable)} (${s.top1}/${s.answerable})`,
    `top-3 ${pct(s.top3, s.answerable)} (${s.top3}/${s.answerable})`,
    `off-topic abstained ${pct(s.abstained, s.offTopic)} (${s.abstained}/${s.offTopic})`,
    `answerable wrongly abstained ${pct(s.wronglyAbstained, s.answerable)} (${s.wronglyAbstained}/${s.answerable})`,
    `report type ${pct(s.reportCorrect, s.reportLines)} (${s.reportCorrect}/${s.reportLines})`,
  ].join('\n');
}

/**
 * Answers every question with its own document as the whole knowledge base. Libraries are built
 * once per document. Unknown documents throw a ValidationError naming the file.
 */
export function runEvaluation(
  documents: readonly PolicyDocument[],
  questions: readonly EvalQuestion[],
  options: LibraryOptions = {},
): EvalOutput[] {
  const byFile = new Map(documents.map((d) => [d.fileName, d]));
  const libraries = new Map<string, PolicyLibrary>();
  return questions.map((q) => {
    let lib = libraries.get(q.policy);
    if (!lib) {
      const doc = byFile.get(q.policy);
      if (!doc) throw new ValidationError(`The questions file names a policy that is not in the folder: ${q.policy}`);
      lib = PolicyLibrary.build([doc], options);
      libraries.set(q.policy, lib);
    }
    const a = lib.answer(q.q);
    return {
      q: q.q,
      answered: a.answered,
      citations: a.citations.map((c) => ({ document: c.document, section: c.section, heading: c.heading, excerpt: c.excerpt })),
      suggestedReport: a.suggestedReport,
    };
  });
}
