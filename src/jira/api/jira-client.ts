import { route, type RequestInit, type Response, type Route } from '@forge/api';
import { z } from 'zod';
import { JiraHttpError, NotFoundError } from './errors';

/** `asApp().requestJira` or `asUser().requestJira`: the one port the client needs. */
export type RequestJira = (path: Route, init?: RequestInit) => Promise<Response>;

export interface JiraClientOptions {
  requestJira: RequestJira;
  /** Waits between retries; tests pass a recorder instead of real time. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
}

/** What Keyrank reads of an issue: only these fields are requested. */
export const JiraIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
});
export type JiraIssue = z.infer<typeof JiraIssueSchema>;

const SearchPageSchema = z.object({
  issues: z.array(JiraIssueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

const FieldSchema = z.object({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z.object({ custom: z.string().optional() }).passthrough().optional(),
});
export type JiraField = z.infer<typeof FieldSchema>;

const PermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() }).passthrough()),
});

const ProjectPageSchema = z.object({
  values: z.array(z.object({ id: z.string(), key: z.string() }).passthrough()).default([]),
  isLast: z.boolean().optional(),
});

const CountSchema = z.object({ count: z.number().int().min(0) });

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/** Jira's page size for /search/jql when fields are requested. */
const MyselfSchema = z.object({
  displayName: z.string().optional(),
  groups: z.object({ items: z.array(z.object({ name: z.string().optional() })) }).optional(),
});

export const SEARCH_PAGE_SIZE = 100;
/** PUT /rest/agile/1.0/issue/rank takes at most 50 issues a call. */
export const RANK_BATCH_SIZE = 50;
/** Bulk edit and bulk field values take at most 1,000 issues a call. */
export const BULK_BATCH_SIZE = 1000;

export type LabelChange = 'ADD' | 'REMOVE';

/**
 * The Jira REST calls Keyrank makes, one method each, all through one `requestJira` port
 * (so the same client runs as the app, as the user, or against the local test server).
 * A 429 is retried after `Retry-After`; any other failure becomes a `JiraHttpError`.
 */
export class JiraClient {
  private readonly requestJira: RequestJira;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;

  constructor(options: JiraClientOptions) {
    this.requestJira = options.requestJira;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRetries = options.maxRetries ?? 4;
  }

