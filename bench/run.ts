/**
 * `npm run bench`: speed and memory targets, measured in one run and printed as a table. Each area
 * contributes rows; the run exits non-zero if a row with a target misses it (unless --report-only).
 */
import type { BenchRow } from './bench-row';
import { httpTurnBench } from './http-turns';

type Section = { title: string; load: () => Promise<BenchRow[]> };

async function optional(modulePath: string, exportName: string): Promise<BenchRow[]> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(modulePath);
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ||
      /Cannot find module/.test(String(err))
    ) {
      return [{ name: `${modulePath}: not built yet`, value: '-' }];
    }
    throw err;
  }
  return (mod[exportName] as () => Promise<BenchRow[]>)();
}

const quick = process.argv.includes('--quick');

const sections: Section[] = [
  {
    title: 'HTTP turns (real server, local connector stub)',
    load: () =>
      httpTurnBench({
        turns: quick ? 400 : 2000,
        concurrency: 8,
        memoryTurns: quick ? 1000 : 10_000,
      }),
  },
  { title: 'Policy answers', load: () => optional('./policy-bench', 'policyBench') },
  { title: 'Question turn', load: () => optional('./answer-bench', 'answerBench') },
  { title: 'Report flow', load: () => optional('./report-bench', 'reportBench') },
  { title: 'Incident store', load: () => optional('./store-bench', 'storeBench') },
];

function printTable(rows: (BenchRow & { section: string })[]): void {
  const header = ['area', 'measure', 'value', 'target', ''];
  const body = rows.map((r) => [
    r.section,
    r.name,
    r.value,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const rows: (BenchRow & { section: string })[] = [];
  for (const section of sections) {
    process.stderr.write(`bench: ${section.title}...\n`);
    try {
      for (const row of await section.load()) rows.push({ ...row, section: section.title });
    } catch (err) {
      rows.push({
        section: section.title,
        name: 'failed to run',
        value: String((err as Error).message ?? err),
        ok: false,
      });
    }
  }
  printTable(rows);
  const missed = rows.filter((r) => r.ok === false);
  if (missed.length && !process.argv.includes('--report-only')) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
