import { z } from 'zod';
import { UNREACHABLE, type ResolverError, type ResolverResult } from '../../../src/contract/result';
import { SERVER_RATE_LIMITED } from './explain-failure';
import { teamOfPath } from './team-path';
import type { Account, SessionEnd, Transport } from './transport';

/** What a call answers once the server no longer accepts the page's session. */
export const SESSION_ENDED = 'Your session ended — sign in again.';

/**
 * `GET /api/session` (docs/roadmap.md, "Two transports"). `signOutUrl` must be a path on this
 * server: the sign-out form posts the CSRF token there. `workspaceUrlKey` (Linear's
 * `organization.urlKey`) lets issue keys open in Linear itself.
 */
const SessionSchema = z.object({
  name: z.string(),
  csrfToken: z.string().min(1),
  signOutUrl: z
    .string()
    .regex(/^\/(?!\/)/, 'must be a path on this server')
    .default('/auth/sign-out'),
  team: z.string().min(1).optional(),
  workspaceUrlKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

export interface FetchTransportOptions {
  /** The team of `<meta name="keyrank-team">`: the page's team until the person picks another. */
  team: string | undefined;
  location: Pick<Location, 'pathname'> | undefined;
  fetch?: typeof fetch;
  /** Where the colour mode is marked; the document's root element by default. */
  root?: HTMLElement;
  matchMedia?: (query: string) => MediaQueryList;
}

type Sent = { ok: true; body: unknown } | { ok: false; error: ResolverError };

const failure = (message: string): { ok: false; error: ResolverError } => ({
  ok: false,
  error: { kind: 'jira-error', message },
});

function isAnswer(value: unknown): value is { ok: boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

/** The one sentence of the server's own error answers: `{ "error": "…" }`. */
function errorSentence(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' && error !== '' ? error : undefined;
}

/**
 * `keyrank serve` (PRODUCT.md §9): each contract key is `POST /api/<key>` with the session's
 * CSRF token, answered with the same `ResolverResult` as Jira's `invoke`. Statuses other than
 * 200 are the transport's: 401 (session ended) and 403 (stale CSRF token) end the page's
 * session, 429 reads as busy, anything else shows the server's sentence.
 */
export function fetchTransport(options: FetchTransportOptions): Transport {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const listeners = new Set<(why: SessionEnd) => void>();
  let account: (Account & { workspaceUrlKey?: string }) | undefined;

  const request = async (path: string, init: RequestInit): Promise<Sent> => {
    let response: Response;
    try {
      response = await send(path, { credentials: 'same-origin', ...init });
    } catch {
      return failure(UNREACHABLE);
    }
    if (response.status === 401 || response.status === 403) {
      const why: SessionEnd = response.status === 401 ? 'ended' : 'stale-token';
      listeners.forEach((listener) => listener(why));
      return { ok: false, error: { kind: 'forbidden', message: SESSION_ENDED } };
    }
    if (response.status === 429) {
      return failure(SERVER_RATE_LIMITED);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status !== 200) {
      return failure(errorSentence(body) ?? `Keyrank's server answered HTTP ${response.status}.`);
    }
    // A proxy's HTML error page or a cut-off answer: as if the server had not answered.
    return body === undefined ? failure(UNREACHABLE) : { ok: true, body };
  };

  return {
    kind: 'fetch',
    wording: {
      tracker: 'Linear',
      sprint: 'cycle',
      project: 'team',
      rankCall: { one: 'write batch', many: 'write batches' },
    },
    prepareTheme: () => {
      // No host hands the page a theme: it follows the browser's, also when that changes.
      const root = options.root ?? document.documentElement;
      const media = (options.matchMedia ?? window.matchMedia.bind(window))(
        '(prefers-color-scheme: dark)',
      );
      const mark = (): void => {
        root.dataset.colorMode = media.matches ? 'dark' : 'light';
      };
      mark();
      media.addEventListener('change', mark);
      return Promise.resolve();
    },
    start: async () => {
      const sent = await request('/api/session', {
        method: 'GET',
        headers: { Accept: 'application/json' },
      });
      if (!sent.ok) {
        return sent;
      }
      const session = SessionSchema.safeParse(sent.body);
      if (!session.success) {
        return failure(
          "Keyrank's server answered /api/session without a signed-in person's name and CSRF token.",
        );
      }
      account = session.data;
      const path =
        options.location === undefined ? undefined : teamOfPath(options.location.pathname);
      return {
        ok: true,
        data: {
          projectKey: options.team ?? path ?? session.data.team,
          account: {
            name: session.data.name,
            csrfToken: session.data.csrfToken,
            signOutUrl: session.data.signOutUrl,
          },
        },
      };
    },
    call: async (key, payload) => {
      const sent = await request(`/api/${key}`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...(account !== undefined && { 'X-CSRF-Token': account.csrfToken }),
        },
        body: JSON.stringify(payload),
      });
      if (!sent.ok) {
        return sent;
      }
      return isAnswer(sent.body)
        ? (sent.body as ResolverResult<never>)
        : failure("Keyrank's server answered something that is not a result; try again.");
    },
    issueTarget: (issueKey) => {
      const key = encodeURIComponent(issueKey);
      const workspace = account?.workspaceUrlKey;
      // Without the workspace's URL key the issue's address in Linear is unknown; Keyrank's own
      // score page of the issue links there.
      return workspace === undefined
        ? { kind: 'new-tab', href: `/issues/${key}`, where: 'Keyrank' }
        : {
            kind: 'new-tab',
            href: `https://linear.app/${workspace}/issue/${key}`,
            where: 'Linear',
          };
    },
    onSessionEnd: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
