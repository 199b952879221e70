/**
 * npm run --silent ask -- --policies <folder> "<question>"
 * Prints the answer object as one JSON line.
 */
import { DomainError } from '../src/core/errors';
import { buildPolicyLibrary } from '../src/infra/policy-files';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let policies = 'policies';
  let document: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--policies') policies = args[++i];
    else if (args[i] === '--document') document = args[++i];
    else rest.push(args[i]);
  }
  const question = rest.join(' ');
  if (!question.trim()) {
    console.error('Usage: npm run --silent ask -- --policies <folder> [--document <file>] "<question>"');
    process.exit(2);
  }
  const library = await buildPolicyLibrary(policies, (w) => console.error(`warning: skipped ${w.fileName}: ${w.reason}`));
  console.log(JSON.stringify(library.answer(question, { documentFileName: document })));
}

main().catch((err: unknown) => {
  console.error(err instanceof DomainError ? err.userMessage : err instanceof Error ? err.message : String(err));
  process.exit(1);
});
