/**
 * npm run --silent eval -- --policies <folder> --questions <file.jsonl> [--abstain-below 0.5]
 * Prints one JSON line per question on stdout and the summary on stderr.
 */
import { readFile } from 'node:fs/promises';
import { DomainError } from '../src/core/errors';
import { formatSummary, parseQuestionLines, runEvaluation, summarise } from '../src/core/policy/evaluation';
import { loadPolicyFolder, loadSchoolWords } from '../src/infra/policy-files';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const policies = arg('policies') ?? 'policies';
  const questionsFile = arg('questions');
  if (!questionsFile) {
    console.error('Usage: npm run --silent eval -- --policies <folder> --questions <file.jsonl>');
    process.exit(2);
  }
  const abstain = arg('abstain-below');
  const started = Date.now();
  const warn = (w: { fileName: string; reason: string }) => console.error(`warning: skipped ${w.fileName}: ${w.reason}`);
  const docs = await loadPolicyFolder(policies, warn);
  const schoolWords = await loadSchoolWords(policies, warn);
  const questions = parseQuestionLines(await readFile(questionsFile, 'utf8'));
  const outputs = runEvaluation(docs, questions, { schoolWords, ...(abstain ? { abstainBelow: Number(abstain) } : {}) });
  process.stdout.write(outputs.map((o) => JSON.stringify(o)).join('\n') + '\n');
  console.error(formatSummary(summarise(questions, outputs)));
  console.error(`${questions.length} questions in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error(err instanceof DomainError ? err.userMessage : err instanceof Error ? err.message : String(err));
  process.exit(1);
});
