/**
 * A school's own words: staff call things by names their policy never uses ("CPOMS", "Google
 * Classroom", "the Hub"). An admin lists them in `school-words.txt` in the policy folder, one line
 * per idea, `staff word(s) = policy word(s)`, and questions using the staff word then also look for
 * the policy's word. It only widens what a question can match: it never adds policy text.
 */
import { analyze, type QueryGroup } from './analyzer';

export const SCHOOL_WORDS_FILE = 'school-words.txt';

/** The word list, whatever case the admin saved its name in (warnings about it carry this name too). */
export function isSchoolWordsFile(fileName: string): boolean {
  return fileName.toLowerCase() === SCHOOL_WORDS_FILE;
}
/** A school's word list is short; anything bigger is a wrong file. */
export const MAX_SCHOOL_WORD_LINES = 2000;
const MAX_LINE_CHARS = 300;
/** Just under an exact word, so the policy's own wording still wins a tie. */
const SCHOOL_WORD_WEIGHT = 0.9;

export interface SchoolWordProblem {
  /** 1-based line in the file. */
  line: number;
  reason: string;
}

interface Entry {
  /** Canonical terms of one staff phrase, in order. */
  staff: string[];
  /** Canonical terms of every policy phrase the staff phrase stands for. */
  policy: string[];
  line: number;
  policyText: string;
}

export class SchoolWords {
  private constructor(private readonly entries: readonly Entry[]) {}

  static readonly none = new SchoolWords([]);

  /** Parses the file; bad lines are skipped and reported, never fatal. */
  static parse(text: string): { words: SchoolWords; problems: SchoolWordProblem[] } {
    const entries: Entry[] = [];
    const problems: SchoolWordProblem[] = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = i + 1;
      const raw = lines[i].trim();
      if (!raw || raw.startsWith('#')) continue;
      if (i >= MAX_SCHOOL_WORD_LINES) {
        problems.push({ line, reason: `only the first ${MAX_SCHOOL_WORD_LINES} lines are read` });
        break;
      }
      if (raw.length > MAX_LINE_CHARS) {
        problems.push({ line, reason: `line is longer than ${MAX_LINE_CHARS} characters` });
        continue;
      }
      const parts = raw.split('=');
      if (parts.length !== 2) {
        problems.push({
          line,
          reason: 'expected one "=" between the staff words and the policy words',
        });
        continue;
      }
      const [staffSide, policySide] = parts.map((p) =>
        p
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      if (staffSide.length === 0 || policySide.length === 0) {
        problems.push({ line, reason: 'both sides of "=" need at least one word' });
        continue;
      }
      const policy = [...new Set(policySide.flatMap((p) => analyze(p).terms))];
      if (policy.length === 0) {
        problems.push({ line, reason: 'the policy words are all too common to search for' });
        continue;
      }
      for (const s of staffSide) {
        const staff = analyze(s).terms;
        if (staff.length === 0) {
          problems.push({ line, reason: `"${s.slice(0, 40)}" is too common a word to search for` });
          continue;
        }
        entries.push({ staff, policy, line, policyText: policySide.join(', ') });
      }
    }
    return { words: new SchoolWords(entries), problems };
  }

  /** Staff phrases read from the file. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Lines whose policy words appear in none of the loaded documents (`known` says whether the
   * knowledge base uses a term): such a line cannot help, usually a typo or a policy that changed.
   */
  unmatched(known: (term: string) => boolean): SchoolWordProblem[] {
    const seen = new Set<number>();
    const out: SchoolWordProblem[] = [];
    for (const e of this.entries) {
      if (seen.has(e.line) || e.policy.some(known)) continue;
      seen.add(e.line);
      out.push({
        line: e.line,
        reason: `"${e.policyText.slice(0, 60)}" does not appear in any policy document`,
      });
    }
    return out;
  }

  /**
   * Adds the policy's words as alternatives of the question terms that make up a staff phrase
   * (all its terms, in order, in the question).
   */
  expand(groups: QueryGroup[], questionTerms: readonly string[]): void {
    if (this.entries.length === 0) return;
    for (const e of this.entries) {
      if (!containsRun(questionTerms, e.staff)) continue;
      for (const g of groups) {
        if (!e.staff.includes(g.term)) continue;
        for (const t of e.policy) {
          if ((g.alternatives.get(t) ?? 0) < SCHOOL_WORD_WEIGHT)
            g.alternatives.set(t, SCHOOL_WORD_WEIGHT);
        }
      }
    }
  }
}

function containsRun(terms: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= terms.length; i++) {
    for (let j = 0; j < run.length; j++) if (terms[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
