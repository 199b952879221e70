/**
 * Regenerates .env.example and the README's configuration table from the config schema, so the
 * documentation cannot drift from what src/config.ts accepts. Run: npx tsx scripts/env-example.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeConfig } from '../src/config';

const root = path.resolve(__dirname, '..');
const vars = describeConfig();

const example = [
  '# Safeguard bot configuration. Copy to .env and fill in what you need: every variable is optional',
  '# for a local run. Generated from src/config.ts by `npx tsx scripts/env-example.ts`.',
  '',
];
for (const { name, description, defaultValue } of vars) {
  example.push(`# ${description}`, `# ${name}=${defaultValue ?? ''}`, '');
}
fs.writeFileSync(path.join(root, '.env.example'), example.join('\n'));

const table = [
  '| Variable | Default | What it does |',
  '|---|---|---|',
  ...vars.map(
    ({ name, description, defaultValue }) =>
      `| \`${name}\` | ${defaultValue ? `\`${defaultValue}\`` : ''} | ${description.replace(/\|/g, '\\|')} |`,
  ),
].join('\n');
const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const updated = readme.replace(
  /<!-- config-table:start -->[\s\S]*<!-- config-table:end -->/,
  `<!-- config-table:start -->\n${table}\n<!-- config-table:end -->`,
);
fs.writeFileSync(readmePath, updated);
