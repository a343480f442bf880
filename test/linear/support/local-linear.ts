import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { addMocksToSchema } from '@graphql-tools/mock';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type * as GraphQLModule from 'graphql';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { CatalogLabel } from '../../../src/linear/api/label-catalog';
import { selectionComplexity } from '../../../src/linear/api/query-complexity';

/**
 * A local Linear: Linear's published schema (test/fixtures/specs/linear.graphql) served by
 * graphql-js over loopback HTTP, holding an in-memory workspace. Resolvers cover what
 * Keyrank reads and writes; @graphql-tools/mock fills every other field. It counts requests
 * as Linear's rate limiter would: one HTTP request, one request.
 */

// Linear's schema, trimmed to the root fields in keep.yml and what they reference.
const SCHEMA_PATH = new URL('../../fixtures/specs/linear.graphql', import.meta.url);
export const API_KEY = 'lin_api_test_key_0123456789';

export interface Team {
  id: string;
  key: string;
  name: string;
}
export interface State {
  id: string;
  name: string;
  type: string;
  teamId: string;
}
/** A workspace label, shaped as the adapter's catalogue holds it. */
export type Label = CatalogLabel;
export interface Issue {
  id: string;
  identifier: string;
  title: string;
  teamId: string;
  stateId: string;
  cycleId?: string;
  labelIds: string[];
  estimate: number | null;
  description: string | null;
  sortOrder: number;
  /** Moves on every change, as Linear's does; webhooks carry it in `data.updatedAt`. */
  updatedAt: string;
  trashed?: boolean;
}
/** A team's cycle; `when` stands for Linear's isActive / isNext / isFuture / isPast. */
export interface Cycle {
  id: string;
  teamId: string;
  number: number;
  name: string | null;
  when: 'past' | 'active' | 'next' | 'future';
}
/**
 * A person signed in with Linear, known by their OAuth access token (`Authorization: Bearer`):
 * `forbidden` refuses every write they send, as Linear does for a member without permission.
 */
export interface Person {
  name: string;
  writes: 'allowed' | 'forbidden';
}
export interface Attachment {
  id: string;
  issueId: string;
  url: string;
  title: string;
  subtitle: string | null;
  metadata: Record<string, unknown>;
}

export interface RecordedRequest {
  kind: 'read' | 'write';
  query: string;
  variables: Record<string, unknown>;
  /** Top-level fields (mutation names for writes). */
  fields: string[];
  /** Who sent it: `api-key`, or the person whose access token it carried. */
  as: string;
  status: number;
  /** Complexity points, as Linear counts them and sends in `x-complexity`. */
  complexity: number;
}

/** Linear's documented limits for an API key (https://linear.app/developers/rate-limiting). */
export const LIMITS = {
  requestsPerHour: 2_500,
  complexityPerHour: 3_000_000,
  complexityPerQuery: 10_000,
};

// graphql has no exports map: Node hands @graphql-tools its CommonJS build, Vite would hand this
// file the .mjs build, and graphql refuses a schema made by "another copy" of itself.
const { graphql, GraphQLError, Kind, OperationTypeNode, parse } = createRequire(import.meta.url)(
  'graphql',
) as typeof GraphQLModule;

let schemaCache: GraphQLSchema | undefined;

