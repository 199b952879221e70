import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, whether running from src/ (tsx, jest) or dist/ (npm start). */
function findProjectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'cards')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Project root (package.json with cards/) not found');
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

export const APP_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
