import { z } from 'zod';
import type { Clock } from '../../clock';
import {
  OAuthClientError,
  OAuthGrantRefusedError,
  OAuthUnavailableError,
  type OAuthError,
} from './oauth-errors';

/** Where Linear's OAuth endpoints are (https://linear.app/developers/oauth-2-0-authentication). */
export interface OAuthEndpoints {
  authorize: string;
  token: string;
  revoke: string;
}

export const LINEAR_OAUTH_ENDPOINTS: OAuthEndpoints = {
  authorize: 'https://linear.app/oauth/authorize',
  token: 'https://api.linear.app/oauth/token',
  revoke: 'https://api.linear.app/oauth/revoke',
};

/** LINEAR_OAUTH_URL: one base serving all three (a local OAuth server); undefined: Linear's. */
export function oauthEndpoints(base: string | undefined): OAuthEndpoints {
  if (base === undefined) {
    return LINEAR_OAUTH_ENDPOINTS;
  }
  return {
    authorize: `${base}/oauth/authorize`,
    token: `${base}/oauth/token`,
    revoke: `${base}/oauth/revoke`,
  };
}

/**
 * The scopes Keyrank asks for, the least that works. `read` is always granted; `write` is
 * needed because Keyrank updates issues (labels, sortOrder) and labels, and creates and
 * deletes attachments: `issues:create` covers creating issues and attachments only, and
 * `admin` is never needed. The same two serve a person signing in (their check-ins and links
 * run with their own token) and the app installation (`actor=app`).
 */
export const SIGN_IN_SCOPES: readonly string[] = ['read', 'write'];
export const INSTALL_SCOPES: readonly string[] = ['read', 'write'];

/** What a token endpoint gave: the access token, the rolling refresh token and when it ends. */
export interface TokenSet {
  accessToken: string;
  /** Null only for a legacy long-lived token; Linear issues refresh tokens since 2026-04-01. */
  refreshToken: string | null;
  /** Epoch ms; null when Linear did not say (legacy tokens). */
  expiresAt: number | null;
  scopes: string[];
}

export interface OAuthClientOptions {
  clientId: string;
  clientSecret: string;
  /** `<KEYRANK_PUBLIC_URL>/auth/callback`, or the loopback listener of `keyrank linear install`. */
  redirectUri: string;
  endpoints: OAuthEndpoints;
  now: Clock;
  fetch?: typeof fetch;
  /** A token request not answered this long after it began is given up (Linear unavailable). */
  timeoutMs?: number;
}

/** What Linear's token endpoint answers; `scope` is a space-separated string, or an array. */
const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
});

const ErrorResponse = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

/**
 * Linear's OAuth 2.0 endpoints for Keyrank's OAuth application: the authorize URL (with PKCE
 * S256, and `actor=app` for the installation), the code exchange, the refresh and the revoke.
 */
export class LinearOAuthClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: OAuthClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get redirectUri(): string {
    return this.options.redirectUri;
  }

  /** The URL a person is sent to; Linear comes back to the redirect URI with `code` and `state`. */
  authorizeUrl(request: {
    state: string;
    challenge: string;
    scopes: readonly string[];
    /** `app`: writes made with the token show as the application ("Keyrank"), not the person. */
    actor?: 'app';
  }): string {
    const url = new URL(this.options.endpoints.authorize);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('response_type', 'code');
    // Linear takes scopes comma-separated, not space-separated as RFC 6749 has it.
    url.searchParams.set('scope', request.scopes.join(','));
    url.searchParams.set('state', request.state);
    url.searchParams.set('code_challenge', request.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    if (request.actor !== undefined) {
      url.searchParams.set('actor', request.actor);
    }
    return url.toString();
  }

  /** Exchanges the code of the callback; the verifier proves this server started the sign-in. */
  exchangeCode(code: string, verifier: string): Promise<TokenSet> {
    return this.tokenRequest(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.options.redirectUri,
        code_verifier: verifier,
      },
      null,
    );
  }

  /**
   * A fresh access token. Refresh tokens roll: the answer carries a new one and the old one stops
   * working, so the caller must store it before anything else uses the old.
   */
  refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      refreshToken,
    );
  }

  /** Revokes a token at Linear (sign-out, a refused member). */
  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    await this.post(this.options.endpoints.revoke, { token, token_type_hint: hint });
  }

  private async tokenRequest(
    fields: Record<string, string>,
    previousRefreshToken: string | null,
  ): Promise<TokenSet> {
    const requestedAt = this.options.now();
    const body = await this.post(this.options.endpoints.token, fields);
    const parsed = TokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new OAuthUnavailableError(
        'Linear answered the token request with something that is not a token; try again later',
      );
    }
    const answer = parsed.data;
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? previousRefreshToken,
      // Counted from when the request left, so a slow answer errs towards refreshing early.
      expiresAt: answer.expires_in === undefined ? null : requestedAt + answer.expires_in * 1000,
      scopes: scopesOf(answer.scope),
    };
  }

  /** One form-encoded POST with the client credentials; answers the JSON body or throws. */
  private async post(endpoint: string, fields: Record<string, string>): Promise<unknown> {
    const form = new URLSearchParams({
      ...fields,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    let response: Response;
    try {
      response = await this.fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      // The cause may quote the request; only the endpoint's host is worth telling.
      throw new OAuthUnavailableError(
        `Linear's OAuth server (${new URL(endpoint).host}) could not be reached; try again later`,
      );
    }
    const text = await response.text().catch(() => '');
    const json = parseJson(text);
    if (response.ok) {
      return json;
    }
    if (response.status >= 500 || response.status === 429) {
      throw new OAuthUnavailableError(
        `Linear's OAuth server answered ${response.status}; try again later`,
      );
    }
    throw refusal(ErrorResponse.safeParse(json).data, response.status);
  }
}

function refusal(answer: z.infer<typeof ErrorResponse> | undefined, status: number): OAuthError {
  const said = answer?.error_description ?? answer?.error ?? `HTTP ${status}`;
  // Linear's own words, shortened and kept to one printable line.
  const reason = said.replace(/\p{Cc}/gu, ' ').slice(0, 200);
  switch (answer?.error) {
    case 'invalid_grant':
      return new OAuthGrantRefusedError(
        `Linear refused the grant (${reason}): the code was already used or expired, or access was revoked — sign in again`,
      );
    case 'invalid_client':
    case 'unauthorized_client':
      return new OAuthClientError(
        `Linear does not accept Keyrank's OAuth application (${reason}): check LINEAR_OAUTH_CLIENT_ID and LINEAR_OAUTH_CLIENT_SECRET`,
      );
    default:
      return new OAuthClientError(
        `Linear refused the OAuth request (${reason}): check that the application's callback URL is <KEYRANK_PUBLIC_URL>/auth/callback`,
      );
  }
}

function scopesOf(scope: string | string[] | undefined): string[] {
  if (scope === undefined) {
    return [];
  }
  return (Array.isArray(scope) ? scope : scope.split(/[\s,]+/)).filter((s) => s !== '');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