export class LocalLinear {
  teams: Team[] = [];
  states: State[] = [];
  labels: Label[] = [];
  issues: Issue[] = [];
  attachments: Attachment[] = [];
  cycles: Cycle[] = [];
  /** Access token → the person it belongs to (see `addPerson`). */
  people = new Map<string, Person>();
  requests: RecordedRequest[] = [];
  /** Issue ids changed by mutations, in order: what Linear would echo back as webhooks. */
  changed: string[] = [];
  url = '';
  private server: Server | undefined;
  private ratelimits: { count: number; resetInMs: number; budget: 'requests' | 'complexity' } = {
    count: 0,
    resetInMs: 0,
    budget: 'requests',
  };
  /**
   * Extra complexity points each mutation costs beyond its selection: Linear does not publish
   * a mutation's cost, so tests set it to see documents sized from `x-complexity`.
   */
  mutationCost = 0;
  /** The hourly budgets it reports; a bench raises them to measure past one hour's worth. */
  limits = { ...LIMITS };
  /** Both budgets, spent per request and reported in every answer's headers. */
  private budget = { windowStart: Date.now(), requests: 0, complexity: 0 };
  private failures: { count: number; status: number } = { count: 0, status: 500 };
  /** Issue id → how Linear refuses any mutation to it (see `refuseWritesTo`). */
  private refusals = new Map<string, Refusal>();
  private stalled: Promise<void> | undefined;
  private releaseStall: (() => void) | undefined;
  private heldWrites: Promise<void> | undefined;
  private lastTime = 0;
  private readonly schema: GraphQLSchema;
  private nextNumber = new Map<string, number>();

