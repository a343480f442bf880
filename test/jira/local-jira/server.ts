import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIELD, FIELDS, type JiraState, type LocalIssue } from './jira-state';
import { SpecValidator } from './spec-validator';

export interface RecordedRequest {
  /** `POST /rest/api/3/search/jql` — the endpoint, for counting. */
  endpoint: string;
  method: string;
  path: string;
  query: URLSearchParams;
  provider: string;
  accountId: string;
  body: unknown;
  status: number;
}

export interface LocalJira {
  url: string;
  state: JiraState;
  requests: RecordedRequest[];
  /** Requests the specs do not allow; a test fails when this is not empty. */
  violations: string[];
  /** The next `times` requests to `endpoint` answer 429 with this Retry-After (none if < 0). */
  throttle(endpoint: string, times: number, retryAfterSeconds: number): void;
  count(endpoint?: string): number;
  close(): Promise<void>;
}

let sharedValidator: SpecValidator | undefined;

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const fail = (status: number, message: string): HttpAnswer =>
  new HttpAnswer(status, { errorMessages: [message], errors: {} });

const SEARCH_JQL = /^project = "([A-Z][A-Z0-9_]*)" AND statusCategory != Done ORDER BY Rank ASC$/;

/**
 * A Jira Cloud stand-in on loopback. Every request is checked against Atlassian's OpenAPI
 * documents first; a request they do not allow is recorded as a violation and answered 400.
 * Then a small in-memory Jira answers the endpoints Keyrank uses, with Jira's semantics
 * where they matter (permissions, rank, labels, read-only app fields, page tokens).
 */
