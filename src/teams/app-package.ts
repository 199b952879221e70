import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PROJECT_ROOT } from '../project-root';

export const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');

export interface PackageSettings {
  botId: string;
  /** Public host name only, e.g. safeguard.example.org (no scheme, no path). */
  domain: string;
  teamsAppId: string;
  version?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The manifest with placeholders filled; throws with a clear message for a bad setting. */
export function buildManifest(settings: PackageSettings): Record<string, unknown> {
  const problems: string[] = [];
  if (!GUID.test(settings.botId)) problems.push('BOT_ID must be the bot registration GUID');
  if (!GUID.test(settings.teamsAppId)) problems.push('TEAMS_APP_ID must be a GUID');
  if (!HOST.test(settings.domain))
    problems.push('PUBLIC_HOSTNAME must be a host name such as bot.example.org');
  if (problems.length)
    throw new Error(`Cannot build the app package:\n  - ${problems.join('\n  - ')}`);

  const source = fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const filled = source
    .replaceAll('${{BOT_ID}}', settings.botId)
    .replaceAll('${{TEAMS_APP_ID}}', settings.teamsAppId)
    .replaceAll('${{BOT_DOMAIN}}', settings.domain);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  if (settings.version) manifest.version = settings.version;
  return manifest;
}

/** The zip Teams admins upload: manifest.json and the two icons at the root. */
export function buildAppPackage(settings: PackageSettings): Buffer {
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(buildManifest(settings), null, 2)));
  for (const icon of ['color.png', 'outline.png']) {
    zip.addFile(icon, fs.readFileSync(path.join(MANIFEST_DIR, icon)));
  }
  return zip.toBuffer();
}