  constructor() {
    this.schema = localSchema();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://localhost:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async close(): Promise<void> {
    this.releaseStall?.();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  get reads(): number {
    return this.requests.filter((r) => r.kind === 'read' && r.status === 200).length;
  }
  get writes(): number {
    return this.requests.filter((r) => r.kind === 'write' && r.status === 200).length;
  }
  writeRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === 'write' && r.status === 200);
  }

  /** The next `count` requests are refused with RATELIMITED, resetting `resetInMs` later. */
  ratelimitNext(count: number, resetInMs: number): void {
    this.ratelimits = { count, resetInMs, budget: 'requests' };
  }
  /**
   * The next `count` requests are refused with RATELIMITED because the complexity budget ran
   * out, resetting `resetInMs` later; the requests budget still has room (its reset is an hour
   * away), so only the complexity reset says when to try again.
   */
  complexityExhaustedNext(count: number, resetInMs: number): void {
    this.ratelimits = { count, resetInMs, budget: 'complexity' };
  }
  failNext(count: number, status = 503): void {
    this.failures = { count, status };
  }
  /**
   * Refuses every mutation to one issue, as Linear does in three ways: `field` an error tied
   * to the mutation's alias (Linear stops there), `document` the whole request refused with
   * no path (as for an invalid variable), `unsuccessful` an answer of `success: false`.
   */
  refuseWritesTo(issue: Issue, how: Refusal): void {
    this.refusals.set(issue.id, how);
  }
  /** How mutations to this issue are refused, if they are. */
  refusalFor(issueId: unknown): Refusal | undefined {
    return typeof issueId === 'string' ? this.refusals.get(issueId) : undefined;
  }
  /** Holds every request until the returned function is called. */
  stall(): () => void {
    this.stalled = new Promise((resolve) => {
      this.releaseStall = () => {
        this.stalled = undefined;
        resolve();
      };
    });
    return () => this.releaseStall?.();
  }
  /**
   * Applies every write but holds its answer until the returned function is called: the
   * caller crashing meanwhile has written to Linear without knowing it did.
   */
  holdWriteAnswers(): () => void {
    let release: () => void = () => {};
    this.heldWrites = new Promise((resolve) => {
      release = () => {
        this.heldWrites = undefined;
        resolve();
      };
    });
    return release;
  }
  /** A strictly later ISO time than any given before: Linear's `updatedAt` after a change. */
  tick(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }
  /** A person changed the issue in Linear: apply `change` and move `updatedAt` on. */
  edit(issue: Issue, change: (issue: Issue) => void): Issue {
    change(issue);
    issue.updatedAt = this.tick();
    return issue;
  }

  // ── workspace building ──────────────────────────────────────────────────────────
  addTeam(key: string, name = `Team ${key}`): Team {
    const team = { id: randomUUID(), key, name };
    this.teams.push(team);
    for (const [stateName, type] of [
      ['Triage', 'triage'],
      ['Backlog', 'backlog'],
      ['Todo', 'unstarted'],
      ['In Progress', 'started'],
      ['Done', 'completed'],
      ['Canceled', 'canceled'],
    ] as const) {
      this.states.push({ id: randomUUID(), name: stateName, type, teamId: team.id });
    }
    return team;
  }
  addCycle(team: Team, number: number, when: Cycle['when'], name: string | null = null): Cycle {
    const cycle: Cycle = { id: randomUUID(), teamId: team.id, number, name, when };
    this.cycles.push(cycle);
    return cycle;
  }
  /** A person whose OAuth access token Linear accepts from now on. */
  addPerson(token: string, person: Person): void {
    this.people.set(token, person);
  }
  addLabel(fields: Partial<Label> & { name: string }): Label {
    const label: Label = {
      id: randomUUID(),
      description: null,
      isGroup: false,
      groupType: null,
      parentId: null,
      teamId: null,
      ...fields,
    };
    this.labels.push(label);
    return label;
  }
  /** A label by "Group/Name" or "name". */
  label(path: string): Label {
    const [first, second] = path.split('/');
    const found =
      second === undefined
        ? this.labels.find((l) => !l.isGroup && l.name === first)
        : this.labels.find(
            (l) =>
              l.name === second && this.labels.find((g) => g.id === l.parentId)?.name === first,
          );
    if (!found) {
      throw new Error(`no label ${path}`);
    }
    return found;
  }
  state(team: Team, type: string): State {
    const state = this.states.find((s) => s.teamId === team.id && s.type === type);
    if (!state) {
      throw new Error(`no state ${type}`);
    }
    return state;
  }
  addIssue(
    team: Team,
    fields: Partial<Omit<Issue, 'labelIds' | 'stateId'>> & {
      labels?: string[];
      stateType?: string;
    } = {},
  ): Issue {
    const number = (this.nextNumber.get(team.key) ?? 0) + 1;
    this.nextNumber.set(team.key, number);
    const { labels = [], stateType = 'backlog', ...rest } = fields;
    const issue: Issue = {
      id: randomUUID(),
      identifier: `${team.key}-${number}`,
      title: `Issue ${number}`,
      teamId: team.id,
      stateId: this.state(team, stateType).id,
      labelIds: labels.map((l) => this.label(l).id),
      estimate: null,
      description: null,
      sortOrder: number * 100,
      updatedAt: this.tick(),
      ...rest,
    };
    this.issues.push(issue);
    return issue;
  }
  issue(identifier: string): Issue {
    const issue = this.issues.find((i) => i.identifier === identifier);
    if (!issue) {
      throw new Error(`no issue ${identifier}`);
    }
    return issue;
  }
  labelNames(issue: Issue): string[] {
    return issue.labelIds.map((id) => this.labels.find((l) => l.id === id)?.name ?? id);
  }
  attachmentOf(issue: Issue): Attachment | undefined {
    return this.attachments.find((a) => a.issueId === issue.id);
  }
  attachmentsOf(issue: Issue): Attachment[] {
    return this.attachments.filter((a) => a.issueId === issue.id);
  }
  /** An attachment already on the issue (an older version's, or a person's). */
  addAttachment(issue: Issue, url: string, title = 'A link'): Attachment {
    const attachment = {
      id: randomUUID(),
      issueId: issue.id,
      url,
      title,
      subtitle: null,
      metadata: {},
    };
    this.attachments.push(attachment);
    return attachment;
  }
  /** The team's open backlog identifiers in manual order. */
  order(team: Team): string[] {
    const open = new Set(
      this.states
        .filter((s) => s.teamId === team.id && !['completed', 'canceled'].includes(s.type))
        .map((s) => s.id),
    );
    return this.issues
      .filter((i) => i.teamId === team.id && open.has(i.stateId))
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((i) => i.identifier);
  }

  /** The Issue webhook Linear would send for this issue now. */
  webhook(
    issue: Issue,
    action: 'create' | 'update' | 'remove' = 'update',
    updatedFrom?: Record<string, unknown>,
  ) {
    const team = this.teams.find((t) => t.id === issue.teamId) as Team;
    const state = this.states.find((s) => s.id === issue.stateId) as State;
    const now = new Date().toISOString();
    return {
      action,
      type: 'Issue',
      createdAt: now,
      organizationId: 'org-1',
      url: `https://linear.app/acme/issue/${issue.identifier}`,
      webhookId: 'webhook-1',
      webhookTimestamp: Date.now(),
      ...(updatedFrom && { updatedFrom }),
      data: {
        id: issue.id,
        identifier: issue.identifier,
        number: Number(issue.identifier.split('-')[1]),
        title: issue.title,
        description: issue.description,
        estimate: issue.estimate,
        sortOrder: issue.sortOrder,
        prioritySortOrder: 0,
        priority: 0,
        priorityLabel: 'No priority',
        createdAt: now,
        updatedAt: issue.updatedAt,
        url: `https://linear.app/acme/issue/${issue.identifier}`,
        teamId: team.id,
        team: { id: team.id, key: team.key, name: team.name },
        stateId: state.id,
        state: { id: state.id, name: state.name, type: state.type, color: '#bec2c8' },
        labelIds: issue.labelIds,
        labels: issue.labelIds.map((id) => {
          const label = this.labels.find((l) => l.id === id) as Label;
          return { id, name: label.name, color: '#5e6ad2', parentId: label.parentId };
        }),
        subscriberIds: [],
        previousIdentifiers: [],
        reactionData: {},
        releases: [],
      },
    };
  }

  /**
   * The headers Linear sends with every answer: the request's complexity and both budgets
   * (limit, remaining, reset in epoch ms). A fixed hour-long window stands in for Linear's
   * leaky bucket, which is all a client can see of it anyway.
   */
  private rateLimitHeaders(record: RecordedRequest): Record<string, string> {
    const now = Date.now();
    if (now - this.budget.windowStart >= 3_600_000) {
      this.budget = { windowStart: now, requests: 0, complexity: 0 };
    }
    this.budget.requests += 1;
    this.budget.complexity += record.complexity;
    const reset = String(this.budget.windowStart + 3_600_000);
    return {
      'X-Complexity': String(record.complexity),
      'X-RateLimit-Requests-Limit': String(this.limits.requestsPerHour),
      'X-RateLimit-Requests-Remaining': String(
        Math.max(0, this.limits.requestsPerHour - this.budget.requests),
      ),
      'X-RateLimit-Requests-Reset': reset,
      'X-RateLimit-Complexity-Limit': String(this.limits.complexityPerHour),
      'X-RateLimit-Complexity-Remaining': String(
        Math.max(0, this.limits.complexityPerHour - this.budget.complexity),
      ),
      'X-RateLimit-Complexity-Reset': reset,
    };
  }

  /** A write naming a `document`-refused issue anywhere in its variables (ids, input.issueId). */
  private refusesDocument(variables: Record<string, unknown>): boolean {
    return Object.values(variables).some((value) => {
      const id =
        typeof value === 'string' ? value : (value as { issueId?: unknown } | null)?.issueId;
      return this.refusalFor(id) === 'document';
    });
  }

  /** The API key (raw, as Linear takes it) or a known person's `Bearer` token; else undefined. */
  private caller(authorization: string | undefined): Person | undefined {
    if (authorization === API_KEY) {
      return { name: 'api-key', writes: 'allowed' };
    }
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    return token === undefined ? undefined : this.people.get(token);
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const document = parse(body.query);
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const record: RecordedRequest = {
      kind: operation?.operation === OperationTypeNode.MUTATION ? 'write' : 'read',
      query: body.query,
      variables: body.variables ?? {},
      fields:
        operation?.selectionSet.selections.flatMap((s) =>
          s.kind === Kind.FIELD ? [s.name.value] : [],
        ) ?? [],
      as: this.caller(req.headers.authorization)?.name ?? 'unknown',
      status: 200,
      complexity: operation ? selectionComplexity(operation.selectionSet, body.variables ?? {}) : 0,
    };
    if (record.kind === 'write') {
      record.complexity += this.mutationCost * record.fields.length;
    }
    this.requests.push(record);
    if (this.stalled) {
      await this.stalled;
    }
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      if (!res.destroyed) {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          ...this.rateLimitHeaders(record),
          ...headers,
        });
        res.end(JSON.stringify(payload));
      }
    };
    const caller = this.caller(req.headers.authorization);
    if (caller === undefined) {
      return send(400, {
        errors: [
          {
            message: 'Authentication required',
            extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' },
          },
        ],
      });
    }
    if (this.ratelimits.count > 0) {
      this.ratelimits.count--;
      const reset = String(Date.now() + this.ratelimits.resetInMs);
      const hourAway = String(Date.now() + 3_600_000);
      const exhausted: Record<string, string> =
        this.ratelimits.budget === 'complexity'
          ? {
              'X-RateLimit-Requests-Remaining': '2000',
              'X-RateLimit-Requests-Reset': hourAway,
              'X-RateLimit-Complexity-Remaining': '0',
              'X-RateLimit-Complexity-Reset': reset,
            }
          : {
              'X-RateLimit-Requests-Remaining': '0',
              'X-RateLimit-Requests-Reset': reset,
            };
      // Linear's answer: HTTP 400, extensions.code RATELIMITED, reset time in epoch ms.
      return send(
        400,
        {
          errors: [
            {
              message: 'Rate limit exceeded',
              extensions: {
                code: 'RATELIMITED',
                type: 'ratelimited',
                userPresentableMessage: 'Rate limit exceeded',
              },
            },
          ],
        },
        exhausted,
      );
    }
    // Linear refuses a document over the per-query limit as a whole, read or write, before
    // running any of it.
    if (record.complexity > LIMITS.complexityPerQuery) {
      return send(400, {
        errors: [
          {
            message: `Query too complex: complexity ${record.complexity} is over ${LIMITS.complexityPerQuery}`,
            extensions: { type: 'invalid input', code: 'QUERY_TOO_COMPLEX', userError: true },
          },
        ],
      });
    }
    if (this.failures.count > 0) {
      this.failures.count--;
      return send(this.failures.status, { errors: [{ message: 'Service unavailable' }] });
    }
    if (record.kind === 'write' && caller.writes === 'forbidden') {
      // Linear's answer to a member without permission: the whole document refused.
      return send(400, {
        errors: [
          {
            message: 'Forbidden',
            extensions: {
              type: 'forbidden',
              code: 'FORBIDDEN',
              userError: true,
              userPresentableMessage: 'You do not have permission to update issues in this team.',
            },
          },
        ],
      });
    }
    if (record.kind === 'write' && this.refusesDocument(record.variables)) {
      return send(400, {
        errors: [
          {
            message: 'Argument Validation Error',
            extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true },
          },
        ],
      });
    }
    const result = await graphql({
      schema: this.schema,
      source: body.query,
      variableValues: body.variables ?? {},
      contextValue: this,
    });
    if (record.kind === 'write' && this.heldWrites) {
      await this.heldWrites;
    }
    send(result.errors ? 400 : 200, result);
  }
}

