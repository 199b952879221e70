/**
 * Loads the policy folder (.md, .txt, .docx via mammoth, .pdf via unpdf) into PolicyDocuments, and
 * watches it so the library is rebuilt without a restart. One bad file is reported through the
 * injected warn callback (file name and reason only) and never stops the others.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { DomainError, NotFoundError } from '../core/errors';
import { parsePolicyDocument } from '../core/policy/sectioning';
import type { PolicyDocument } from '../core/policy/model';
import { PolicyLibrary, type LibraryOptions } from '../core/policy/policy-library';
import { isSchoolWordsFile, SCHOOL_WORDS_FILE, SchoolWords } from '../core/policy/school-words';

export const POLICY_EXTENSIONS = ['.md', '.markdown', '.txt', '.docx', '.pdf'] as const;
/** Bigger files are almost certainly not a policy (or a scanned PDF) and would slow start-up. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_SCHOOL_WORDS_BYTES = 256 * 1024;

export interface PolicyFileWarning {
  fileName: string;
  reason: string;
}
export type WarnFn = (warning: PolicyFileWarning) => void;

function isPolicyFile(name: string): boolean {
  return (
    !name.startsWith('.') &&
    !name.startsWith('~$') &&
    !isSchoolWordsFile(name) &&
    POLICY_EXTENSIONS.includes(path.extname(name).toLowerCase() as never)
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** mammoth's HTML -> the plain-text shapes sectioning understands (headings, bullets, tab tables). */
export function htmlToPolicyText(html: string): string {
  return html
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, level: string, body: string) => `\n\n${'#'.repeat(Number(level))} ${body}\n\n`)
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|li|ul|ol)>/gi, '\n')
    .replace(/<p[^>]*>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/t[dh]>\s*<t[dh][^>]*>/gi, '\t')
    .replace(/<\/tr>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return ENTITIES[code.toLowerCase()] ?? m;
    })
    .replace(/\n{3,}/g, '\n\n');
}

/** Raw text of one policy file, by extension. */
export async function readPolicyText(filePath: string): Promise<string> {
  const ext = path.extname(filePath).toLowerCase();
  const info = await stat(filePath);
  if (info.size > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES} bytes`);
  const buffer = await readFile(filePath);
  if (ext === '.docx') {
    const { value } = await mammoth.convertToHtml({ buffer });
    return htmlToPolicyText(value);
  }
  if (ext === '.pdf') {
    const pdf = await getDocumentProxy(new Uint8Array(buffer));
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return text;
    } finally {
      await pdf.destroy();
    }
  }
  return buffer.toString('utf8');
}

export async function loadPolicyFile(filePath: string): Promise<PolicyDocument> {
  const text = await readPolicyText(filePath);
  return parsePolicyDocument(path.basename(filePath), text);
}

/** Loads every policy file in the folder, in name order. Bad files are skipped with a warning. */
export async function loadPolicyFolder(dir: string, warn: WarnFn = () => {}): Promise<PolicyDocument[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isPolicyFile).sort();
  } catch {
    throw new NotFoundError('The policy folder could not be read. Please ask an admin to check it.', `policy folder unreadable: ${dir}`);
  }
  const docs: PolicyDocument[] = [];
  for (const name of names) {
    try {
      docs.push(await loadPolicyFile(path.join(dir, name)));
    } catch (err) {
      const reason = err instanceof DomainError ? err.userMessage : err instanceof Error ? err.message : String(err);
      warn({ fileName: name, reason });
    }
  }
  return docs;
}

/**
 * The school's own words (school-words.txt in the policy folder), or none when there is no such
 * file. Bad lines are reported through `warn` as "line N: reason" and skipped.
 */
export async function loadSchoolWords(dir: string, warn: WarnFn = () => {}): Promise<SchoolWords> {
  let name: string | undefined;
  try {
    name = (await readdir(dir)).find(isSchoolWordsFile);
  } catch {
    return SchoolWords.none;
  }
  if (!name) return SchoolWords.none;
  try {
    const file = path.join(dir, name);
    if ((await stat(file)).size > MAX_SCHOOL_WORDS_BYTES) {
      warn({ fileName: name, reason: `file is larger than ${MAX_SCHOOL_WORDS_BYTES / 1024} KB, so it was not used` });
      return SchoolWords.none;
    }
    const { words, problems } = SchoolWords.parse(await readFile(file, 'utf8'));
    for (const p of problems) warn({ fileName: name, reason: `line ${p.line}: ${p.reason}` });
    return words;
  } catch (err) {
    warn({ fileName: name, reason: err instanceof Error ? err.message : String(err) });
    return SchoolWords.none;
  }
}

export async function buildPolicyLibrary(dir: string, warn: WarnFn = () => {}, options?: LibraryOptions): Promise<PolicyLibrary> {
  const documents = await loadPolicyFolder(dir, warn);
  const schoolWords = await loadSchoolWords(dir, warn);
  const library = PolicyLibrary.build(documents, { ...options, schoolWords });
  for (const p of library.unmatchedSchoolWords()) warn({ fileName: SCHOOL_WORDS_FILE, reason: `line ${p.line}: ${p.reason}` });
  return library;
}

export interface PolicyWatcherOptions {
  warn?: WarnFn;
  /** Called after each successful rebuild (counts only, no content). */
  onReload?: (info: { documents: number; passages: number }) => void;
  /** Called when a rebuild fails; the previous library keeps serving. */
  onError?: (err: unknown) => void;
  debounceMs?: number;
  library?: LibraryOptions;
}

/**
 * Holds the current PolicyLibrary and swaps it atomically when the folder changes (fs.watch,
 * debounced) or when an admin runs `reload`. Readers always see a complete library: the old one
 * keeps serving until the new one is built.
 */
export class PolicyWatcher {
  private current: PolicyLibrary;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PolicyLibrary> | null = null;
  private again = false;

  private constructor(
    readonly dir: string,
    initial: PolicyLibrary,
    private readonly options: PolicyWatcherOptions,
  ) {
    this.current = initial;
  }

  /** Loads the folder once; `watch: false` skips fs.watch (tests, one-off tools). */
  static async start(dir: string, options: PolicyWatcherOptions & { watch?: boolean } = {}): Promise<PolicyWatcher> {
    const initial = await buildPolicyLibrary(dir, options.warn, options.library);
    const w = new PolicyWatcher(dir, initial, options);
    if (options.watch !== false) w.watchFolder();
    return w;
  }

  get library(): PolicyLibrary {
    return this.current;
  }

  /** Rebuilds now. Concurrent calls share one rebuild; a change during a rebuild triggers one more. */
  reload(): Promise<PolicyLibrary> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        let lib: PolicyLibrary;
        do {
          this.again = false;
          lib = await buildPolicyLibrary(this.dir, this.options.warn, this.options.library);
          this.current = lib;
          this.options.onReload?.({ documents: lib.documents.length, passages: lib.passageCount });
        } while (this.again);
        return lib;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private watchFolder(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        if (name && !isPolicyFile(String(name)) && !isSchoolWordsFile(String(name))) return;
        this.schedule();
      });
      this.watcher.on('error', (err) => this.options.onError?.(err));
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload().catch((err: unknown) => this.options.onError?.(err));
    }, this.options.debounceMs ?? 300);
    this.timer.unref?.();
  }
}
