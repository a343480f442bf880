import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FIELD,
  FIELDS,
  PERMISSION_INFO,
  type JiraState,
  type LocalIssue,
  type PermissionKey,
} from './jira-state';
import { runJql } from './jql';
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
/** The issues of a project linked to any key result, done ones too, most recently updated first. */
const LINKED_JQL =
  /^project = "([A-Z][A-Z0-9_]*)" AND cf\[(\d+)\] IS NOT EMPTY ORDER BY updated DESC$/;

/**
 * A Jira Cloud stand-in on loopback. Every request is checked against Atlassian's OpenAPI
 * documents first; a request they do not allow is recorded as a violation and answered 400.
 * Then a small in-memory Jira answers the endpoints Keyrank uses, with Jira's semantics
 * where they matter (permissions, rank, labels, read-only app fields, page tokens).
 * Requests made `asUser()` see and change only what that user's permissions allow:
 * invisible projects and issues do not exist for them, and edits and ranks they may not make
 * are answered 403, as Jira does.
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
      const open = SEARCH_JQL.exec(b.jql);
      const linked = LINKED_JQL.exec(b.jql);
      const jql = open ?? linked;
      if (jql === null) {
        // Any other query (a KR's progress JQL): the small JQL subset of jql.ts.
        const found = runJql(b.jql, state, (project) =>
          state.may(user, 'BROWSE_PROJECTS', project),
        );
        return found.ok ? searchAnswer(found.issues, b) : fail(400, found.message);
      }
      if (linked !== null && `customfield_${linked[2] ?? ''}` !== FIELD.keyResults) {
        return fail(400, `Field 'cf[${linked[2] ?? ''}]' does not exist or you cannot view it.`);
      }
      if (!state.may(user, 'BROWSE_PROJECTS', jql[1])) {
        // Jira's answer for a project the caller cannot see is the same as for none at all.
        return fail(400, `The value '${jql[1] ?? ''}' does not exist for the field 'project'.`);
      }
      const matching =
        open !== null
          ? state.issues.filter((i) => i.project === jql[1] && i.status !== 'done')
          : state.issues
              .filter((i) => i.project === jql[1] && (i.keyResults ?? []).length > 0)
              .sort((a, b) => b.updated - a.updated);
      return searchAnswer(matching, b);
    }
    if (method === 'POST' && path === '/rest/api/3/search/approximate-count') {
      const found = runJql((body as { jql?: string }).jql ?? '', state, (project) =>
        state.may(user, 'BROWSE_PROJECTS', project),
      );
      return found.ok
        ? new HttpAnswer(200, { count: found.issues.length })
        : fail(400, found.message);
    }
    if (method === 'GET' && path === '/rest/api/3/field') {
      return new HttpAnswer(200, FIELDS);
    }
    if (method === 'GET' && path === '/rest/api/3/myself') {
      if (user === null) {
        return fail(401, 'You are not authenticated.');
      }
      const names = query.get('expand')?.split(',').includes('groups')
        ? (state.groups.get(user) ?? [])
        : null;
      return new HttpAnswer(200, {
        accountId: user,
        accountType: 'atlassian',
        displayName: state.displayNames.get(user) ?? user,
        active: true,
        ...(names !== null && {
          groups: { size: names.length, items: names.map((name) => ({ name })) },
        }),
      });
    }
    if (method === 'GET' && path === '/rest/api/3/mypermissions') {
      return myPermissions(user, query);
    }
    if (method === 'POST' && path === '/rest/api/3/permissions/check') {
      return checkPermissions(user, body as BulkPermissionsRequest);
    }
    if (method === 'GET' && path === '/rest/api/3/project/search') {
      const projects = state.projects().filter((p) => state.may(user, 'BROWSE_PROJECTS', p.key));
      return new HttpAnswer(200, {
        values: projects.map((p) => ({ id: String(p.id), key: p.key })),
        isLast: true,
      });
    }
    if ((m = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path)) !== null) {
      const issue = state.get(decodeURIComponent(m[1] ?? ''));
      if (issue === undefined || !state.may(user, 'BROWSE_PROJECTS', issue.project)) {
        return fail(404, 'Issue does not exist or you do not have permission to see it.');
      }
      if (method === 'GET') {
        return new HttpAnswer(200, state.toJson(issue, (query.get('fields') ?? '').split(',')));
      }
      if (method === 'PUT') {
        if (!state.may(user, 'EDIT_ISSUES', issue.project)) {
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
        // JSON has no Infinity: a non-finite score would arrive as null, so only these are real.
        if (update.value !== null && !Number.isFinite(update.value)) {
          return fail(
            400,
            `the OKR score field holds a number, not ${JSON.stringify(update.value)}`,
          );
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
      if (
        b.selectedIssueIdsOrKeys.some((k) => !state.may(user, 'EDIT_ISSUES', state.get(k)?.project))
      ) {
        return fail(403, 'You do not have permission to edit these issues.');
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
      const ranked = [...b.issues, b.rankBeforeIssue ?? b.rankAfterIssue ?? ''];
      if (ranked.some((key) => !state.may(user, 'SCHEDULE_ISSUES', state.get(key)?.project))) {
        return fail(403, 'To rank issues you need the Schedule Issues permission for them.');
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

  /** One page of search results, following `nextPageToken` as Jira does. */
  const searchAnswer = (
    matching: readonly LocalIssue[],
    b: { fields?: string[]; maxResults?: number; nextPageToken?: string },
  ): HttpAnswer => {
    const size = Math.min(b.maxResults ?? 50, 100);
    const start = b.nextPageToken === undefined ? 0 : Number(b.nextPageToken.replace('page-', ''));
    const page = matching.slice(start, start + size);
    const next = start + size < matching.length ? `page-${start + size}` : undefined;
    return new HttpAnswer(200, {
      issues: page.map((i) => state.toJson(i, b.fields ?? [])),
      isLast: next === undefined,
      ...(next === undefined ? {} : { nextPageToken: next }),
    });
  };

  /** The project a `mypermissions` call asks about; `null` for none, `undefined` if invisible. */
  const projectOf = (user: string | null, query: URLSearchParams): string | null | undefined => {
    const issueRef = query.get('issueId') ?? query.get('issueKey');
    const projectRef = query.get('projectId') ?? query.get('projectKey');
    const project =
      issueRef !== null
        ? state.get(issueRef)?.project
        : projectRef !== null
          ? state.projects().find((p) => p.key === projectRef || String(p.id) === projectRef)?.key
          : null;
    if (project === null) {
      return null;
    }
    return project !== undefined && state.may(user, 'BROWSE_PROJECTS', project)
      ? project
      : undefined;
  };

  /** GET /rest/api/3/mypermissions: without a project, a project permission held anywhere counts. */
  const myPermissions = (user: string | null, query: URLSearchParams): HttpAnswer => {
    const keys = (query.get('permissions') ?? '').split(',').filter((k) => k !== '');
    const unknown = keys.filter((k) => !(k in PERMISSION_INFO));
    if (keys.length === 0 || unknown.length > 0) {
      return fail(400, `Invalid permission keys: ${unknown.join(', ') || '(none given)'}`);
    }
    const project = projectOf(user, query);
    if (project === undefined) {
      return fail(
        404,
        'The project or issue does not exist or you do not have permission to see it.',
      );
    }
    const holds = (key: PermissionKey): boolean =>
      project === null && key !== 'ADMINISTER'
        ? state.projects().some((p) => state.may(user, key, p.key))
        : state.may(user, key, project ?? undefined);
    const permissions: Record<string, unknown> = {};
    for (const key of keys as PermissionKey[]) {
      const info = PERMISSION_INFO[key];
      permissions[key] = {
        id: info.id,
        key,
        name: info.name,
        type: info.type,
        description: `Ability to ${info.name.toLowerCase()}.`,
        havePermission: holds(key),
      };
    }
    return new HttpAnswer(200, { permissions });
  };

  type BulkPermissionsRequest = {
    globalPermissions?: string[];
    projectPermissions?: { permissions: string[]; projects?: number[]; issues?: number[] }[];
  };
  /** POST /rest/api/3/permissions/check: what the caller holds; unknown ids are ignored. */
  const checkPermissions = (user: string | null, b: BulkPermissionsRequest): HttpAnswer => {
    const asked = [
      ...(b.globalPermissions ?? []),
      ...(b.projectPermissions ?? []).flatMap((p) => p.permissions),
    ].filter((k) => k !== '');
    const unknown = asked.filter((k) => !(k in PERMISSION_INFO));
    if (unknown.length > 0) {
      return new HttpAnswer(400, {
        errorMessages: [],
        errors: Object.fromEntries(unknown.map((k) => [k, 'Unrecognized permission'])),
      });
    }
    const projects = state.projects();
    return new HttpAnswer(200, {
      globalPermissions: (b.globalPermissions ?? []).filter(
        (k) => k === 'ADMINISTER' && state.may(user, 'ADMINISTER'),
      ),
      projectPermissions: (b.projectPermissions ?? []).flatMap((p) =>
        (p.permissions as PermissionKey[]).map((permission) => ({
          permission,
          projects: (p.projects ?? []).filter((id) =>
            projects.some((q) => q.id === id && state.may(user, permission, q.key)),
          ),
          issues: (p.issues ?? []).filter((id) => {
            const issue = state.get(String(id));
            return issue !== undefined && state.may(user, permission, issue.project);
          }),
        })),
      ),
    });
  };

  type EditBody = {
    fields?: Record<string, unknown>;
    update?: { labels?: ({ add: string } | { remove: string })[] };
  };
  const editIssue = (issue: LocalIssue, body: EditBody): HttpAnswer => {
    issue.updated = state.touch();
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