export type Refusal = 'field' | 'document' | 'unsuccessful';

const cycleNode = (c: Cycle) => ({
  id: c.id,
  number: c.number,
  name: c.name,
  isActive: c.when === 'active',
  isNext: c.when === 'next',
  isFuture: c.when === 'next' || c.when === 'future',
  isPast: c.when === 'past',
});

type CycleFilter = Partial<
  Record<'isActive' | 'isNext' | 'isFuture' | 'isPast', { eq?: boolean }>
> & {
  or?: CycleFilter[];
};

/** The part of Linear's CycleFilter Keyrank uses: boolean flags, and `or` of them. */
function cycleMatches(cycle: Cycle, filter: unknown): boolean {
  const f = (filter ?? {}) as CycleFilter;
  const node = cycleNode(cycle);
  const flags = (['isActive', 'isNext', 'isFuture', 'isPast'] as const).every(
    (flag) => f[flag]?.eq === undefined || node[flag] === f[flag].eq,
  );
  return flags && (f.or === undefined || f.or.some((part) => cycleMatches(cycle, part)));
}

// ── schema and resolvers ───────────────────────────────────────────────────────────
type Args = Record<string, unknown>;
interface Page<T> {
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    endCursor: string | null;
    hasPreviousPage: boolean;
    startCursor: string | null;
  };
}

