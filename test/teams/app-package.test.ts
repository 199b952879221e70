import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { MANIFEST_DIR, buildAppPackage, buildManifest } from '../../src/teams/app-package';

const settings = {
  botId: '11111111-2222-3333-4444-555555555555',
  teamsAppId: '6f1c2d8e-4b7a-4c1e-9a53-2f0d8b6e7c41',
  domain: 'safeguard.example.org',
  version: '1.2.3',
};

/**
 * Runs the offline validator script in its own Node process: @microsoft/app-manifest pulls in an
 * ES-module-only dependency that Jest's CommonJS runtime cannot load.
 */
function validate(manifest: unknown): string[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'manifest.json');
  fs.writeFileSync(file, JSON.stringify(manifest));
  const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const script = path.join(__dirname, '..', '..', 'scripts', 'validate-manifest.ts');
  try {
    return JSON.parse(execFileSync(tsx, [script, '--file', file], { encoding: 'utf8' })).errors;
  } catch (err) {
    const out = (err as { stdout?: string }).stdout;
    if (out) return JSON.parse(out).errors;
    throw err;
  }
}

function png(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, file)));
}

describe('Teams app package', () => {
  it('fills the bot id, app id, host and version into the manifest', () => {
    const manifest = buildManifest(settings) as Record<string, any>;
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.id).toBe(settings.teamsAppId);
    expect(manifest.bots[0].botId).toBe(settings.botId);
    expect(manifest.composeExtensions[0].botId).toBe(settings.botId);
    expect(manifest.validDomains).toEqual([settings.domain]);
    expect(manifest.version).toBe('1.2.3');
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('validates offline against the official 1.22 schema', () => {
    const manifest = buildManifest(settings);
    const errors = validate(manifest);
    expect(errors).toEqual([]);
  });

  it('fails schema validation when a required field is broken (the check can fail)', () => {
    const manifest = buildManifest(settings) as Record<string, any>;
    delete manifest.name;
    const errors = validate(manifest);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('offers ask, report, my reports and help in personal chat, and a message action', () => {
    const manifest = buildManifest(settings) as Record<string, any>;
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    const personal = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('personal'));
    expect(personal.commands.map((c: any) => c.title)).toEqual([
      'ask',
      'report',
      'my reports',
      'help',
    ]);
    expect(manifest.composeExtensions[0].commands[0]).toMatchObject({
      type: 'action',
      context: ['message'],
    });
    const team = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('team'));
    expect(team.commands.map((c: any) => c.title)).toEqual(
      expect.arrayContaining(['setup', 'status', 'open', 'unassigned', 'show', 'digest', 'export']),
    );
  });

  it('refuses to build with a bad bot id or host', () => {
    expect(() => buildManifest({ ...settings, botId: 'not-a-guid' })).toThrow(/BOT_ID/);
    expect(() => buildManifest({ ...settings, domain: 'https://x.org/path' })).toThrow(
      /PUBLIC_HOSTNAME/,
    );
  });

  it('zips manifest.json and both icons at the root', () => {
    const zip = new AdmZip(buildAppPackage(settings));
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(zip.readAsText('manifest.json')).bots[0].botId).toBe(settings.botId);
  });

  it('has a 192x192 colour icon', () => {
    const color = png('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
  });

  it('has a 32x32 outline icon that is white on transparent', () => {
    const outline = png('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        opaque++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(opaque).toBeGreaterThan(0);
  });
});
