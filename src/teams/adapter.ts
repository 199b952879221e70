import { TeamsAdapter } from '@microsoft/teams-ai';
import { CallerIdConstants, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../logger';

/**
 * With credentials, the first argument makes CloudAdapter validate the Bot Framework JWT on every
 * incoming request (passing them only to the credential factory would authenticate outgoing calls
 * but let unauthenticated requests in). Without credentials the bot runs in local mode.
 */
export function createAdapter(config: Config, log?: Logger): TeamsAdapter {
  const auth: Record<string, string> = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.password ?? '',
    MicrosoftAppType: config.localMode ? 'MultiTenant' : config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
  if (config.bot.openIdMetadataUrl) {
    // Overriding one endpoint makes the SDK take every cloud setting from config, so give it the
    // public-cloud values for the rest (otherwise no issuer is accepted and outgoing calls break).
    Object.assign(auth, {
      ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl:
        AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: 'true',
    });
  }
  const adapter = new TeamsAdapter(auth, new ConfigurationServiceClientCredentialFactory(auth));
  if (!config.localMode) failClosed(adapter, log);
  return adapter;
}

/**
 * The Bot Framework validator raises AuthenticationError (401) for most bad tokens but lets a bad
 * signature, a malformed token or an unreachable key service escape as a plain error, which
 * CloudAdapter answers with 500. Every failure to authenticate is a refusal: answer 401, run no turn.
 */
function failClosed(adapter: TeamsAdapter, log?: Logger): void {
  const authentication = (
    adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }
  ).botFrameworkAuthentication;
  const authenticate = authentication.authenticateRequest.bind(authentication);
  authentication.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      log?.warn(
        {
          event: 'auth_refused',
          errorType: (err as Error)?.name,
          code: (err as { code?: string })?.code,
        },
        'request refused: Bot Framework token not valid',
      );
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError('Unauthorized', 401);
    }
  };
}
