/**
 * Splits a cleaned policy into passages the way a reader sees it: numbered clauses (6.2), Roman
 * sub-clauses (xiv.), lettered items (a.), unnumbered headings, and bullet lists kept with their
 * lead-in sentence. Pure: raw text in, PolicyDocument out.
 */
import { ValidationError } from '../errors';
import type { Passage, PolicyDocument } from './model';
import { parseReviewInfo } from './review';
import { cleanLines, type CleanLine } from './text-clean';

type Block =
  | { kind: 'heading'; number: string | null; numberKind: NumberKind | null; text: string }
  | { kind: 'clause'; number: string; numberKind: NumberKind; text: string }
  | { kind: 'bullet'; text: string; depth: number }
  | { kind: 'para'; text: string; table: boolean }
  | { kind: 'blank' };

type NumberKind = 'decimal' | 'roman' | 'letter';

const ROMAN = /^[ivxl]+$/i;
const MAX_HEADING_CHARS = 100;
/** Consecutive paragraphs under one heading are merged up to this size, so passages read as a unit. */
const MERGE_PARAGRAPH_CHARS = 650;

function looksLikeHeading(text: string, nextBlank: boolean, prevBlank: boolean): boolean {
  if (text.length > MAX_HEADING_CHARS || text.length < 2) return false;
  // "Next Review Date: October 2020" is metadata, not a heading.
  if (/\S:\s/.test(text)) return false;
  // A bare date ("November 2018") under the title is metadata too.
  if (/^([a-z]+\s+)?\d{4}$/i.test(text)) return false;
  if (/[.;:,]$/.test(text) && !/\.\.\.$/.test(text)) return false;
  if (!/^[A-Z0-9"'(]/.test(text)) return false;
  const words = text.split(/\s+/).length;
  if (words > 16) return false;
  // Short title-like lines stand alone in Word exports; long ones need space around them.
  return words <= 8 || (nextBlank && prevBlank);
}

function parseNumbered(text: string): { number: string; kind: NumberKind; rest: string } | null {
  const dec = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(.+)$/.exec(text);
  if (dec && !/^\d{1,2}(?:\.\d{1,2})*\s*(?:%|am|pm|years?|days?)\b/i.test(text)) {
    return { number: dec[1].replace(/\.0$/, '.0'), kind: 'decimal', rest: dec[2] };
  }
  const rom = /^([ivxl]{1,6})\.\s+(.+)$/i.exec(text);
  if (rom && ROMAN.test(rom[1]) && rom[1] === rom[1].toLowerCase()) {
    return { number: rom[1].toLowerCase(), kind: 'roman', rest: rom[2] };
  }
  const let1 = /^([a-h])\.\s+(.+)$/.exec(text);
  if (let1) return { number: let1[1], kind: 'letter', rest: let1[2] };
  return null;
}

function toBlocks(lines: CleanLine[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { text, indent, table } = lines[i];
    if (!text) {
      blocks.push({ kind: 'blank' });
      continue;
    }
    const prevBlank = i === 0 || !lines[i - 1].text;
    const nextBlank = i + 1 >= lines.length || !lines[i + 1].text;
    const md = /^(#{1,6})\s+(.*)$/.exec(text);
    if (md) {
      const n = parseNumbered(md[2]);
      blocks.push({
        kind: 'heading',
        number: n?.number ?? null,
        numberKind: n?.kind ?? null,
        text: n ? n.rest : md[2],
      });
      continue;
    }
    let body = text;
    let bulleted = false;
    if (/^-\s+/.test(body)) {
      body = body.replace(/^-\s+/, '');
      bulleted = true;
    }
    const letterParen = /^(?:\(?([a-z])\)|\(([ivx]+)\))\s+(.+)$/.exec(body);
    if (letterParen) {
      blocks.push({ kind: 'bullet', text: letterParen[3], depth: 1 });
      continue;
    }
    const numbered = table ? null : parseNumbered(body);
    if (numbered) {
      // PDF text loses blank lines: "1. Guest network" followed by "1.1 ..." is still a heading.
      const nextText = lines[i + 1]?.text.replace(/^-\s+/, '') ?? '';
      const nextIsChild =
        numbered.kind === 'decimal' && nextText.startsWith(`${numbered.number.replace(/\.0$/, '')}.`);
      const headingLike =
        numbered.rest.length <= 80 &&
        !/[.;:,]$/.test(numbered.rest) &&
        /^[A-Z]/.test(numbered.rest) &&
        numbered.rest.split(/\s+/).length <= 10 &&
        (nextBlank || nextIsChild);
      blocks.push(
        headingLike
          ? { kind: 'heading', number: numbered.number, numberKind: numbered.kind, text: numbered.rest }
          : { kind: 'clause', number: numbered.number, numberKind: numbered.kind, text: numbered.rest },
      );
      continue;
    }
    // A bare Roman numeral from a half-numbered contents list, e.g. ". Roles and responsibilities".
    if (/^\.\s+\S/.test(body)) body = body.replace(/^\.\s+/, '');
    if (bulleted) {
      blocks.push({ kind: 'bullet', text: body, depth: indent > 0 ? 1 : 0 });
      continue;
    }
    if (!table && looksLikeHeading(body, nextBlank, prevBlank)) {
      blocks.push({ kind: 'heading', number: null, numberKind: null, text: body });
      continue;
    }
    blocks.push({ kind: 'para', text: body, table });
  }
  return blocks;
}

interface Draft {
  section: string | null;
  heading: string | null;
  lines: string[];
  /** The passage is a list lead-in ("... must not:") or a numbered clause that bullets belong to. */
  acceptsBullets: boolean;
  numbered: boolean;
  tableLines: number;
}

/** "Date of Review: November 2018", "Approved by: Trust Board", a bare "November 2018". */
function isMetadataLine(text: string): boolean {
  return (
    text.length <= 80 &&
    (/^[A-Z][^:.]{1,40}:\s*\S[^.]*$/.test(text) || /^([A-Za-z]+\s+)?\d{4}$/.test(text))
  );
}

function isContentsHeading(text: string): boolean {
  return /^(table of )?contents$/i.test(text.trim());
}

/** First title-like line that names a policy; falls back to the first heading, then the file name. */
function findTitle(lines: CleanLine[], fileName: string): string {
  const head = lines.slice(0, 40).filter((l) => l.text && !l.table);
  const md = head.find((l) => /^#\s+/.test(l.text));
  if (md) return md.text.replace(/^#\s+/, '').trim();
  const policy = head.find(
    (l) => l.text.length <= 100 && /\b(policy|agreement|guidance|procedure)\b/i.test(l.text) && !/[.:]$/.test(l.text),
  );
  if (policy) return policy.text.trim();
  const first = head.find((l) => l.text.length <= 100 && !/[.:]$/.test(l.text));
  return first ? first.text.trim() : fileName.replace(/\.[^.]+$/, '');
}

export function parsePolicyDocument(fileName: string, raw: string): PolicyDocument {
  if (typeof raw !== 'string' || raw.trim().length === 0) {
    throw new ValidationError(
      `The policy file "${fileName}" is empty, so it was left out.`,
    );
  }
  const lines = cleanLines(raw);
  const title = findTitle(lines, fileName);
  const blocks = toBlocks(lines);
  const passages: Passage[] = [];
  let topNumber: string | null = null;
  let subNumber: string | null = null;
  let heading: string | null = null;
  let skipping = false;
  let draft: Draft | null = null;

  const flush = () => {
    if (draft && !skipping) {
      const text = draft.lines.join('\n').trim();
      // Keep only passages with some words in them; a lone title line is not an answer.
      // Signature blocks ("FULL NAME:", "SIGNED:") are form fields, not policy.
      const formOnly = draft.lines.every((l) => /:$/.test(l.trim()) && l.length < 30);
      if (/[a-z]{3,}/i.test(text) && text !== title && !formOnly) {
        passages.push({
          id: `${fileName}#${passages.length}`,
          fileName,
          documentTitle: title,
          section: draft.section,
          heading: draft.heading,
          text,
          position: passages.length,
          ...(draft.tableLines * 2 >= draft.lines.length ? { metadata: true } : {}),
        });
      }
    }
    draft = null;
  };
  const start = (section: string | null, first: string, numbered: boolean) => {
    flush();
    draft = { section, heading, lines: [first], acceptsBullets: true, numbered, tableLines: 0 };
  };
  const sectionFor = (number: string, kind: NumberKind): string => {
    if (kind === 'decimal') return number;
    if (kind === 'roman') return topNumber ? `${topNumber}.${number}` : number;
    const parent = subNumber ? `${topNumber ?? ''}.${subNumber}` : topNumber;
    return parent ? `${parent}.${number}` : number;
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'blank':
        break;
      case 'heading': {
        flush();
        skipping = isContentsHeading(block.text);
        if (block.numberKind === 'decimal' && block.number) {
          topNumber = block.number.replace(/\.0$/, '');
          subNumber = null;
          heading = block.text;
        } else if (block.numberKind === 'roman' || block.numberKind === 'letter') {
          subNumber = block.number;
          heading = block.text;
        } else {
          topNumber = null;
          subNumber = null;
          heading = block.text;
        }
        break;
      }
      case 'clause': {
        if (block.numberKind === 'decimal') {
          const top = block.number.split('.')[0];
          if (topNumber !== top) subNumber = null;
          topNumber = top;
        }
        if (block.numberKind === 'roman' && subNumber && ROMAN.test(subNumber)) subNumber = null;
        start(sectionFor(block.number, block.numberKind), block.text, true);
        break;
      }
      case 'bullet': {
        const line = `${block.depth > 0 ? '  ' : ''}- ${block.text}`;
        const current = draft as Draft | null;
        if (current && current.acceptsBullets) current.lines.push(line);
        else start(null, line, false);
        break;
      }
      case 'para': {
        const current = draft as Draft | null;
        const size = current ? current.lines.join(' ').length : 0;
        const leadIn = current?.lines[current.lines.length - 1]?.endsWith(':') ?? false;
        // A new lead-in ("We believe the following ...:") starts its own passage with its list.
        const startsList = block.text.endsWith(':') && size > 80;
        const metaLine = block.table || isMetadataLine(block.text);
        const inList = current?.lines.some((l) => /^\s*- /.test(l)) ?? false;
        if (
          current &&
          !startsList &&
          (leadIn || (!inList && size + block.text.length <= MERGE_PARAGRAPH_CHARS))
        ) {
          current.lines.push(block.text);
          if (metaLine) current.tableLines++;
        } else {
          // A paragraph after a numbered clause continues that clause's section.
          start(current?.numbered ? current.section : null, block.text, current?.numbered ?? false);
          if (metaLine) (draft as Draft | null)!.tableLines++;
        }
        break;
      }
    }
  }
  flush();

  if (passages.length === 0) {
    throw new ValidationError(
      `The policy file "${fileName}" has no readable text, so it was left out.`,
    );
  }
  return { fileName, title, review: parseReviewInfo(lines.map((l) => l.text)), passages };
}
