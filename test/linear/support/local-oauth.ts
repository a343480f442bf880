import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { addMocksToSchema } from '@graphql-tools/mock';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type * as GraphQLModule from 'graphql';
import type { GraphQLSchema } from 'graphql';

/**
 * A local Linear OAuth server on loopback, behaving as Linear's documented endpoints do
 * (https://linear.app/developers/oauth-2-0-authentication):
 * - `GET /oauth/authorize`: checks the client, the registered redirect URI, `response_type=code`,
 *   comma-separated scopes and PKCE (S256 only), then "signs in" the test user chosen with
 *   `signInAs` and redirects back with `code` and `state` (or `error=access_denied`);
 * - `POST /oauth/token` (form-encoded): `authorization_code` with the client secret, the same
 *   redirect URI and the PKCE verifier; codes are single-use (a reused code is `invalid_grant`
 *   and revokes what the code gave, as RFC 6749 §4.1.2 asks) and live 10 minutes;
 *   `refresh_token` rotates: the old refresh token stops working;
 * - `POST /oauth/revoke`: revokes an access or refresh token;
 * - `POST /graphql`: Linear's schema (test/fixtures/specs/linear.graphql, graphql-js validates
 *   every document) answering `viewer { … organization { … } }` for a live access token, and
 *   Linear's authentication error for anything else.
 */

const SCHEMA_PATH = new URL('../../fixtures/specs/linear.graphql', import.meta.url);

// graphql has no exports map: use the CommonJS build @graphql-tools gets (see local-linear.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

export interface OAuthUser {
  id: string;
  name: string;
  email: string;
  organization: { id: string; name: string; urlKey: string };
}

export const ACME = { id: 'org-acme', name: 'Acme', urlKey: 'acme' };
export const OTHER_ORG = { id: 'org-globex', name: 'Globex', urlKey: 'globex' };
export const ANA: OAuthUser = {
  id: 'user-ana',
  name: 'Ana',
  email: 'ana@acme.test',
  organization: ACME,
};
export const BOB: OAuthUser = {
  id: 'user-bob',
  name: 'Bob',
  email: 'bob@globex.test',
  organization: OTHER_ORG,
};
/** The application user Linear creates for an `actor=app` installation. */
export const APP_USER: OAuthUser = {
  id: 'user-keyrank-app',
  name: 'Keyrank',
  email: 'keyrank@oauthapp.linear.app',
  organization: ACME,
};

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  user: OAuthUser;
  scopes: string[];
  issuedAt: number;
  used: boolean;
  /** Tokens the code gave, revoked if the code is used again. */
  gave: string[];
}
interface IssuedToken {
  kind: 'access' | 'refresh';
  /** One authorization: revoking any of its tokens revokes them all (RFC 7009 §2.1). */
  grant: string;
  user: OAuthUser;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

export interface TokenRequestRecord {
  path: string;
  form: Record<string, string>;
  status: number;
}

export class LocalOAuth {
  readonly clientId = 'keyrank-test-client-id';
  readonly clientSecret = 'keyrank-test-client-secret-0123456789';
  redirectUris: string[] = [];
  /** Seconds an access token lives; Linear's are about 24 h. */
  accessTtlSeconds = 86_399;
  /** What the token endpoints were asked, for tests to check what was sent. */
  requests: TokenRequestRecord[] = [];
  /** Every token issued, to check none ever reaches a log. */
  issued: string[] = [];
  /** The next `count` token requests answer 503. */
  failTokenRequests = 0;
  /** The authorize endpoint's answer for the next person: deny to send `error=access_denied`. */
  deny = false;
  url = '';
  /**
   * Told of every access token issued and whose it is, so a local Linear can accept it as that
   * person (the harness passes `LocalLinear.addPerson`), as Linear accepts its own tokens.
   */
  onIssue: ((accessToken: string, user: OAuthUser) => void) | undefined;
  private user: OAuthUser = ANA;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, IssuedToken>();
  private server: Server | undefined;
  private readonly schema: GraphQLSchema;

  constructor(readonly now: () => number = () => Date.now()) {
    this.schema = viewerSchema();
  }

  get apiUrl(): string {
    return `${this.url}/graphql`;
  }

  /** Who the authorize endpoint signs in next (as if they clicked "Authorize" in Linear). */
  signInAs(user: OAuthUser): void {
    this.user = user;
  }

  /** True while Linear would accept this access token. */
  accepts(accessToken: string): boolean {
    const token = this.tokens.get(accessToken);
    return (
      token !== undefined &&
      token.kind === 'access' &&
      !token.revoked &&
      token.expiresAt > this.now()
    );
  }