function page<T extends { id: string }>(items: T[], args: Args): Page<T> {
  const first = typeof args.first === 'number' ? args.first : 50;
  const after =
    typeof args.after === 'string' ? items.findIndex((i) => i.id === args.after) + 1 : 0;
  const nodes = items.slice(after, after + first);
  return {
    nodes,
    pageInfo: {
      hasNextPage: after + first < items.length,
      endCursor: nodes.at(-1)?.id ?? null,
      hasPreviousPage: after > 0,
      startCursor: nodes[0]?.id ?? null,
    },
  };
}

function notFound(what: string): GraphQLModule.GraphQLError {
  return new GraphQLError(`Entity not found: ${what}`, {
    extensions: {
      type: 'invalid input',
      code: 'INPUT_ERROR',
      userError: true,
      userPresentableMessage: `Could not find referenced ${what}.`,
    },
  });
}

function stringMatches(value: string, comparator: Record<string, unknown> | undefined): boolean {
  if (!comparator) {
    return true;
  }
  if (typeof comparator.eq === 'string' && value !== comparator.eq) {
    return false;
  }
  if (
    typeof comparator.eqIgnoreCase === 'string' &&
    value.toLowerCase() !== comparator.eqIgnoreCase.toLowerCase()
  ) {
    return false;
  }
  if (typeof comparator.startsWith === 'string' && !value.startsWith(comparator.startsWith)) {
    return false;
  }
  if (typeof comparator.neq === 'string' && value === comparator.neq) {
    return false;
  }
  if (Array.isArray(comparator.nin) && comparator.nin.includes(value)) {
    return false;
  }
  if (Array.isArray(comparator.in) && !comparator.in.includes(value)) {
    return false;
  }
  return true;
}

