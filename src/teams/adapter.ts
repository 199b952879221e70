import { TeamsAdapter } from '@microsoft/teams-ai';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Config } from '../config';

/**
 * With credentials, the first argument makes CloudAdapter validate the Bot Framework JWT on every
 * incoming request (passing them only to the credential factory would authenticate outgoing calls
 * but let unauthenticated requests in). Without credentials the bot runs in local mode.
 */
export function createAdapter(config: Config): TeamsAdapter {
  const auth = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.password ?? '',
    MicrosoftAppType: config.localMode ? 'MultiTenant' : config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
  return new TeamsAdapter(auth, new ConfigurationServiceClientCredentialFactory(auth));
}
