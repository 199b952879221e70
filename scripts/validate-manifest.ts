/**
 * Validates the Teams manifest offline against the official schema bundled in @microsoft/app-manifest
 * (teamsapp validate would fetch the schema online). Prints JSON `{ "errors": [...] }`; exits 1 on errors.
 * Usage: npm run validate-manifest [-- --file <manifest.json>]
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { buildManifest } from '../src/teams/app-package';

async function main(): Promise<void> {
  const fileArg = process.argv.indexOf('--file');
  const manifest =
    fileArg > 0
      ? JSON.parse(fs.readFileSync(process.argv[fileArg + 1], 'utf8'))
      : buildManifest({
          botId: '00000000-0000-0000-0000-000000000000',
          teamsAppId: '00000000-0000-0000-0000-000000000000',
          domain: 'bot.example.org',
        });
  const version = String(manifest.manifestVersion);
  const schemaFile = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build/json-schemas/teams',
    `v${version}`,
    'MicrosoftTeams.schema.json',
  );
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  console.log(JSON.stringify({ manifestVersion: version, errors }));
  process.exit(errors.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