type Comparator = Record<string, unknown>;
/** The part of Linear's IssueFilter Keyrank's key-result queries use. */
interface IssueFilter {
  team?: { key?: Comparator };
  state?: { type?: Comparator };
  labels?: { some?: { name?: Comparator; parent?: { name?: Comparator } } };
  and?: IssueFilter[];
}

/** Linear's filter semantics for that part: every given condition holds (trashed = archived). */
function matches(ws: LocalLinear, issue: Issue, filter: IssueFilter): boolean {
  const team = ws.teams.find((t) => t.id === issue.teamId);
  const state = ws.states.find((s) => s.id === issue.stateId);
  const some = filter.labels?.some;
  const labels = issue.labelIds.map((id) => ws.labels.find((l) => l.id === id) as Label);
  return (
    (filter.team?.key === undefined || stringMatches(team?.key ?? '', filter.team.key)) &&
    stringMatches(state?.type ?? '', filter.state?.type) &&
    (some === undefined ||
      labels.some(
        (l) =>
          stringMatches(l.name, some.name) &&
          (some.parent === undefined ||
            stringMatches(
              ws.labels.find((p) => p.id === l.parentId)?.name ?? '',
              some.parent.name,
            )),
      )) &&
    (filter.and ?? []).every((part) => matches(ws, issue, part))
  );
}

