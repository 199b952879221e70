/**
 * Review metadata from a policy's header ("Last reviewed: September 2023", "Review Cycle/ Next
 * Review: Bi-Annually/ Autumn 2026", "Next Review Date: 14/11/2026") and whether it is overdue.
 */
import type { Clock } from '../clock';
import type { ReviewInfo } from './model';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** UK school terms: a review due "Autumn 2026" is still on time until the term ends. */
const SEASON_END_MONTH: Record<string, number> = { spring: 4, summer: 8, autumn: 12, fall: 12, winter: 2 };

const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_RE = new RegExp(
  [
    '\\b(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{2}(?:\\d{2})?)\\b',
    `\\b(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+)?${MONTH_RE}\\.?\\s*,?\\s*(\\d{4})\\b`,
    '\\b(spring|summer|autumn|fall|winter)(?:\\s+term)?\\s*(\\d{4})\\b',
    `\\b${MONTH_RE.replace('(', '(?:')}(\\d{2})\\b`,
    '\\b(20\\d{2})\\b',
  ].join('|'),
  'i',
);

export interface ParsedDate {
  /** The text as written. */
  text: string;
  /** Last day the date covers, ISO yyyy-mm-dd ("September 2026" -> 2026-09-30). */
  end: string;
  /** First day the date covers, ISO yyyy-mm-dd. */
  start: string;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3))) + 1;
}

/** Parses the first date-like expression in the text (UK day/month order). */
export function parseReviewDate(text: string): ParsedDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const full = m[0].trim();
  if (m[1]) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    let y = Number(m[3]);
    if (y < 100) y += 2000;
    if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return null;
    return { text: full, start: iso(y, mo, d), end: iso(y, mo, d) };
  }
  if (m[5]) {
    const mo = monthIndex(m[5]);
    const y = Number(m[6]);
    if (m[4]) {
      const d = Number(m[4]);
      if (d < 1 || d > lastDay(y, mo)) return null;
      return { text: full, start: iso(y, mo, d), end: iso(y, mo, d) };
    }
    return { text: full, start: iso(y, mo, 1), end: iso(y, mo, lastDay(y, mo)) };
  }
  if (m[7]) {
    const season = m[7].toLowerCase();
    const y = Number(m[8]);
    const endMonth = SEASON_END_MONTH[season];
    const startMonth = season === 'autumn' || season === 'fall' ? 9 : season === 'spring' ? 1 : season === 'summer' ? 5 : 12;
    const endYear = season === 'winter' ? y + 1 : y;
    return { text: full, start: iso(y, startMonth, 1), end: iso(endYear, endMonth, lastDay(endYear, endMonth)) };
  }
  if (m[9]) {
    // "Oct24" as used in amendment tables.
    const mo = monthIndex(full.replace(/\d+$/, ''));
    const y = 2000 + Number(m[9]);
    return { text: full, start: iso(y, mo, 1), end: iso(y, mo, lastDay(y, mo)) };
  }
  const y = Number(m[10]);
  return { text: full, start: iso(y, 1, 1), end: iso(y, 12, 31) };
}

/** Review frequency in months, from words like "Annual", "Bi-Annually", "Triennial", "every 2 years". */
export function parseFrequencyMonths(text: string): number | null {
  const t = text.toLowerCase();
  const every = /every\s+(\d+|two|three|four)\s+years?/.exec(t);
  if (every) {
    const n = { two: 2, three: 3, four: 4 }[every[1] as 'two'] ?? Number(every[1]);
    return n * 12;
  }
  if (/\btermly\b/.test(t)) return 4;
  // Schools write "bi-annually" for every two years far more often than for twice a year.
  if (/\bbi-?annual(ly)?\b|\bbiennial(ly)?\b|\btwo[- ]yearly\b/.test(t)) return 24;
  if (/\btriennial(ly)?\b|\bthree[- ]yearly\b/.test(t)) return 36;
  if (/\bannual(ly)?\b|\byearly\b|\bevery year\b/.test(t)) return 12;
  return null;
}

const NEXT_LABEL = /next\s+review|review\s+due|due\s+for\s+review|to\s+be\s+reviewed|renewal\s+date/i;
const LAST_LABEL =
  /last\s+review|date\s+of\s+(last\s+)?review|reviewed\s+(on|by)|^reviewed|review\s+date|date\s+reviewed/i;
const APPROVED_LABEL = /approv|ratified|adopted|date\s+of\s+meeting/i;
const FREQUENCY_LABEL = /frequency|review\s+cycle|cycle|reviewed\s+every/i;

function addMonths(isoStart: string, months: number): { text: string; end: string } {
  const [y, m] = isoStart.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return { text: `${MONTHS[nm - 1][0].toUpperCase()}${MONTHS[nm - 1].slice(1)} ${ny}`, end: iso(ny, nm, lastDay(ny, nm)) };
}

/** Reads review metadata from the first lines of a cleaned document. */
export function parseReviewInfo(lines: readonly string[]): ReviewInfo {
  let last: ParsedDate | null = null;
  let lastFromApproval: ParsedDate | null = null;
  let next: ParsedDate | null = null;
  let frequency: number | null = null;
  for (const line of lines.slice(0, 80)) {
    for (const cell of line.split(/;\s+/)) {
      const colon = cell.indexOf(':');
      const label = colon >= 0 ? cell.slice(0, colon) : cell;
      const value = colon >= 0 ? cell.slice(colon + 1) : '';
      if (!value.trim() && !/\d{4}/.test(label)) continue;
      if (NEXT_LABEL.test(label)) {
        next ??= parseReviewDate(value);
        frequency ??= parseFrequencyMonths(value);
      } else if (LAST_LABEL.test(label)) {
        last ??= parseReviewDate(value);
      } else if (APPROVED_LABEL.test(label)) {
        lastFromApproval ??= parseReviewDate(value);
      } else if (FREQUENCY_LABEL.test(label)) {
        frequency ??= parseFrequencyMonths(value);
      } else if (/\bwill be reviewed every\b/i.test(cell)) {
        frequency ??= parseFrequencyMonths(cell);
      }
    }
  }
  const lastDate = last ?? lastFromApproval;
  const info: ReviewInfo = {};
  if (lastDate) info.lastReviewed = lastDate.text;
  if (next) {
    info.nextReview = next.text;
    info.nextReviewBy = next.end;
  } else if (lastDate && frequency) {
    const inferred = addMonths(lastDate.start, frequency);
    info.nextReview = inferred.text;
    info.nextReviewBy = inferred.end;
    info.nextReviewInferred = true;
  }
  return info;
}

/** True once the day after the next-review date has started (UTC), per the injected clock. */
export function isReviewOverdue(review: ReviewInfo, clock: Clock): boolean {
  if (!review.nextReviewBy) return false;
  const endOfDay = new Date(`${review.nextReviewBy}T23:59:59.999Z`);
  return clock.now().getTime() > endOfDay.getTime();
}
