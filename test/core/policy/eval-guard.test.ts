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

// Every question set in test/fixtures/eval together (probe sets, held-out and tuning sets): 2,995
// answerable and 486 off-topic questions. Reached: top-1 2,332, top-3 2,703, off-topic declined 450,
// answerable wrongly declined 33, report type 492 of 518. Probe sets 17-30, 34, 41 and 44-55 (dev-set
// style, each added unseen) ran first at top-1 55, 52, 54, 55, 66, 59, 49, 49, 47, 56, 54, 47, 58,
// 58, 60, 66, 57, 58, 52, 65, 60, 56 and 55 of 80; sets 51 and 52 were never worked on.
// Floors a little under, to catch regressions across all wordings. The incident-story sets are
// checked for report type only.
maybe('all question sets together', () => {
  const evalDir = path.resolve(__dirname, '../../fixtures/eval');
  const files = readdirSync(evalDir).filter(
    (f) =>
      f.endsWith('.jsonl') &&
      !f.startsWith('incident-phrasings') &&
      !f.startsWith('incident-stories'),
  );
  const questions = files.flatMap((f) =>
    parseQuestionLines(readFileSync(path.join(evalDir, f), 'utf8')),
  );
  const names = [...new Set(questions.map((q) => q.policy))];
  const docs = names.map((f) => parsePolicyDocument(f, readFileSync(path.join(DIR, f), 'utf8')));
  const s = summarise(questions, runEvaluation(docs, questions));

  it('keeps answer quality across every wording style', () => {
    expect(s.answerable).toBeGreaterThanOrEqual(2990);
    expect(s.top1 / s.answerable).toBeGreaterThanOrEqual(0.77);
    expect(s.top3 / s.answerable).toBeGreaterThanOrEqual(0.895);
    expect(s.abstained / s.offTopic).toBeGreaterThanOrEqual(0.91);
    expect(s.wronglyAbstained / s.answerable).toBeLessThanOrEqual(0.03);
    expect(s.reportCorrect / s.reportLines).toBeGreaterThanOrEqual(0.93);
  });

  it('offers the right report type on incident phrasings and blind incident stories', () => {
    const load = (name: string) =>
      parseQuestionLines(readFileSync(path.join(evalDir, name), 'utf8'));
    for (const [name, floor] of [
      ['incident-phrasings-train.jsonl', 0.95],
      ['incident-phrasings-holdout.jsonl', 0.8],
      // Blind incident stories (60 each: chat-style, and long careful tellings): 55 and 52 reached.
      ['incident-stories-25.jsonl', 0.85],
      ['incident-stories-26.jsonl', 0.85],
      // Thirteen more sets of 60 (five of each type), each run unseen and then worked on: 57-60 reached.
      ...(
        ['31', '32', '33', '35', '36', '37', '38', '39', '40', '42', '47', '50', '53'] as const
      ).map((n) => [`incident-stories-${n}.jsonl`, 0.9] as const),
      // Never tuned on: 45 of 60 when added, 50 of 60 after the next session's work on other sets.
      ['incident-stories-43.jsonl', 0.8],
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