  /** One page of `/rest/api/3/search/jql`, only the named fields. */
  async searchPage(
    jql: string,
    fields: readonly string[],
    nextPageToken?: string,
    maxResults = SEARCH_PAGE_SIZE,
  ): Promise<{ issues: JiraIssue[]; nextPageToken: string | null }> {
    const body = { jql, fields, maxResults, ...(nextPageToken ? { nextPageToken } : {}) };
    const page = SearchPageSchema.parse(
      await this.json('search issues', () =>
        this.requestJira(route`/rest/api/3/search/jql`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify(body),
        }),
      ),
    );
    return { issues: page.issues, nextPageToken: page.nextPageToken ?? null };
  }

  /** Every issue the JQL finds, page after page, in Jira's order. */
  async searchAll(
    jql: string,
    fields: readonly string[],
    onPage?: (count: number) => void,
  ): Promise<JiraIssue[]> {
    const all: JiraIssue[] = [];
    let token: string | undefined;
    do {
      const page = await this.searchPage(jql, fields, token);
      all.push(...page.issues);
      onPage?.(page.issues.length);
      token = page.nextPageToken ?? undefined;
    } while (token !== undefined);
    return all;
  }

  /**
   * POST /rest/api/3/search/approximate-count: how many issues a bounded JQL finds, in one
   * request whatever the count. Jira calls it approximate: changes of the last moments may be
   * missing, which a daily reading can live with.
   */
  async approximateCount(jql: string): Promise<number> {
    const answer = CountSchema.parse(
      await this.json('count issues', () =>
        this.requestJira(route`/rest/api/3/search/approximate-count`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ jql }),
        }),
      ),
    );
    return answer.count;
  }

  async getIssue(key: string, fields: readonly string[]): Promise<JiraIssue> {
    const query = new URLSearchParams({ fields: fields.join(',') });
    try {
      return JiraIssueSchema.parse(
        await this.json(`read ${key}`, () =>
          this.requestJira(route`/rest/api/3/issue/${key}?${query}`),
        ),
      );
    } catch (error) {
      if (error instanceof JiraHttpError && error.status === 404) {
        throw new NotFoundError(`${key} does not exist or you cannot see it`);
      }
      throw error;
    }
  }

  /** PUT /rest/api/3/issue/{key}: `fields` sets, `update` adds/removes (labels). */
  async editIssue(
    key: string,
    edit: { fields?: Record<string, unknown>; update?: Record<string, unknown> },
  ): Promise<void> {
    await this.send(`edit ${key}`, () =>
      this.requestJira(route`/rest/api/3/issue/${key}`, {
        method: 'PUT',
        headers: JSON_HEADERS,
        body: JSON.stringify(edit),
      }),
    );
  }

  /**
   * GET /rest/api/3/mypermissions: whether the caller holds a permission, globally (`null`) or
   * in a project or issue. Meaningful through `asUser`; 404 when the caller cannot see it.
   */
  async hasPermission(
    permission: string,
    scope: { projectKey: string } | { issueKey: string } | null = null,
  ): Promise<boolean> {
    const query = new URLSearchParams({ ...scope, permissions: permission });
    const answer = PermissionsSchema.parse(
      await this.json(`check the ${permission} permission`, () =>
        this.requestJira(route`/rest/api/3/mypermissions?${query}`),
      ),
    );
    return answer.permissions[permission]?.havePermission === true;
  }

  /**
   * GET /rest/api/3/myself?expand=groups: the names of the caller's groups. Meaningful
   * through `asUser`; any signed-in user may ask it about themselves.
   */
  async myGroups(): Promise<string[]> {
    return (await this.myself(true)).groups;
  }

  /** The caller's display name, as Jira shows it (GET /rest/api/3/myself as the user). */
  async myDisplayName(): Promise<string | undefined> {
    return (await this.myself(false)).displayName;
  }

  private async myself(
    withGroups: boolean,
  ): Promise<{ displayName: string | undefined; groups: string[] }> {
    const answer = MyselfSchema.parse(
      await this.json(withGroups ? 'read your groups' : 'read who you are', () =>
        this.requestJira(
          withGroups ? route`/rest/api/3/myself?expand=groups` : route`/rest/api/3/myself`,
        ),
      ),
    );
    return {
      displayName: answer.displayName,
      groups: (answer.groups?.items ?? []).flatMap((g) => (g.name === undefined ? [] : [g.name])),
    };
  }

  async fields(): Promise<JiraField[]> {
    return z
      .array(FieldSchema)
      .parse(await this.json('list fields', () => this.requestJira(route`/rest/api/3/field`)));
  }

  /** POST /rest/api/3/app/field/value: the app's own (read-only) fields, many issues a call. */
  async setAppFieldValues(
    updates: readonly { customField: string; issueIds: number[]; value: unknown }[],
  ): Promise<void> {
    await this.send('write field values', () =>
      this.requestJira(route`/rest/api/3/app/field/value`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ updates }),
      }),
    );
  }

  /** POST /rest/api/3/bulk/issues/fields: add or remove one label on many issues. */
  async bulkEditLabel(keys: readonly string[], label: string, change: LabelChange): Promise<void> {
    await this.send('bulk edit labels', () =>
      this.requestJira(route`/rest/api/3/bulk/issues/fields`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          selectedActions: ['labels'],
          selectedIssueIdsOrKeys: keys,
          editedFieldsInput: {
            labelsFields: [
              {
                fieldId: 'labels',
                bulkEditMultiSelectFieldOption: change,
                labels: [{ name: label }],
              },
            ],
          },
          sendBulkNotification: false,
        }),
      }),
    );
  }

  /** PUT /rest/agile/1.0/issue/rank: at most 50 issues, kept in the given order. */
  async rankIssues(
    issues: readonly string[],
    anchor: { before: string } | { after: string },
  ): Promise<void> {
    const body =
      'before' in anchor
        ? { issues, rankBeforeIssue: anchor.before }
        : { issues, rankAfterIssue: anchor.after };
    await this.send('rank issues', () =>
      this.requestJira(route`/rest/agile/1.0/issue/rank`, {
        method: 'PUT',
        headers: JSON_HEADERS,
        body: JSON.stringify(body),
      }),
    );
  }

  /** Keys of every project the caller can browse. */
  async projectKeys(): Promise<string[]> {
    const keys: string[] = [];
    let startAt = 0;
    for (;;) {
      const query = new URLSearchParams({ startAt: String(startAt), maxResults: '50' });
      const page = ProjectPageSchema.parse(
        await this.json('list projects', () =>
          this.requestJira(route`/rest/api/3/project/search?${query}`),
        ),
      );
      keys.push(...page.values.map((p) => p.key));
      if (page.isLast !== false || page.values.length === 0) {
        return keys;
      }
      startAt += page.values.length;
    }
  }

  private async json(what: string, call: () => Promise<Response>): Promise<unknown> {
    const response = await this.send(what, call);
    return (await response.json()) as unknown;
  }

  /** Sends, honouring 429 + Retry-After (seconds) up to `maxRetries` times. */
  private async send(what: string, call: () => Promise<Response>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await call();
      if (response.ok) {
        return response;
      }
      if (response.status === 429 && attempt < this.maxRetries) {
        await this.sleep(retryAfterMs(response.headers.get('Retry-After'), attempt));
        continue;
      }
      throw new JiraHttpError(response.status, what, await errorDetail(response));
    }
  }
}

/** Retry-After in seconds (Jira's form), else exponential backoff from 1 s. */
export function retryAfterMs(header: string | null, attempt: number): number {
  const seconds = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  return 1000 * 2 ** attempt;
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {
      errorMessages?: string[];
      errors?: Record<string, string>;
    };
    return [...(body.errorMessages ?? []), ...Object.values(body.errors ?? {})].join('; ');
  } catch {
    return '';
  }
}