function helpers(ws: LocalLinear) {
  interface LabelNode extends Label {
    parent: LabelNode | null;
    team: Team | null | undefined;
  }
  const labelNode = (l: Label): LabelNode => ({
    ...l,
    parent: l.parentId ? labelNode(ws.labels.find((p) => p.id === l.parentId) as Label) : null,
    team: l.teamId ? ws.teams.find((t) => t.id === l.teamId) : null,
  });
  const issueNode = (i: Issue) => ({
    id: i.id,
    identifier: i.identifier,
    title: i.title,
    sortOrder: i.sortOrder,
    estimate: i.estimate,
    description: i.description,
    updatedAt: i.updatedAt,
    trashed: i.trashed ?? null,
    state: ws.states.find((s) => s.id === i.stateId),
    team: ws.teams.find((t) => t.id === i.teamId),
    cycle: ws.cycles.find((c) => c.id === i.cycleId) ?? null,
    labelIds: i.labelIds,
    labels: (args: Args) =>
      page(
        i.labelIds.map((id) => labelNode(ws.labels.find((l) => l.id === id) as Label)),
        args,
      ),
    attachments: (args: Args) => {
      const filter = (args.filter ?? {}) as { url?: Record<string, unknown> };
      return page(
        ws.attachments.filter((a) => a.issueId === i.id && stringMatches(a.url, filter.url)),
        args,
      );
    },
  });
  const findIssue = (id: unknown): Issue => {
    const issue = ws.issues.find((i) => i.id === id || i.identifier === id);
    if (!issue) {
      throw notFound('Issue');
    }
    return issue;
  };
  const findLabel = (id: unknown): Label => {
    const label = ws.labels.find((l) => l.id === id);
    if (!label) {
      throw notFound('IssueLabel');
    }
    return label;
  };
  const touched = (issue: Issue) => {
    issue.updatedAt = ws.tick();
    ws.changed.push(issue.id);
  };
  /** Null when the mutation may go on; else the answer Linear gives for a refused issue. */
  const refused = (issue: Issue): { success: false; lastSyncId: number } | null => {
    const how = ws.refusalFor(issue.id);
    if (how === 'field') {
      throw new GraphQLError('Issue is locked by an integration', {
        extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true },
      });
    }
    return how === 'unsuccessful' ? { success: false, lastSyncId: 1 } : null;
  };

  return { labelNode, issueNode, findIssue, findLabel, touched, refused };
}

