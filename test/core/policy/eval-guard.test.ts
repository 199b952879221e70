import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQuestionLines, runEvaluation, summarise } from '../../../src/core/policy/evaluation';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

// Regression guard: the held-out staff questions (written for this project, not the dev set) over
// the five real policies. Skips, with a message, where the shared policies are not present.
const DIR = path.resolve(__dirname, '../../../../shared/policies');
const QUESTIONS = path.resolve(__dirname, '../../fixtures/eval/staff-questions.jsonl');
const present = existsSync(DIR);
if (!present) console.warn(`Skipping the retrieval regression guard: ${DIR} is not present.`);
const maybe = present ? describe : describe.skip;

maybe('held-out staff questions', () => {
  const questions = parseQuestionLines(readFileSync(QUESTIONS, 'utf8'));
  const files = [...new Set(questions.map((q) => q.policy))];
  const docs = files.map((f) => parsePolicyDocument(f, readFileSync(path.join(DIR, f), 'utf8')));
  const s = summarise(questions, runEvaluation(docs, questions));

  it('is large enough to mean something', () => {
    expect(s.answerable).toBeGreaterThanOrEqual(80);
    expect(s.offTopic).toBeGreaterThanOrEqual(20);
    expect(s.reportLines).toBeGreaterThanOrEqual(20);
  });

  // Floors at the level reached when this guard was written; the product targets are higher
  // (top-1 90 %, top-3 97 %, abstain 90 %, wrong abstain <= 3 %, report 85 %).
  it('finds the answering passage first or in the top three', () => {
    expect(s.top1 / s.answerable).toBeGreaterThanOrEqual(TOP1_FLOOR);
    expect(s.top3 / s.answerable).toBeGreaterThanOrEqual(TOP3_FLOOR);
  });

  it('declines off-topic questions without declining answerable ones', () => {
    expect(s.abstained / s.offTopic).toBeGreaterThanOrEqual(ABSTAIN_FLOOR);
    expect(s.wronglyAbstained / s.answerable).toBeLessThanOrEqual(0.03);
  });

  it('offers the right report type for incidents', () => {
    expect(s.reportCorrect / s.reportLines).toBeGreaterThanOrEqual(REPORT_FLOOR);
  });
});

// The tuning sets written while improving retrieval: off-topic staff questions and incident
// phrasings. Tuned on, so these floors only catch regressions.
maybe('off-topic and incident tuning sets', () => {
  const load = (name: string) => {
    const questions = parseQuestionLines(
      readFileSync(path.resolve(__dirname, '../../fixtures/eval', name), 'utf8'),
    );
    const files = [...new Set(questions.map((q) => q.policy))];
    const docs = files.map((f) => parsePolicyDocument(f, readFileSync(path.join(DIR, f), 'utf8')));
    return summarise(questions, runEvaluation(docs, questions));
  };

  it('declines everyday non-policy questions', () => {
    const s = load('off-topic-tuning.jsonl');
    expect(s.offTopic).toBeGreaterThanOrEqual(30);
    expect(s.abstained / s.offTopic).toBeGreaterThanOrEqual(0.8);
  });

  it('offers the right report type', () => {
    const s = load('incident-tuning.jsonl');
    expect(s.reportLines).toBeGreaterThanOrEqual(25);
    expect(s.reportCorrect / s.reportLines).toBeGreaterThanOrEqual(0.9);
  });
});

// Every question set in test/fixtures/eval together (probe sets, held-out and tuning sets): 1,635
// answerable and 282 off-topic questions. Reached: top-1 1,274, top-3 1,476, off-topic declined 248,
// answerable wrongly declined 18. Probe sets 17-22 (dev-set style, each added unseen) ran first at
// top-1 55, 52, 54, 55, 66 and 59 of 80; their near-subject off-topic questions are harder than
// earlier sets', so the off-topic floor stays lower than before. Floors a little under, to catch
// regressions across all wordings.
maybe('all question sets together', () => {
  const evalDir = path.resolve(__dirname, '../../fixtures/eval');
  const files = readdirSync(evalDir).filter(
    (f) => f.endsWith('.jsonl') && !f.startsWith('incident-phrasings'),
  );
  const questions = files.flatMap((f) =>
    parseQuestionLines(readFileSync(path.join(evalDir, f), 'utf8')),
  );
  const names = [...new Set(questions.map((q) => q.policy))];
  const docs = names.map((f) => parsePolicyDocument(f, readFileSync(path.join(DIR, f), 'utf8')));
  const s = summarise(questions, runEvaluation(docs, questions));

  it('keeps answer quality across every wording style', () => {
    expect(s.answerable).toBeGreaterThanOrEqual(1630);
    expect(s.top1 / s.answerable).toBeGreaterThanOrEqual(0.77);
    expect(s.top3 / s.answerable).toBeGreaterThanOrEqual(0.895);
    expect(s.abstained / s.offTopic).toBeGreaterThanOrEqual(0.86);
    expect(s.wronglyAbstained / s.answerable).toBeLessThanOrEqual(0.03);
  });

  it('offers the right report type on incident phrasings written for the detector', () => {
    const load = (name: string) =>
      parseQuestionLines(readFileSync(path.join(evalDir, name), 'utf8'));
    for (const [name, floor] of [
      ['incident-phrasings-train.jsonl', 0.95],
      ['incident-phrasings-holdout.jsonl', 0.8],
    ] as const) {
      const qs = load(name);
      const docsFor = [...new Set(qs.map((q) => q.policy))].map((f) =>
        parsePolicyDocument(f, readFileSync(path.join(DIR, f), 'utf8')),
      );
      const r = summarise(qs, runEvaluation(docsFor, qs));
      expect(r.reportCorrect / r.reportLines).toBeGreaterThanOrEqual(floor);
    }
  });
});

// Reached on the held-out set: top-1 85/98, top-3 96/98, abstained 21/22, report 31/31.
const TOP1_FLOOR = 0.84;
const TOP3_FLOOR = 0.95;
const ABSTAIN_FLOOR = 0.9;
const REPORT_FLOOR = 0.93;
