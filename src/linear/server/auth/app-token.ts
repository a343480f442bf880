import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { SessionStore } from '../../store/session-store';
import type { LinearOAuthClient } from './oauth-client';
import { OAuthGrantRefusedError } from './oauth-errors';
import { needsRefresh, SingleFlight } from './token-refresh';

/** Keyrank has no app token: it was never installed, or its installation was lost. */
export class AppNotInstalledError extends Error {
  constructor() {
    super(
      'Keyrank is not installed in Linear: run "keyrank linear install" (or set LINEAR_API_KEY for a quick start)',
    );
    this.name = 'AppNotInstalledError';
  }
}

/** Linear refused to refresh the app token (the app was uninstalled or access revoked). */
export class AppTokenRevokedError extends Error {
  constructor() {
    super(
      'Linear no longer accepts Keyrank\'s app token (its refresh was refused; the app may have been uninstalled): run "keyrank linear install" again',
    );
    this.name = 'AppTokenRevokedError';
  }
}

export interface AppTokensOptions {
  store: SessionStore;
  oauth: LinearOAuthClient;
  now: Clock;
  log: Logger;
}

/**
 * The app token of `keyrank linear install` (`actor=app`, so writes show as "Keyrank"), kept
 * fresh: refreshed before it ends, the rolled refresh token stored at once. A refused refresh
 * forgets the installation and says to install again.
 */
export class AppTokens {
  private readonly refreshes = new SingleFlight<string>();

  constructor(private readonly options: AppTokensOptions) {}

  /** The organization Keyrank was installed in: only its members may sign in. */
  async installedOrganization(): Promise<{ id: string; name: string } | undefined> {
    const app = await this.options.store.appToken();
    return app === undefined ? undefined : { id: app.orgId, name: app.orgName };
  }

  /** A usable access token; throws AppNotInstalledError or AppTokenRevokedError. */
  async accessToken(): Promise<string> {
    const app = await this.options.store.appToken();
    if (app === undefined) {
      throw new AppNotInstalledError();
    }
    if (!needsRefresh(app.accessExpiresAt, this.options.now()) || app.refreshToken === null) {
      return app.accessToken;
    }
    const refreshToken = app.refreshToken;
    return this.refreshes.run('app', async () => {
      try {
        const tokens = await this.options.oauth.refresh(refreshToken);
        await this.options.store.updateAppTokens(tokens);
        return tokens.accessToken;
      } catch (error) {
        if (error instanceof OAuthGrantRefusedError) {
          await this.options.store.clearAppToken();
          this.options.log.error('the app token was refused by Linear; install Keyrank again', {
            org: app.orgName,
          });
          throw new AppTokenRevokedError();
        }
        throw error;
      }
    });
  }
}