  /** Revokes a token behind Keyrank's back, as a person removing the app in Linear would. */
  revokeAll(): void {
    for (const token of this.tokens.values()) {
      token.revoked = true;
    }
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      return this.authorize(url, res);
    }
    const body = await readAll(req);
    if (req.method === 'POST' && url.pathname === '/graphql') {
      return this.graphqlRequest(req, body, res);
    }
    if (
      req.method === 'POST' &&
      (url.pathname === '/oauth/token' || url.pathname === '/oauth/revoke')
    ) {
      if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
        return json(res, 400, {
          error: 'invalid_request',
          error_description: 'form-encoded body expected',
        });
      }
      const form = Object.fromEntries(new URLSearchParams(body));
      const record: TokenRequestRecord = { path: url.pathname, form, status: 0 };
      this.requests.push(record);
      const answer = url.pathname === '/oauth/token' ? this.token(form) : this.revoke(form);
      record.status = answer.status;
      return json(res, answer.status, answer.body);
    }
    json(res, 404, { error: 'not found' });
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const scopes = q('scope').split(',');
    const problem =
      q('client_id') !== this.clientId
        ? 'unknown client_id'
        : !this.redirectUris.includes(q('redirect_uri'))
          ? 'redirect_uri is not a callback URL of the application'
          : q('response_type') !== 'code'
            ? 'response_type must be code'
            : !scopes.every((s) =>
                  ['read', 'write', 'issues:create', 'comments:create', 'admin'].includes(s),
                )
              ? `unknown scope in "${q('scope')}" (scopes are comma-separated)`
              : q('code_challenge_method') !== 'S256' ||
                  !/^[A-Za-z0-9_-]{43}$/.test(q('code_challenge'))
                ? 'PKCE: code_challenge (S256) is required'
                : !['', 'app', 'user'].includes(q('actor'))
                  ? 'actor must be user or app'
                  : null;
    if (problem !== null) {
      // Linear shows an error page rather than redirecting to an unverified URI.
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(problem);
      return;
    }
    const back = new URL(q('redirect_uri'));
    back.searchParams.set('state', q('state'));
    if (this.deny) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(20).toString('hex');
      this.codes.set(code, {
        clientId: q('client_id'),
        redirectUri: q('redirect_uri'),
        challenge: q('code_challenge'),
        user:
          q('actor') === 'app' ? { ...APP_USER, organization: this.user.organization } : this.user,
        scopes,
        issuedAt: this.now(),
        used: false,
        gave: [],
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  private token(form: Record<string, string>): { status: number; body: unknown } {
    if (this.failTokenRequests > 0) {
      this.failTokenRequests -= 1;
      return { status: 503, body: { error: 'temporarily_unavailable' } };
    }
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'client authentication failed' },
      };
    }
    const refuse = (why: string) => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: why },
    });
    if (form.grant_type === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      if (code === undefined) {
        return refuse('unknown code');
      }
      if (code.used) {
        code.gave.forEach((t) => this.revokeToken(t));
        return refuse('code already used');
      }
      code.used = true;
      if (this.now() - code.issuedAt > 10 * 60_000) {
        return refuse('code expired');
      }
      if (form.redirect_uri !== code.redirectUri) {
        return refuse('redirect_uri does not match the authorization request');
      }
      const challenge = createHash('sha256')
        .update(form.code_verifier ?? '', 'ascii')
        .digest('base64url');
      if (challenge !== code.challenge) {
        return refuse('code_verifier does not match the code_challenge');
      }
      const answer = this.issue(code.user, code.scopes);
      code.gave.push(answer.access_token, answer.refresh_token);
      return { status: 200, body: answer };
    }
    if (form.grant_type === 'refresh_token') {
      const old = this.tokens.get(form.refresh_token ?? '');
      if (old === undefined || old.kind !== 'refresh' || old.revoked) {
        return refuse('refresh token is invalid, revoked or already used');
      }
      // Rolling refresh tokens: this one is spent.
      old.revoked = true;
      return { status: 200, body: this.issue(old.user, old.scopes, old.grant) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  private revoke(form: Record<string, string>): { status: number; body: unknown } {
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    this.revokeToken(form.token ?? '');
    return { status: 200, body: {} };
  }

  private revokeToken(token: string): void {
    const found = this.tokens.get(token);
    for (const issued of this.tokens.values()) {
      if (issued.grant === found?.grant) {
        issued.revoked = true;
      }
    }
  }

  private issue(user: OAuthUser, scopes: string[], grant = randomBytes(8).toString('hex')) {
    const access = `lin_oauth_${randomBytes(24).toString('hex')}`;
    const refresh = `lin_refresh_${randomBytes(24).toString('hex')}`;
    const expiresAt = this.now() + this.accessTtlSeconds * 1000;
    this.tokens.set(access, { kind: 'access', grant, user, scopes, expiresAt, revoked: false });
    this.tokens.set(refresh, {
      kind: 'refresh',
      grant,
      user,
      scopes,
      expiresAt: Infinity,
      revoked: false,
    });
    this.issued.push(access, refresh);
    this.onIssue?.(access, user);
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: this.accessTtlSeconds,
      scope: scopes.join(' '),
      refresh_token: refresh,
    };
  }

  private async graphqlRequest(
    req: IncomingMessage,
    body: string,
    res: ServerResponse,
  ): Promise<void> {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const found = this.tokens.get(token);
    if (!this.accepts(token) || found === undefined) {
      return json(res, 400, {
        errors: [
          {
            message: 'Authentication required, not authenticated',
            extensions: {
              type: 'authentication error',
              code: 'AUTHENTICATION_ERROR',
              userPresentableMessage: 'You need to authenticate to access this operation.',
            },
          },
        ],
      });
    }
    const request = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    const result = await graphql({
      schema: this.schema,
      source: request.query,
      variableValues: request.variables ?? {},
      contextValue: found.user,
    });
    json(res, 200, result);
  }
}

let schemaCache: GraphQLSchema | undefined;

/** Linear's schema with the one root field these tests answer: `viewer`. */
function viewerSchema(): GraphQLSchema {
  schemaCache ??= addMocksToSchema({
    schema: makeExecutableSchema({
      typeDefs: readFileSync(SCHEMA_PATH, 'utf8'),
      resolvers: { Query: { viewer: (_: unknown, __: unknown, user: OAuthUser) => user } },
    }),
    preserveResolvers: true,
  });
  return schemaCache;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
