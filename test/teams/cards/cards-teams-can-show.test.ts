import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR } from '../../../src/teams/cards/render-card';
import { VERBS } from '../../../src/teams/verbs';
import { cardProblems } from '../../support/card-validator';

const card = (body: unknown[], actions: unknown[] = [], version = '1.5') => ({
  type: 'AdaptiveCard',
  version,
  body,
  actions,
});
const execute = (verb: string) => ({ type: 'Action.Execute', title: verb, verb });

/**
 * The conversation harness checks every card the bot sends with this validator; these tests show
 * the validator itself catches what Teams would reject.
 */
describe('the card check the conversation tests rely on', () => {
  it('accepts a card Teams can show', () => {
    const ok = card(
      [{ type: 'TextBlock', text: 'Hello', wrap: true, color: 'attention' }],
      [execute(VERBS.reportStart)],
    );
    expect(cardProblems(ok)).toEqual([]);
  });

  it('finds unknown elements, invalid property values and an unsupported version', () => {
    const problems = cardProblems(
      card([{ type: 'Bogus' }, { type: 'TextBlock', text: 'x', color: 'tomato' }], [], '1.6'),
    );
    expect(problems).toEqual([
      'version 1.6, not 1.5',
      expect.stringContaining('Unknown element type "Bogus"'),
      expect.stringContaining('Invalid value "tomato" for property "color"'),
    ]);
  });

  it('finds more buttons in a row than Teams shows, and verbs no handler knows', () => {
    const seven = Object.values(VERBS).slice(0, 7).map(execute);
    expect(cardProblems(card([], seven))).toEqual([
      expect.stringContaining('Maximum number of actions exceeded (6)'),
    ]);
    expect(cardProblems(card([], [execute('reportStrat')]))).toEqual([
      'Action.Execute verb "reportStrat" has no handler',
    ]);
  });

  it('finds inputs that cannot work or that a screen reader cannot name', () => {
    const emptyChoices = { type: 'Input.ChoiceSet', id: 'who', label: 'Who', choices: [] };
    expect(cardProblems(card([emptyChoices]))).toEqual([
      expect.stringContaining('must have at least one choice'),
    ]);
    const unnamed = { type: 'Input.Text', id: 'details', placeholder: 'What happened?' };
    const toggle = { type: 'Input.Toggle', id: 'urgent', title: 'A child is at risk now' };
    expect(cardProblems(card([unnamed, toggle]))).toEqual(['input "details" has no label']);
  });
});

describe('card templates', () => {
  const templates = readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
  const source = (function read(dir: string): string {
    return readdirSync(dir, { withFileTypes: true })
      .map((e) =>
        e.isDirectory()
          ? read(path.join(dir, e.name))
          : e.name.endsWith('.ts')
            ? readFileSync(path.join(dir, e.name), 'utf8')
            : '',
      )
      .join('\n');
  })(path.resolve(__dirname, '../../../src'));

  it.each(templates)('%s is an Adaptive Card 1.5 template that the bot renders', (name) => {
    const json = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
    expect(json).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(source).toContain(`'${name}'`);
  });

  it('every card the code renders has a template', () => {
    const rendered = [...source.matchAll(/renderCard\(\s*'([a-z-]+)'/g)].map((m) => m[1]);
    expect(rendered.length).toBeGreaterThan(10);
    for (const name of rendered) expect(templates).toContain(name);
  });
});
