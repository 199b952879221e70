/**
 * Chooses what the answer card quotes: at most 600 characters around the best-matching sentences
 * of a passage, with the list's lead-in when it fits, never a blind cut of the first 600.
 */
import { leadInOf, type Segment } from './retriever';

export const MAX_EXCERPT_CHARS = 600;
const ELLIPSIS = '...';

function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

/** Cuts a long sentence to a window of whole words around its middle of matches. */
function windowOf(text: string, focus: number, max: number): string {
  if (text.length <= max) return text;
  let start = Math.max(0, Math.min(focus - Math.floor(max / 2), text.length - max));
  let end = start + max;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < focus ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > start ? space : end;
  }
  const budget = max - (start > 0 ? ELLIPSIS.length + 1 : 0) - (end < text.length ? ELLIPSIS.length + 1 : 0);
  let body = text.slice(start, end);
  if (body.length > budget) {
    body = body.slice(0, budget);
    const space = body.lastIndexOf(' ');
    if (space > budget / 2) body = body.slice(0, space);
  }
  return `${start > 0 ? `${ELLIPSIS} ` : ''}${body.trim()}${end < text.length ? ` ${ELLIPSIS}` : ''}`;
}

/**
 * Builds the excerpt from the passage text, its segments and per-segment scores.
 * `focusTerms` locates the match inside a single sentence longer than the limit.
 */
export function chooseExcerpt(
  text: string,
  segments: readonly Segment[],
  scores: readonly number[],
  best: number,
  focusTerms: ReadonlySet<string> = new Set(),
): string {
  if (tidy(text).length <= MAX_EXCERPT_CHARS) return tidy(text);
  if (segments.length === 0) return windowOf(tidy(text), 0, MAX_EXCERPT_CHARS);
  const seg = (i: number) => text.slice(segments[i].start, segments[i].end);
  let lo = best;
  let hi = best;
  const size = () => tidy(text.slice(segments[lo].start, segments[hi].end)).length;
  if (size() > MAX_EXCERPT_CHARS) {
    const sentence = tidy(seg(best));
    return windowOf(sentence, focusOffset(sentence, focusTerms), MAX_EXCERPT_CHARS);
  }
  // Grow towards the better-scoring neighbour while the quote still fits.
  for (;;) {
    const canLeft = lo > 0;
    const canRight = hi < segments.length - 1;
    if (!canLeft && !canRight) break;
    const left = canLeft ? scores[lo - 1] : -1;
    const right = canRight ? scores[hi + 1] : -1;
    const tryLeft = left >= right;
    if (tryLeft) lo--;
    else hi++;
    if (size() > MAX_EXCERPT_CHARS) {
      if (tryLeft) lo++;
      else hi--;
      // The other side may still fit.
      if (tryLeft && canRight) {
        hi++;
        if (size() > MAX_EXCERPT_CHARS) hi--;
        else continue;
      } else if (!tryLeft && canLeft) {
        lo--;
        if (size() > MAX_EXCERPT_CHARS) lo++;
        else continue;
      }
      break;
    }
  }
  let quote = tidy(text.slice(segments[lo].start, segments[hi].end));
  // A bullet read without its lead-in loses its meaning ("must not: ..."): prepend it when it fits.
  const leadIndex = segments[best].bullet ? leadInOf(segments, best) : -1;
  if (leadIndex >= 0 && leadIndex < lo) {
    const lead = tidy(seg(leadIndex));
    if (lead.length + quote.length + ELLIPSIS.length + 2 <= MAX_EXCERPT_CHARS) {
      quote = `${lead}\n${ELLIPSIS}\n${quote}`;
    }
  }
  return quote.length <= MAX_EXCERPT_CHARS ? quote : windowOf(quote, 0, MAX_EXCERPT_CHARS);
}

function focusOffset(sentence: string, focusTerms: ReadonlySet<string>): number {
  if (focusTerms.size === 0) return 0;
  const lower = sentence.toLowerCase();
  const hits: number[] = [];
  for (const term of focusTerms) {
    const i = lower.indexOf(term.slice(0, Math.max(3, term.length)));
    if (i >= 0) hits.push(i);
  }
  if (hits.length === 0) return 0;
  hits.sort((a, b) => a - b);
  return hits[Math.floor(hits.length / 2)];
}