/** Built once per process: parsing Linear's schema takes about a second. */
function localSchema(): GraphQLSchema {
  if (schemaCache) {
    return schemaCache;
  }
  const resolvers = {
    Query: {
      issue: (_: unknown, args: Args, ws: LocalLinear) =>
        helpers(ws).issueNode(helpers(ws).findIssue(args.id)),
      issueLabels: (_: unknown, args: Args, ws: LocalLinear) => {
        // The part of IssueLabelFilter Keyrank uses: the name, and the group's name.
        const filter = (args.filter ?? {}) as { name?: Comparator; parent?: { name?: Comparator } };
        const groupName = (l: Label) => ws.labels.find((g) => g.id === l.parentId)?.name;
        return page(
          ws.labels
            .filter(
              (l) =>
                stringMatches(l.name, filter.name) &&
                (filter.parent === undefined ||
                  (groupName(l) !== undefined &&
                    stringMatches(groupName(l) as string, filter.parent.name))),
            )
            .map(helpers(ws).labelNode),
          args,
        );
      },
      issues: (_: unknown, args: Args, ws: LocalLinear) => {
        const { issueNode } = helpers(ws);
        const filter = (args.filter ?? {}) as IssueFilter;
        const result = page(
          ws.issues.filter(
            (i) => (args.includeArchived === true || i.trashed !== true) && matches(ws, i, filter),
          ),
          args,
        );
        return { ...result, nodes: result.nodes.map(issueNode) };
      },
      teams: (_: unknown, args: Args, ws: LocalLinear) => {
        const filter = (args.filter ?? {}) as { key?: Record<string, unknown> };
        return page(
          ws.teams.filter((t) => stringMatches(t.key, filter.key)),
          args,
        );
      },
      team: (_: unknown, args: Args, ws: LocalLinear) => {
        const { issueNode } = helpers(ws);
        const team = ws.teams.find((t) => t.id === args.id || t.key === args.id);
        if (!team) {
          throw notFound('Team');
        }
        return {
          ...team,
          cycles: (cycleArgs: Args) => {
            const result = page(
              ws.cycles.filter((c) => c.teamId === team.id && cycleMatches(c, cycleArgs.filter)),
              cycleArgs,
            );
            return { ...result, nodes: result.nodes.map(cycleNode) };
          },
          issues: (issueArgs: Args) => {
            const filter = (issueArgs.filter ?? {}) as {
              state?: { type?: Record<string, unknown> };
            };
            const issues = ws.issues
              .filter((i) => i.teamId === team.id)
              .filter((i) =>
                stringMatches(
                  ws.states.find((s) => s.id === i.stateId)?.type ?? '',
                  filter.state?.type,
                ),
              );
            const result = page(issues, issueArgs);
            return { ...result, nodes: result.nodes.map(issueNode) };
          },
        };
      },
    },
    Mutation: {
      issueAddLabel: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findIssue, findLabel, touched, refused } = helpers(ws);
        const issue = findIssue(args.id);
        const label = findLabel(args.labelId);
        const refusal = refused(issue);
        if (refusal) {
          return refusal;
        }
        if (!issue.labelIds.includes(label.id)) {
          issue.labelIds.push(label.id);
          touched(issue);
        }
        return { success: true, lastSyncId: 1 };
      },
      issueRemoveLabel: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findIssue, findLabel, touched, refused } = helpers(ws);
        const issue = findIssue(args.id);
        findLabel(args.labelId);
        const refusal = refused(issue);
        if (refusal) {
          return refusal;
        }
        issue.labelIds = issue.labelIds.filter((id) => id !== args.labelId);
        touched(issue);
        return { success: true, lastSyncId: 1 };
      },
      issueUpdate: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findIssue, touched, refused } = helpers(ws);
        const issue = findIssue(args.id);
        const refusal = refused(issue);
        if (refusal) {
          return refusal;
        }
        const input = args.input as { sortOrder?: number };
        if (typeof input.sortOrder === 'number') {
          issue.sortOrder = input.sortOrder;
        }
        touched(issue);
        return { success: true, lastSyncId: 1 };
      },
      attachmentCreate: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findIssue, refused } = helpers(ws);
        const input = args.input as Omit<Attachment, 'id'>;
        const issue = findIssue(input.issueId);
        const refusal = refused(issue);
        if (refusal) {
          return refusal;
        }
        const existing = ws.attachments.find((a) => a.issueId === issue.id && a.url === input.url);
        if (existing) {
          Object.assign(existing, {
            title: input.title,
            subtitle: input.subtitle ?? null,
            metadata: input.metadata ?? {},
          });
        } else {
          ws.attachments.push({
            id: randomUUID(),
            issueId: issue.id,
            url: input.url,
            title: input.title,
            subtitle: input.subtitle ?? null,
            metadata: input.metadata ?? {},
          });
        }
        return { success: true, lastSyncId: 1 };
      },
      attachmentDelete: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findIssue, refused } = helpers(ws);
        const attachment = ws.attachments.find((a) => a.id === args.id);
        if (!attachment) {
          throw notFound('Attachment');
        }
        const refusal = refused(findIssue(attachment.issueId));
        if (refusal) {
          return { ...refusal, entityId: attachment.id };
        }
        ws.attachments = ws.attachments.filter((a) => a !== attachment);
        return { success: true, lastSyncId: 1, entityId: attachment.id };
      },
      issueLabelCreate: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findLabel } = helpers(ws);
        const input = args.input as Partial<Label> & { name: string; id?: string };
        if (input.parentId) {
          findLabel(input.parentId);
        }
        ws.addLabel({
          ...(input.id && { id: input.id }),
          name: input.name,
          description: input.description ?? null,
          isGroup: input.isGroup ?? false,
          groupType: input.groupType ?? null,
          parentId: input.parentId ?? null,
          teamId: input.teamId ?? null,
        });
        return { success: true, lastSyncId: 1 };
      },
      issueLabelUpdate: (_: unknown, args: Args, ws: LocalLinear) => {
        const { findLabel } = helpers(ws);
        const label = findLabel(args.id);
        Object.assign(label, args.input);
        return { success: true, lastSyncId: 1 };
      },
    },
  };
  schemaCache = addMocksToSchema({
    schema: makeExecutableSchema({ typeDefs: readFileSync(SCHEMA_PATH, 'utf8'), resolvers }),
    preserveResolvers: true,
    mocks: {
      DateTime: () => new Date().toISOString(),
      JSONObject: () => ({}),
      JSON: () => ({}),
    },
  });
  return schemaCache;
}
