/** Regenerates .env.example from the config schema so the two cannot drift apart. */
import fs from 'node:fs';
import path from 'node:path';
import { describeConfig } from '../src/config';

const lines = [
  '# Safeguard bot configuration. Copy to .env and fill in what you need: every variable is optional',
  '# for a local run. Generated from src/config.ts by `npx tsx scripts/env-example.ts`.',
  '',
];
for (const { name, description, defaultValue } of describeConfig()) {
  lines.push(`# ${description}`, `# ${name}=${defaultValue ?? ''}`, '');
}
fs.writeFileSync(path.resolve(__dirname, '..', '.env.example'), lines.join('\n'));
