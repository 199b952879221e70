/**
 * npm run --silent fit-answerability -- --policies <folder> [--target-wrong 0.03] <questions.jsonl>...
 *
 * Fits the answerability model (src/core/policy/answerability.ts) on question sets in the eval format:
 * answerable lines (with "evidence") are positives, "expect": "abstain" lines negatives. Prints the
 * leave-one-set-out result (each set scored by a model fitted without it), the weights to paste into
 * ANSWERABILITY_WEIGHTS, and the threshold that keeps wrongly declined answerable questions at the target.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { featureVector } from '../src/core/policy/answerability';
import { parseQuestionLines } from '../src/core/policy/evaluation';
import { PolicyLibrary } from '../src/core/policy/policy-library';
import { loadPolicyFolder } from '../src/infra/policy-files';

interface Sample {
  set: string;
  x: number[];
  answerable: boolean;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Class-weighted logistic regression by gradient descent, light L2 on all but the bias. */
export function fitLogistic(
  samples: readonly Sample[],
  iterations = 4000,
  rate = 0.5,
  l2 = 0.01,
): number[] {
  const k = samples[0].x.length;
  const w = new Array<number>(k).fill(0);
  const positives = samples.filter((s) => s.answerable).length;
  const negatives = samples.length - positives;
  const negativeWeight = negatives > 0 ? positives / negatives : 1;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(k).fill(0);
    for (const s of samples) {
      let z = 0;
      for (let j = 0; j < k; j++) z += w[j] * s.x[j];
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - (s.answerable ? 1 : 0)) * (s.answerable ? 1 : negativeWeight);
      for (let j = 0; j < k; j++) grad[j] += err * s.x[j];
    }
    for (let j = 0; j < k; j++)
      w[j] -= rate * (grad[j] / samples.length + (j < k - 1 ? l2 * w[j] : 0));
  }
  return w;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const score = (w: readonly number[], x: readonly number[]) =>
  sigmoid(x.reduce((a, v, j) => a + v * w[j], 0));

/** Threshold under which at most `targetWrong` of the answerable questions fall. */
function thresholdFor(scores: { p: number; answerable: boolean }[], targetWrong: number): number {
  const positives = scores
    .filter((s) => s.answerable)
    .map((s) => s.p)
    .sort((a, b) => a - b);
  return positives[Math.floor(targetWrong * positives.length)] ?? 0.5;
}

function report(
  label: string,
  scores: { p: number; answerable: boolean }[],
  threshold: number,
): string {
  const pos = scores.filter((s) => s.answerable);
  const neg = scores.filter((s) => !s.answerable);
  const wrong = pos.filter((s) => s.p < threshold).length;
  const declined = neg.filter((s) => s.p < threshold).length;
  return `${label}: off-topic declined ${declined}/${neg.length}, answerable wrongly declined ${wrong}/${pos.length} at ${threshold.toFixed(3)}`;
}

async function main(): Promise<void> {
  const folder = option('policies') ?? 'policies';
  const targetWrong = Number(option('target-wrong') ?? 0.03);
  const files = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (files.length === 0) {
    console.error(
      'Usage: npm run --silent fit-answerability -- --policies <folder> <questions.jsonl>...',
    );
    process.exit(2);
  }
  const docs = await loadPolicyFolder(folder, () => undefined);
  const libraries = new Map(docs.map((d) => [d.fileName, PolicyLibrary.build([d])]));
  const samples: Sample[] = [];
  for (const file of files) {
    for (const q of parseQuestionLines(await readFile(file, 'utf8'))) {
      const answerable = Boolean(q.evidence?.length);
      if (!answerable && q.expect !== 'abstain') continue;
      const library = libraries.get(q.policy);
      if (!library) throw new Error(`${file}: no policy called ${q.policy} in ${folder}`);
      samples.push({
        set: path.basename(file),
        x: featureVector(library.assess(q.q).features),
        answerable,
      });
    }
  }
  const sets = [...new Set(samples.map((s) => s.set))];
  const crossValidated: { p: number; answerable: boolean }[] = [];
  for (const set of sets) {
    const w = fitLogistic(samples.filter((s) => s.set !== set));
    for (const s of samples.filter((x) => x.set === set))
      crossValidated.push({ p: score(w, s.x), answerable: s.answerable });
  }
  const weights = fitLogistic(samples);
  const fitted = samples.map((s) => ({ p: score(weights, s.x), answerable: s.answerable }));
  const threshold = thresholdFor(fitted, targetWrong);
  console.log(
    report('leave-one-set-out', crossValidated, thresholdFor(crossValidated, targetWrong)),
  );
  console.log(report('all sets, fitted weights', fitted, threshold));
  console.log(`ANSWERABILITY_WEIGHTS = [${weights.map((w) => w.toFixed(3)).join(', ')}]`);
  console.log(
    `threshold for <= ${(targetWrong * 100).toFixed(1)}% wrongly declined: ${threshold.toFixed(3)}`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
