import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';
import { GlobalSettings, Template } from 'adaptivecards-templating';

// A field missing from the data renders as empty, never as its `${...}` source.
GlobalSettings.getUndefinedFieldValueSubstitutionString = () => '';

/**
 * Card data shapes, one entry per template in cards/ (file name without .json). Features add their
 * own entries by declaration merging:
 *   declare module '../cards/render-card' { interface CardDataMap { 'report-step': ReportStepData } }
 * Strings shown in a TextBlock that came from a user must go through `escapeMarkdown` first; prefer
 * RichTextBlock/TextRun (no markdown) for long user text.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CardDataMap {}

export type CardName = keyof CardDataMap & string;

/** An Adaptive Card as JSON, ready for CardFactory.adaptiveCard or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const CARDS_DIR = path.join(PROJECT_ROOT, 'cards');

const templates = new Map<string, Template>();

function template(name: string): Template {
  let t = templates.get(name);
  if (!t) {
    const json = JSON.parse(fs.readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
    t = new Template(json);
    templates.set(name, t);
  }
  return t;
}

/**
 * Binds data to a template exactly once. User text is data, never template source, so `${...}` in
 * user text stays literal.
 */
export function renderCard<K extends CardName>(name: K, data: CardDataMap[K]): AdaptiveCardJson {
  return template(name).expand({ $root: data }) as AdaptiveCardJson;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+!|~<>]/g;

/** Escapes text for an Adaptive Card TextBlock so user text cannot add links, emphasis, lists or mentions. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(MARKDOWN_SPECIAL, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}
