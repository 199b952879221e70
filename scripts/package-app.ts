/** `npm run package`: writes appPackage/safeguard-<version>.zip with the bot id and host from config. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { APP_VERSION, PROJECT_ROOT } from '../src/project-root';
import { buildAppPackage } from '../src/teams/app-package';

try {
  const config = loadConfig();
  if (!config.bot.appId || !config.publicHostname) {
    throw new Error(
      'Set BOT_ID (your Azure Bot registration app id) and PUBLIC_HOSTNAME (the host Teams reaches the bot on) in the environment or .env, then run npm run package again.',
    );
  }
  const zip = buildAppPackage({
    botId: config.bot.appId,
    domain: config.publicHostname,
    teamsAppId: config.teamsAppId,
    version: APP_VERSION,
  });
  const outDir = path.join(PROJECT_ROOT, 'appPackage');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `safeguard-${APP_VERSION}.zip`);
  fs.writeFileSync(file, zip);
  console.log(
    `Wrote ${path.relative(process.cwd(), file)}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin centre.`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
