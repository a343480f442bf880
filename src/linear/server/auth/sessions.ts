import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { Session, SessionStore } from '../../store/session-store';
import type { LinearOAuthClient, TokenSet } from './oauth-client';
import { OAuthGrantRefusedError } from './oauth-errors';
import { hasExpired, needsRefresh, SingleFlight } from './token-refresh';

/** A signed-in person: their actions run with their own Linear token, so Linear's permissions apply. */
export interface Person {
  kind: 'person';
  /** The cookie value; needed to end the session. */
  sessionId: string;
  userId: string;
  userName: string;
  orgId: string;
  accessToken: string;
  csrfToken: string;
}

export interface SessionsOptions {
  store: SessionStore;
  oauth: LinearOAuthClient;
  now: Clock;
  log: Logger;
}

/**
 * The life of a session around the store: resuming one from its cookie (refreshing the Linear
 * token when it is about to end), and ending one. A refresh Linear refuses ends the session:
 * the person signs in again.
 */
export class Sessions {
  private readonly refreshes = new SingleFlight<Session | undefined>();

  constructor(private readonly options: SessionsOptions) {}

  /** The person of a session cookie, or undefined when there is no live session. */
  async resume(sessionId: string): Promise<Person | undefined> {
    const { store, now } = this.options;
    let session = await store.findSession(sessionId, now());
    if (session === undefined) {
      return undefined;
    }
    if (needsRefresh(session.accessExpiresAt, now())) {
      const current = session;
      session = await this.refreshes.run(sessionId, () => this.refresh(sessionId, current));
    }
    return session === undefined ? undefined : personOf(sessionId, session);
  }

  /** Ends a session and, best effort, revokes its token at Linear. */
  async end(sessionId: string): Promise<void> {
    const session = await this.options.store.findSession(sessionId, this.options.now());
    await this.options.store.deleteSession(sessionId);
    if (session !== undefined) {
      await revokeQuietly(
        this.options,
        session.refreshToken ?? session.accessToken,
        session.refreshToken === null ? 'access_token' : 'refresh_token',
      );
    }
  }

  private async refresh(sessionId: string, session: Session): Promise<Session | undefined> {
    const { store, oauth, now, log } = this.options;
    if (session.refreshToken === null) {
      // A legacy token without a refresh token cannot be renewed: sign in again once it ends.
      return hasExpired(session.accessExpiresAt, now())
        ? this.drop(sessionId, 'no refresh token')
        : session;
    }
    let tokens: TokenSet;
    try {
      tokens = await oauth.refresh(session.refreshToken);
    } catch (error) {
      if (error instanceof OAuthGrantRefusedError) {
        return this.drop(sessionId, 'Linear refused the refresh');
      }
      // Linear unreachable: the current token serves while it lasts; after that, sign in again.
      log.warn('a session token could not be refreshed; trying again on the next request', {
        userId: session.userId,
        error: (error as Error).message,
      });
      return hasExpired(session.accessExpiresAt, now()) ? undefined : session;
    }
    await store.updateSessionTokens(sessionId, tokens);
    return {
      ...session,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: tokens.expiresAt,
    };
  }

  private async drop(sessionId: string, why: string): Promise<undefined> {
    const session = await this.options.store.findSession(sessionId, this.options.now());
    await this.options.store.deleteSession(sessionId);
    this.options.log.info('session ended; the person signs in again', {
      userId: session?.userId,
      why,
    });
    return undefined;
  }
}

function personOf(sessionId: string, session: Session): Person {
  return {
    kind: 'person',
    sessionId,
    userId: session.userId,
    userName: session.userName,
    orgId: session.orgId,
    accessToken: session.accessToken,
    csrfToken: session.csrfToken,
  };
}

/** Revoking is a courtesy to Linear: a failure is logged (without the token) and ignored. */
export async function revokeQuietly(
  options: { oauth: LinearOAuthClient; log: Logger },
  token: string,
  hint: 'access_token' | 'refresh_token',
): Promise<void> {
  try {
    await options.oauth.revoke(token, hint);
  } catch (error) {
    options.log.warn('a Linear token could not be revoked', { error: (error as Error).message });
  }
}