export async function startLocalJira(state: JiraState): Promise<LocalJira> {
  const validator = (sharedValidator ??= new SpecValidator());
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const throttles = new Map<string, { times: number; retryAfter: number }>();

  const handle = (req: RecordedRequest): HttpAnswer => {
    const { method, path, query, body } = req;
    const user = req.provider === 'user' ? req.accountId : null;
    let m: RegExpExecArray | null;

    if (method === 'POST' && path === '/rest/api/3/search/jql') {
      const b = body as {
        jql: string;
        fields?: string[];
        maxResults?: number;
        nextPageToken?: string;
      };
      const jql = SEARCH_JQL.exec(b.jql);
      if (jql === null) {
        return fail(400, `the local Jira does not understand this JQL: ${b.jql}`);
      }
      const matching = state.issues.filter((i) => i.project === jql[1] && i.status !== 'done');
      const size = Math.min(b.maxResults ?? 50, 100);
      const start =
        b.nextPageToken === undefined ? 0 : Number(b.nextPageToken.replace('page-', ''));
      const page = matching.slice(start, start + size);
      const next = start + size < matching.length ? `page-${start + size}` : undefined;
      return new HttpAnswer(200, {
        issues: page.map((i) => state.toJson(i, b.fields ?? [])),
        isLast: next === undefined,
        ...(next === undefined ? {} : { nextPageToken: next }),
      });
    }
    if (method === 'GET' && path === '/rest/api/3/field') {
      return new HttpAnswer(200, FIELDS);
    }
    if (method === 'GET' && path === '/rest/api/3/mypermissions') {
      const issue = state.get(query.get('issueKey') ?? '');
      if (issue === undefined) {
        return fail(404, 'Issue does not exist or you do not have permission to see it.');
      }
      const may = user === null || !state.readOnlyUsers.has(user);
      return new HttpAnswer(200, {
        permissions: { EDIT_ISSUES: { key: 'EDIT_ISSUES', havePermission: may } },
      });
    }
    if (method === 'GET' && path === '/rest/api/3/project/search') {
      const projects = [...new Set(state.issues.map((i) => i.project))];
      return new HttpAnswer(200, {
        values: projects.map((key, n) => ({ id: String(100 + n), key })),
        isLast: true,
      });
    }
    if ((m = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path)) !== null) {
      const issue = state.get(decodeURIComponent(m[1] ?? ''));
      if (issue === undefined) {
        return fail(404, 'Issue does not exist or you do not have permission to see it.');
      }
      if (method === 'GET') {
        return new HttpAnswer(200, state.toJson(issue, (query.get('fields') ?? '').split(',')));
      }
      if (method === 'PUT') {
        if (user !== null && state.readOnlyUsers.has(user)) {
          return fail(403, 'You do not have permission to edit issues in this project.');
        }
        return editIssue(issue, body as EditBody);
      }
    }
    if (method === 'POST' && path === '/rest/api/3/app/field/value') {
      if (req.provider !== 'app') {
        return fail(403, 'Only the app that owns a field can set its value this way.');
      }
      for (const update of (
        body as { updates: { customField: string; issueIds: number[]; value: unknown }[] }
      ).updates) {
        if (update.customField !== FIELD.score) {
          return fail(400, `${update.customField} is not this app's field`);
        }
        for (const id of update.issueIds) {
          const issue = state.get(String(id));
          if (issue === undefined) {
            return fail(404, `issue ${id} not found`);
          }
          issue.score = update.value as number | null;
        }
      }
      return new HttpAnswer(204, undefined);
    }
    if (method === 'POST' && path === '/rest/api/3/bulk/issues/fields') {
      const b = body as {
        selectedIssueIdsOrKeys: string[];
        editedFieldsInput: {
          labelsFields?: { bulkEditMultiSelectFieldOption: string; labels: { name: string }[] }[];
        };
      };
      if (b.selectedIssueIdsOrKeys.length > 1000) {
        return fail(400, 'at most 1000 issues per bulk edit');
      }
      for (const key of b.selectedIssueIdsOrKeys) {
        const issue = state.get(key);
        for (const change of b.editedFieldsInput.labelsFields ?? []) {
          for (const { name } of change.labels) {
            if (issue === undefined) {
              continue;
            }
            if (change.bulkEditMultiSelectFieldOption === 'ADD' && !issue.labels.includes(name)) {
              issue.labels.push(name);
            }
            if (change.bulkEditMultiSelectFieldOption === 'REMOVE') {
              issue.labels = issue.labels.filter((l) => l !== name);
            }
          }
        }
      }
      return new HttpAnswer(201, { taskId: '10641' });
    }
    if (method === 'PUT' && path === '/rest/agile/1.0/issue/rank') {
      const b = body as { issues: string[]; rankBeforeIssue?: string; rankAfterIssue?: string };
      if (b.issues.length > 50) {
        return fail(400, 'At most 50 issues may be ranked at once.');
      }
      if ((b.rankBeforeIssue === undefined) === (b.rankAfterIssue === undefined)) {
        return fail(400, 'give exactly one of rankBeforeIssue, rankAfterIssue');
      }
      state.rank(
        b.issues,
        b.rankBeforeIssue !== undefined
          ? { before: b.rankBeforeIssue }
          : { after: b.rankAfterIssue ?? '' },
      );
      return new HttpAnswer(204, undefined);
    }
    return fail(501, `the local Jira does not implement ${method} ${path}`);
  };

  type EditBody = {
    fields?: Record<string, unknown>;
    update?: { labels?: ({ add: string } | { remove: string })[] };
  };
  const editIssue = (issue: LocalIssue, body: EditBody): HttpAnswer => {
    for (const [field, value] of Object.entries(body.fields ?? {})) {
      if ((field === FIELD.keyResults || field === FIELD.rice) && !state.fieldsOnScreen) {
        return new HttpAnswer(400, {
          errorMessages: [],
          errors: {
            [field]: `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`,
          },
        });
      }
      if (field === FIELD.keyResults) {
        issue.keyResults = value as string[] | null;
      } else if (field === FIELD.rice) {
        issue.rice = value as Record<string, number> | null;
      } else if (field === FIELD.score) {
        return fail(
          400,
          'OKR score is read-only: the app writes it through /rest/api/3/app/field/value',
        );
      } else {
        return fail(400, `the local Jira does not edit ${field}`);
      }
    }
    for (const op of body.update?.labels ?? []) {
      if ('add' in op && !issue.labels.includes(op.add)) {
        issue.labels.push(op.add);
      }
      if ('remove' in op) {
        issue.labels = issue.labels.filter((l) => l !== op.remove);
      }
    }
    return new HttpAnswer(204, undefined);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      const record: RecordedRequest = {
        endpoint: `${method} ${endpointOf(url.pathname)}`,
        method,
        path: url.pathname,
        query: url.searchParams,
        provider: String(req.headers['x-test-provider'] ?? ''),
        accountId: String(req.headers['x-test-account'] ?? ''),
        body,
        status: 0,
      };
      requests.push(record);
      const problems = validator.validate(method, url.pathname, url.searchParams, body);
      let answer: HttpAnswer;
      const throttle = throttles.get(record.endpoint);
      if (problems.length > 0) {
        violations.push(...problems);
        answer = fail(400, problems.join('; '));
      } else if (throttle !== undefined && throttle.times > 0) {
        throttle.times--;
        answer = new HttpAnswer(429, { errorMessages: ['Rate limit exceeded'] });
        if (throttle.retryAfter >= 0) {
          res.setHeader('Retry-After', String(throttle.retryAfter));
        }
      } else {
        answer = handle(record);
      }
      record.status = answer.status;
      res.statusCode = answer.status;
      if (answer.body === undefined) {
        res.end();
      } else {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(answer.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    violations,
    throttle: (endpoint, times, retryAfter) => throttles.set(endpoint, { times, retryAfter }),
    count: (endpoint) =>
      endpoint === undefined
        ? requests.length
        : requests.filter((r) => r.endpoint === endpoint).length,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** `/rest/api/3/issue/ENG-1` → `/rest/api/3/issue/{issueIdOrKey}`, for per-endpoint counts. */
function endpointOf(path: string): string {
  return path.replace(/^\/rest\/api\/3\/issue\/(?!bulk)[^/]+$/, '/rest/api/3/issue/{issueIdOrKey}');
}
