/**
 * Clean-up of text exported from Word/PDF/Markdown before sectioning: drops bookmark tags and stray
 * markup, normalises quotes, bullets and tables, and re-joins lines the export broke in two.
 */

const BULLET_CHARS = '\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\uf0b7';

/** Lines without any of these characters need no clean-up (most lines of a plain-text export). */
const NEEDS_CLEANING = /[[{<*_\\!`\u00a0\u2007\u2013\u2014\u2018-\u201f\u2026\u200b-\u200d\u202f\u2032\u2033\u2212\ufeff]/;

export function cleanInline(line: string): string {
  if (!NEEDS_CLEANING.test(line)) return line;
  return (
    line
      // Word/Pandoc bookmark tags: [bookmark: _Toc123], {#_Toc123 .class}, <a name="x"></a>
      .replace(/\[bookmark:[^\]]*\]/gi, '')
      .replace(/\{#[^}]*\}/g, '')
      .replace(/<a\s+(?:name|id)=[^>]*>\s*(?:<\/a>)?/gi, '')
      .replace(/<\/?[a-z][a-z0-9]*(?:\s[^>]*)?\/?>/gi, ' ')
      // Markdown links and emphasis: keep the words only.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .replace(/(^|\s)\*(\S[^*]*\S|\S)\*(?=\s|[.,;:!?)]|$)/g, '$1$2')
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
      // Typography
      .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
      .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
  );
}

/** Flattened table row (tab separated) -> readable "label: value; ..." text. */
function flattenTableRow(line: string): string {
  const cells = line
    .split('\t')
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  const out: string[] = [];
  for (const cell of cells) {
    const last = out.length - 1;
    if (last >= 0 && /:$/.test(out[last])) out[last] = `${out[last]} ${cell}`;
    else out.push(cell);
  }
  if (out.length === 2 && !out[0].includes(':') && !out[1].includes(':')) return `${out[0]}: ${out[1]}`;
  return out.join('; ');
}

export interface CleanLine {
  text: string;
  /** Leading spaces before the bullet/number, used to tell nested bullets. */
  indent: number;
  /** The line was a flattened table row. */
  table: boolean;
}

/** Cleans raw document text into lines; blank lines are kept as empty text (they separate blocks). */
export function cleanLines(raw: string): CleanLine[] {
  const text = raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/\f/g, '\n');
  const lines: CleanLine[] = [];
  for (const rawLine of text.split('\n')) {
    const table = /\S\t/.test(rawLine);
    let line = cleanInline(rawLine).replace(/\s+$/, '');
    const indent = (/^ */.exec(line) as RegExpExecArray)[0].length;
    line = line.trim();
    if (table) line = flattenTableRow(line);
    // Word symbol-font bullets ("· text", "• text") become markdown bullets.
    const bullet = new RegExp(`^[${BULLET_CHARS}]\\s*`);
    if (bullet.test(line)) line = `- ${line.replace(bullet, '')}`;
    else if (/^[*+]\s+/.test(line)) line = `- ${line.replace(/^[*+]\s+/, '')}`;
    else if (/^o\s+[A-Z]/.test(line)) line = `- ${line.slice(1).trim()}`;
    line = line.replace(/\s{2,}/g, ' ');
    lines.push({ text: line, indent, table });
  }
  return joinBrokenLines(lines);
}

const STRUCTURE_START =
  /^(?:#{1,6}\s|-\s|\d+(?:\.\d+)*\.?\s|(?:[ivxl]+|[a-h])[.)]\s|\([a-z0-9]+\)\s)/i;

/** PDF and plain-text exports wrap lines well under this many characters. */
const MAX_WRAP_WIDTH = 110;

function endsSentence(text: string): boolean {
  return /[.:;!?)"'\]]$/.test(text);
}

/**
 * PDF and Word exports break a sentence across lines, sometimes with a blank line between the
 * halves. Join a line to the next when it clearly does not end there: the next line starts in
 * lower case, or this line is long and stops mid-sentence and the next is not a new item.
 */
function joinBrokenLines(lines: CleanLine[]): CleanLine[] {
  const out: CleanLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cur = { ...lines[i] };
    while (cur.text && !cur.table && !endsSentence(cur.text)) {
      let j = i + 1;
      let blanks = 0;
      while (j < lines.length && !lines[j].text && blanks < 2) {
        j++;
        blanks++;
      }
      const next = lines[j];
      if (!next || !next.text || next.table || STRUCTURE_START.test(next.text)) break;
      const lowerStart = /^[a-z]/.test(next.text);
      // A short unpunctuated next line is usually a heading, not the rest of this sentence.
      const nextIsHeadingLike = next.text.length <= 100 && !/[.:;!?]$/.test(next.text);
      const longOpen =
        cur.text.length >= 70 && /[a-z,]$/.test(cur.text) && !nextIsHeadingLike;
      // A line longer than any wrap width, followed directly (no blank line) by a capitalised line,
      // is a whole paragraph from a Word export whose author left off the full stop.
      const paragraphLine = blanks === 0 && !lowerStart && cur.text.length > MAX_WRAP_WIDTH;
      if ((!lowerStart && !longOpen) || paragraphLine) break;
      cur.text = `${cur.text} ${next.text}`;
      i = j;
    }
    out.push(cur);
  }
  return out;
}
