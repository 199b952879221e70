/**
 * Chooses what the answer card quotes: at most 600 characters of a passage: its best-matching
 * sentence, the list's lead-in, the other sentences that match almost as well (with "..." for what
 * is left out between them), then the sentences around them; never a blind cut of the first 600.
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
  const sentence = tidy(text.slice(segments[best].start, segments[best].end));
  if (sentence.length > MAX_EXCERPT_CHARS) {
    return windowOf(sentence, focusOffset(sentence, focusTerms), MAX_EXCERPT_CHARS);
  }
  return pickSentences(text, segments, scores, best);
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

/** Share of the best sentence's score another sentence needs to be quoted out of order. */
const QUOTE_ALSO_SHARE = 0.6;

/**
 * Quotes the best sentence, its list lead-in, and the other sentences that match the question almost
 * as well, wherever they are in the passage, in reading order with "..." for what is left out; then
 * fills the remaining room with the sentences around them.
 */
function pickSentences(text: string, segments: readonly Segment[], scores: readonly number[], best: number): string {
  const chosen = new Set<number>([best]);
  const render = (set: ReadonlySet<number>) => {
    const order = [...set].sort((a, b) => a - b);
    const runs: string[] = [];
    let runStart = order[0];
    for (let i = 0; i < order.length; i++) {
      const last = i === order.length - 1 || order[i + 1] !== order[i] + 1;
      if (!last) continue;
      runs.push(tidy(text.slice(segments[runStart].start, segments[order[i]].end)));
      runStart = order[i + 1];
    }
    return runs.join(`\n${ELLIPSIS}\n`);
  };
  const tryAdd = (i: number) => {
    if (i < 0 || i >= segments.length || chosen.has(i)) return false;
    chosen.add(i);
    if (render(chosen).length > MAX_EXCERPT_CHARS) {
      chosen.delete(i);
      return false;
    }
    return true;
  };
  // A sub-item is quoted with the item it sits under and that item's own lead-in.
  for (let i = best; i >= 0 && segments[i].bullet; ) {
    i = leadInOf(segments, i);
    tryAdd(i);
  }
  const others = scores
    .map((score, i) => ({ score, i }))
    .filter((x) => x.i !== best && x.score > 0 && x.score >= scores[best] * QUOTE_ALSO_SHARE)
    .sort((a, b) => b.score - a.score);
  for (const { i } of others) tryAdd(i);
  // Fill the room left with neighbours of what was chosen, the better-scoring side first.
  for (let grew = true; grew; ) {
    grew = false;
    const around = [...chosen]
      .flatMap((i) => [i - 1, i + 1])
      .filter((i) => i >= 0 && i < segments.length && !chosen.has(i))
      .sort((a, b) => scores[b] - scores[a]);
    for (const i of around) if (tryAdd(i)) grew = true;
  }
  return render(chosen);
}
