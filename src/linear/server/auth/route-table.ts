import { ROADMAP_PAYLOADS } from '../../../contract/roadmap';

/**
 * How a route lets a request in:
 * - `webhook`: Linear's signature on the body (LinearWebhookClient), no session;
 * - `public`: anyone (the health check and the page's scripts and styles say nothing private);
 * - `auth`: the sign-in flow itself (sign-out still needs the session's CSRF token);
 * - `page`: a signed-in member, else a 302 to /auth/sign-in?return=<the page>;
 * - `api`: a signed-in member (with the CSRF token when it changes something) or a program
 *   with `Authorization: Bearer $KEYRANK_API_TOKEN`, else 401 JSON.
 */
export type RouteKind = 'webhook' | 'public' | 'auth' | 'page' | 'api';

export interface RouteEntry {
  method: 'GET' | 'POST';
  /** A template: `:name` matches one path segment. */
  path: string;
  kind: RouteKind;
  what: string;
}

/**
 * Every route `keyrank serve` has (PRODUCT.md §9), with how it is
 * guarded: the server's wiring and the tests walk this one table, so a route cannot be added
 * without saying who may call it.
 */
export const ROUTES: readonly RouteEntry[] = [
  { method: 'POST', path: '/webhooks/linear', kind: 'webhook', what: 'Linear webhook deliveries' },
  { method: 'GET', path: '/healthz', kind: 'public', what: 'readiness for load balancers' },
  {
    method: 'GET',
    path: '/assets/:file',
    kind: 'public',
    what: "the roadmap page's scripts and styles",
  },
  // Behind sign-in, and still only with the link's signature (`?sig=`, score-links.ts): a member
  // cannot walk the scores of a private team's issues by guessing identifiers.
  {
    method: 'GET',
    path: '/issues/:identifier',
    kind: 'page',
    what: 'score page of an issue (signed link)',
  },
  { method: 'GET', path: '/auth/sign-in', kind: 'auth', what: 'starts Sign in with Linear' },
  { method: 'GET', path: '/auth/callback', kind: 'auth', what: "Linear's redirect back" },
  { method: 'POST', path: '/auth/sign-out', kind: 'auth', what: 'ends the session (CSRF)' },
  { method: 'GET', path: '/', kind: 'page', what: "the workspace's teams" },
  { method: 'GET', path: '/teams/:team', kind: 'page', what: 'the roadmap page of a team' },
  { method: 'GET', path: '/api/session', kind: 'api', what: 'who is signed in, the CSRF token' },
  {
    method: 'POST',
    path: '/api/key-results/:id/check-ins',
    kind: 'api',
    what: 'a check-in pushed by a program, or made by a person',
  },
  // The roadmap page's resolvers, one route each: the same contract as Jira's `invoke`.
  ...Object.keys(ROADMAP_PAYLOADS).map((key): RouteEntry => ({
    method: 'POST',
    path: `/api/${key}`,
    kind: 'api',
    what: `the roadmap page's ${key}`,
  })),
];

/** The route a request is for, or undefined (404). Path templates match whole segments. */
export function matchRoute(method: string | undefined, pathname: string): RouteEntry | undefined {
  const segments = pathname.split('/');
  return ROUTES.find((route) => {
    const template = route.path.split('/');
    return (
      route.method === (method ?? 'GET').toUpperCase() &&
      template.length === segments.length &&
      template.every((part, i) =>
        part.startsWith(':') ? (segments[i] ?? '') !== '' : part === segments[i],
      )
    );
  });
}

/** The `:name` segments of a path the route matched, still percent-encoded. */
export function routeParams(route: RouteEntry, pathname: string): Record<string, string> {
  const segments = pathname.split('/');
  return Object.fromEntries(
    route.path
      .split('/')
      .map((part, i) => [part, segments[i] ?? ''] as const)
      .filter(([part]) => part.startsWith(':'))
      .map(([part, value]) => [part.slice(1), value]),
  );
}

/** The methods the table has for a path: a path known under another method is a 405, not a 404. */
export function allowedMethods(pathname: string): string[] {
  return ['GET', 'POST'].filter((method) => matchRoute(method, pathname) !== undefined);
}
